// The end-to-end scenario, step by step, as a person would do it in the editor. The runner
// (scripts/e2e/run.mjs) starts code-server with the packaged extension and the fixture
// workspace, opens the workbench in chromium and calls these steps in order; each step is
// timed and gets a screenshot. A failed step ends the run (later steps depend on it).
/* global document -- callbacks passed to waitForFunction run in the page */

export const SQL_FILE = 'queries.sql';
const REPORT_TIMEOUT = 30_000;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** Waits until the webview shows a finished state (report or error) for the statement. */
async function waitForOutcome(wb, statementRe) {
  const view = wb.webview();
  const done = view.locator('body[data-state=report], body[data-state=error]');
  await done.locator('#statement').filter({ hasText: statementRe }).waitFor({ timeout: REPORT_TIMEOUT });
  const state = await done.getAttribute('data-state');
  if (state === 'error') throw new Error(`the report shows an error: ${await view.locator('#error').innerText()}`);
  return view;
}

/** Progress toasts of finished analyses linger a moment (they would cover the report). */
async function noProgressToasts(wb) {
  const t0 = Date.now();
  await wb.page.waitForFunction(() => ![...document.querySelectorAll('.notifications-toasts .notification-toast')]
    .some((t) => t.textContent.includes('Explain & Profile')), null, { timeout: 10_000 });
  return Date.now() - t0;
}

/**
 * The plan's rows as cell texts. Two layouts exist: a flat table (`tr.plan-row`) and the plan
 * viewer with tabs, whose Table tab holds `table.grid` (one `tr[data-id]` per node); the tab
 * is clicked, as a person would, so the screenshot shows the table.
 */
async function planRows(view) {
  // vscode-tabs renumbers its headers' ids, so the tab is found by its role and name.
  const tableTab = view.locator('#plan').getByRole('tab', { name: 'Table', exact: true });
  if (await tableTab.count()) {
    await tableTab.click();
    await view.locator('#plan table.grid').waitFor({ state: 'visible' });
  }
  return view.locator('#plan tr.plan-row, #plan table.grid tbody tr[data-id]')
    .evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
}

async function planHtml(view) {
  const html = await view.locator('#plan').evaluate((el) => el.outerHTML).catch(() => '(no #plan element)');
  return html.replace(/\s+/g, ' ').slice(0, 600);
}

