// Helpers shared by the e2e step modules: settings, going to a line, waiting for a report,
// quick picks, toasts and the colour theme.
/* global document -- callbacks passed to waitForFunction run in the page */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pollUntil } from '../../scripts/e2e/util.mjs';
import { SQL_FILE, SQL_TEXT } from './workspace.mjs';

export const REPORT_TIMEOUT = 30_000;

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** The user settings file of the run, as VS Code wrote it (the saved connections live there). */
export function readUserSettings(userDataDir) {
  return JSON.parse(readFileSync(path.join(userDataDir, 'User', 'settings.json'), 'utf8'));
}

/**
 * Changes user settings as a person would: Preferences: Open User Settings (JSON), the new
 * text, save. (A file written behind the workbench's back is not picked up while it runs.)
 * `undefined` removes a key.
 */
export async function updateUserSettings(wb, userDataDir, patch) {
  const settings = readUserSettings(userDataDir);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete settings[k];
    else settings[k] = v;
  }
  // One line, into an emptied editor: no auto-indent, no brackets closed or wrapped around a selection.
  const text = JSON.stringify(settings);
  await wb.runCommand('Preferences: Open User Settings (JSON)');
  const tab = wb.page.locator('.tab.active').filter({ hasText: 'settings.json' }).first();
  await tab.waitFor();
  // Focus by command, not a click: the first .view-line can lie under the breadcrumbs or a hover.
  await wb.page.mouse.move(1, 1);
  await wb.runCommand('View: Focus Active Editor Group');
  await wb.page.keyboard.press('Control+A');
  await wb.page.keyboard.press('Delete');
  await wb.page.keyboard.insertText(text);
  await wb.page.keyboard.press('Control+S');
  await pollUntil(
    () => {
      try {
        return JSON.stringify(readUserSettings(userDataDir)) === text;
      } catch {
        return false;
      }
    },
    { timeoutMs: 10_000, what: 'settings.json to be saved' },
  );
  await wb.closeTab('settings.json');
}

/** Shows the line of queries.sql matching `re` (Go to Line) and puts the cursor in it. */
export async function gotoQueryLine(wb, re) {
  await wb.quickOpen(SQL_FILE);
  if (!(await wb.editorLine(re).count())) {
    const n = SQL_TEXT.split('\n').findIndex((l) => re.test(l)) + 1;
    check(n > 0, `no line of ${SQL_FILE} matches ${re}`);
    await wb.openPalette();
    await wb.quickInputBox().fill(`:${n}`);
    await wb.page.keyboard.press('Enter');
    await wb.waitQuickInputClosed();
  }
  await wb.clickLine(re);
}

/** Waits for a finished report (or error) of the statement in the report panel. */
export async function waitForOutcome(wb, statementRe, timeout = REPORT_TIMEOUT) {
  const view = wb.webview();
  const done = view.locator('body[data-state=report], body[data-state=error]');
  await done.locator('#statement:not([data-e2e-seen])').filter({ hasText: statementRe }).waitFor({ timeout });
  return { view, state: await done.getAttribute('data-state') };
}

/** Like waitForOutcome, but an error state fails: resolves with the report's frame. */
export async function waitForReport(wb, statementRe, timeout = REPORT_TIMEOUT) {
  const { view, state } = await waitForOutcome(wb, statementRe, timeout);
  if (state === 'error') throw new Error(`the report shows an error: ${await view.locator('#error').innerText()}`);
  return view;
}

/** Waits until no "Explain & Profile" progress toast is left (finished ones linger a moment). */
export async function noProgressToasts(wb, timeout = 10_000) {
  await wb.page.waitForFunction(
    () => ![...document.querySelectorAll('.notifications-toasts .notification-toast')].some((t) => t.textContent.includes('Explain & Profile')),
    null,
    { timeout },
  );
}

/** Marks the report on show, so that the next wait sees a new render. */
export async function markReport(wb) {
  await wb
    .webview()
    .locator('#statement')
    .evaluate((el) => el.setAttribute('data-e2e-seen', ''))
    .catch(() => undefined);
}

/** Explain & Profile (Ctrl+Alt+E) on a line of queries.sql; resolves with the report's frame. */
export async function analyseLine(wb, lineRe, statementRe) {
  await gotoQueryLine(wb, lineRe);
  await markReport(wb);
  await wb.page.keyboard.press('Control+Alt+E');
  return waitForReport(wb, statementRe);
}

/** Picks `label` in the quick pick a command opened (after it filtered on `filter`, when given). */
export async function pick(wb, label, filter = label) {
  await wb.quickInput().waitFor({ state: 'visible' });
  await wb.pickInQuickInput(filter, label);
}

/** The texts of the rows the quick pick titled `title` shows. */
export async function quickPickRows(wb, title) {
  await wb.quickInput().locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible' });
  const rows = wb.page.locator('.quick-input-list .monaco-list-row:visible');
  await rows.first().waitFor({ state: 'visible' });
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Waits for a notification toast with this text and closes it; resolves with its text. */
export async function toast(wb, text, timeout = 15_000) {
  const t = wb.notificationToast(text).first();
  await t.waitFor({ timeout });
  const said = (await t.innerText()).replace(/\s+/g, ' ').trim();
  await t.hover();
  await t
    .locator('.codicon-notifications-clear')
    .click()
    .catch(() => undefined);
  return said;
}

/**
 * Preferences: Color Theme, as a person picks one ("Default Dark Modern" / "Default Light
 * Modern": the picker's rows drop "Default "); resolves once the workbench wears it.
 */
export async function pickColorTheme(wb, theme) {
  await wb.runCommand('Preferences: Color Theme');
  await wb.pickInQuickInput(theme, theme.replace(/^Default /, ''));
  await wb.waitQuickInputClosed();
  await wb.page.locator(`.monaco-workbench.${/Light/.test(theme) ? 'vs' : 'vs-dark'}`).waitFor();
}

/** The theme the workbench wears now, as pickColorTheme names it. */
export async function currentColorTheme(wb) {
  return (await wb.page.locator('.monaco-workbench.vs-dark').count()) ? 'Default Dark Modern' : 'Default Light Modern';
}