/** @type {Array<{ name: string, shot?: string, todo?: string, when?: (ctx) => boolean, run?: (ctx) => Promise<string | void> }>} */
export const steps = [
  {
    name: 'workbench loads with the fixture folder',
    shot: 'workbench',
    run: async ({ wb }) => {
      await wb.waitReady();
    },
  },
  {
    name: `Quick Open ${SQL_FILE}; the extension activates (status bar item)`,
    shot: 'sql-open',
    run: async ({ wb }) => {
      await wb.quickOpen(SQL_FILE);
      await wb.statusBarItem('No MySQL connection').waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'Add Connection from a mysql:// URL; the status bar shows it',
    shot: 'connection-added',
    run: async ({ wb, sandboxUrl }) => {
      await wb.runCommand('MySQL Query Tuner: Add Connection');
      const url = new URL(sandboxUrl);
      url.searchParams.set('ssl-mode', 'disabled');
      await wb.answerInputBox('Add Connection (1/6)', url.toString());
      const name = await wb.answerInputBox('Connection name');
      check(name === `${url.username}@${url.hostname}:${url.port}/sakila`, `unexpected default connection name "${name}"`);
      await wb.waitQuickInputClosed();
      const item = wb.statusBarItem(name);
      await item.waitFor();
      check(await item.locator('.codicon-database').count() === 1, 'the status bar item has no $(database) icon');
      return `connection "${name}"`;
    },
  },
  {
    name: 'right-click the full scan → Explain & Profile Query: plan, counters, profile',
    shot: 'report-full-scan',
    run: async ({ wb }) => {
      await wb.clickLine(/COUNT\(\*\)\s+FROM\s+payment/);
      await wb.clickLine(/COUNT\(\*\)\s+FROM\s+payment/, 'right');
      const clicks = await wb.clickMenuItem('Explain & Profile Query');
      const tReport = Date.now();
      const view = await waitForOutcome(wb, /FROM payment WHERE amount/);
      const rows = await planRows(view);
      check(rows.length > 0, `no plan rows; the plan section: ${await planHtml(view)}`);
      check(rows.some((r) => r.includes('payment') && r.includes('ALL')), `no plan row shows payment with type ALL: ${JSON.stringify(rows)}`);
      const counter = view.locator('#counters tr.counter-row').filter({ hasText: 'Handler_read_rnd_next' });
      check(await counter.count() === 1, 'no Handler_read_rnd_next counter row');
      const value = Number((await counter.locator('td').nth(2).innerText()).replace(/[^\d.-]/g, ''));
      check(value >= 100_000, `Handler_read_rnd_next is ${value}, expected ≥ 100,000`);
      const stages = await view.locator('#profile tr.stage-row').count();
      check(stages > 0, 'no SHOW PROFILE stage rows');
      const execution = await view.locator('#execution').innerText();
      check(/^Executed/.test(execution), `#execution says "${execution}"`);
      return `menu clicks: ${clicks}, report in ${Date.now() - tReport} ms; ${rows.length} plan rows, Handler_read_rnd_next=${value}, ${stages} stages, "${execution}"`;
    },
  },
  {
    name: 'report screenshots in the light and dark themes (for the README)',
    when: (ctx) => ctx.themeShots,
    run: async ({ wb, screenshot }) => {
      await noProgressToasts(wb);
      // Preferences: Color Theme writes workbench.colorTheme to the user settings, as a person would.
      // The picker's rows are labelled "Light Modern" / "Dark Modern", their setting values "Default …".
      for (const [theme, file, kind] of [['Default Light Modern', 'report-light', 'light'], ['Default Dark Modern', 'report-dark', 'dark']]) {
        await wb.runCommand('Preferences: Color Theme');
        await wb.pickInQuickInput(theme, theme.replace(/^Default /, ''));
        await wb.waitQuickInputClosed();
        await wb.page.locator(`.monaco-workbench.${kind === 'light' ? 'vs' : 'vs-dark'}`).waitFor();
        await wb.webview().locator(`body.vscode-${kind}[data-state=report]`).waitFor();
        await screenshot(file);
      }
    },
  },
  {
    name: 'an UPDATE (Ctrl+Alt+E) is explained but not executed',
    shot: 'report-update',
    run: async ({ wb }) => {
      await wb.clickLine(/^UPDATE\s+rental/);
      await wb.page.keyboard.press('Control+Alt+E');
      const view = await waitForOutcome(wb, /^UPDATE rental/);
      const execution = await view.locator('#execution').innerText();
      check(/^Not executed/.test(execution), `#execution says "${execution}"`);
      const rows = await planRows(view);
      check(rows.length > 0, 'an UPDATE shows no plan');
      return `"${execution}", ${rows.length} plan rows`;
    },
  },
  {
    name: 'SELECT SLEEP(20) from the palette, Cancel in the notification: the report says cancelled',
    shot: 'report-cancelled',
    run: async ({ wb, screenshot }) => {
      const lingered = await noProgressToasts(wb);
      const toasts = wb.notificationToast('Explain & Profile');
      await wb.clickLine(/^SELECT\s+SLEEP\(20\)/);
      await wb.runCommand('MySQL Query Tuner: Explain & Profile Query');
      const view = wb.webview();
      // Cancel while the statement runs, so the cancellation has to reach the server.
      await view.locator('body[data-state=progress] #progress').filter({ hasText: 'Running' }).waitFor({ timeout: 15_000 });
      const toast = toasts.filter({ hasText: 'Running' });
      const cancel = toast.getByRole('button', { name: 'Cancel' });
      await cancel.waitFor({ state: 'visible' });
      await screenshot('report-cancel-pending');
      const t0 = Date.now();
      await cancel.click();
      const done = view.locator('body[data-state=report], body[data-state=error]');
      await done.locator('#statement').filter({ hasText: /SLEEP\(20\)/ }).waitFor({ timeout: 5000 });
      const ms = Date.now() - t0;
      const state = await done.getAttribute('data-state');
      const text = await view.locator(state === 'report' ? '#execution' : '#error').innerText();
      check(/cancel/i.test(text), `after Cancel the report says "${text}"`);
      await toast.waitFor({ state: 'hidden', timeout: 5000 });
      return `earlier progress toasts gone after ${lingered} ms; cancelled in ${ms} ms: "${text}"`;
    },
  },
  {
    name: 'hover on a table name shows its statistics',
    todo: 'TODO(hover): no hover provider in the extension yet',
  },
  {
    name: 'side panel lists connections and recent reports',
    todo: 'TODO(side-panel): no side panel view in the extension yet',
  },
];
