// The end-to-end scenario, step by step, as a person would do it in the editor. The runner
// (scripts/e2e/run.mjs) starts code-server with the packaged extension and the fixture
// workspace, opens the workbench in chromium and calls these steps in order; each step is
// timed and gets a screenshot. A failed step ends the run (later steps depend on it).
/* global document -- callbacks passed to waitForFunction and evaluate run in the page */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '../../scripts/e2e/util.mjs';

import { SQL_FILE, SQL_TEXT } from './workspace.mjs';
import { liveSteps } from './live.mjs';
import { digestSteps } from './digestSteps.mjs';
import { sshSteps } from './ssh.mjs';

export { SQL_FILE };
const REPORT_TIMEOUT = 30_000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SQL_LINES = SQL_TEXT.split('\n');
/** A saved tabular EXPLAIN of the four-table join, as a person would paste it. */
const EXPLAIN_TEXT = readFileSync(path.join(HERE, '..', 'fixtures', 'plan', 'mariadb-sandbox', 'q03-join.explain.txt'), 'utf8').trim();

const FULL_SCAN = /COUNT\(\*\)\s+FROM\s+payment/;
const JOIN = /^SELECT\s+c\.last_name/;

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

/**
 * Makes sure the line matching `re` is rendered (Monaco only renders the lines in view): if it
 * is not, Go to Line (the palette's ":" mode) reveals it. The line number comes from the fixture.
 */
async function showLine(wb, re) {
  if (await wb.editorLine(re).count()) return;
  const n = SQL_LINES.findIndex((l) => re.test(l)) + 1;
  check(n > 0, `no line of ${SQL_FILE} matches ${re}`);
  await wb.openPalette();
  await wb.quickInputBox().fill(`:${n}`);
  await wb.page.keyboard.press('Enter');
  await wb.waitQuickInputClosed();
  await wb.editorLine(re).first().waitFor();
}

/** Marks the report on show, so a later wait sees a new render of the same statement. */
async function markReport(wb) {
  await wb
    .webview()
    .locator('#statement')
    .evaluate((el) => el.setAttribute('data-e2e-seen', ''));
}

async function waitForNewOutcome(wb, statementRe) {
  const done = wb.webview().locator('body[data-state=report], body[data-state=error]');
  await done.locator('#statement:not([data-e2e-seen])').filter({ hasText: statementRe }).waitFor({ timeout: REPORT_TIMEOUT });
  return waitForOutcome(wb, statementRe);
}

/** Hovers the middle of `word` on an editor line and waits for a hover that contains `expect`. */
async function hoverWord(wb, lineRe, word, expect) {
  await showLine(wb, lineRe);
  const b = await wb.wordBox(lineRe, word);
  await wb.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  const hover = wb.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect });
  await hover.waitFor({ state: 'visible' });
  // it fades in: wait for its animations before the screenshot
  await hover.evaluate((el) =>
    Promise.race([
      Promise.all(
        el
          .getAnimations({ subtree: true })
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
          .map((a) => a.finished),
      ),
      new Promise((r) => setTimeout(r, 1000)),
    ]),
  );
  return hover;
}

/** Top-left boxes of the decorations PlanSync adds (classes ced-*), in the editor of the SQL file. */
async function highlightsOver(wb, box) {
  return wb.page
    .locator('.editor-instance .monaco-editor .view-overlays .cdr[class*="ced-"]')
    .evaluateAll(
      (els, b) =>
        els
          .map((e) => e.getBoundingClientRect())
          .filter(
            (r) =>
              r.width > 0 && Math.abs(r.left - b.x) < 3 && Math.abs(r.width - b.width) < 4 && r.top <= b.y + b.height / 2 && r.bottom >= b.y + b.height / 2,
          ).length,
      box,
    );
}

/** Progress toasts of finished analyses linger a moment (they would cover the report). */
async function noProgressToasts(wb) {
  const t0 = Date.now();
  await wb.page.waitForFunction(
    () => ![...document.querySelectorAll('.notifications-toasts .notification-toast')].some((t) => t.textContent.includes('Explain & Profile')),
    null,
    { timeout: 10_000 },
  );
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
  return view
    .locator('#plan tr.plan-row, #plan table.grid tbody tr[data-id]')
    .evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
}

async function planHtml(view) {
  const html = await view
    .locator('#plan')
    .evaluate((el) => el.outerHTML)
    .catch(() => '(no #plan element)');
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
    name: 'hints before any connection: Problems count, squiggles, an "Explain & Profile" CodeLens per statement',
    shot: 'hints-diagnostics',
    run: async ({ wb, page }) => {
      const problems = await pollUntil(
        async () => {
          const p = await wb.problems();
          return p.total > 0 && p;
        },
        { what: 'a non-zero Problems count in the status bar' },
      );
      const squiggles = page.locator('.editor-instance .monaco-editor').locator('.squiggly-warning, .squiggly-info, .squiggly-error');
      await squiggles.first().waitFor({ state: 'attached' });
      const lenses = page.locator('.editor-instance .monaco-editor .codelens-decoration').filter({ hasText: 'Explain & Profile' });
      await lenses.first().waitFor({ state: 'visible' });
      return `Problems "${problems.label}" (${problems.numbers.join('/')}), ${await squiggles.count()} squiggles, ${await lenses.count()} CodeLenses in view`;
    },
  },
  {
    name: 'hover ORDER BY RAND() shows the hint (title and rule id)',
    shot: 'hover-hint',
    run: async ({ wb }) => {
      const hover = await hoverWord(wb, /^SELECT.*ORDER\s+BY\s+RAND\(\)/, 'RAND', 'order-by-rand');
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      check(text.includes('ORDER BY RAND() sorts the whole result'), `the hover says "${text}"`);
      return `hover: "${text.slice(0, 140)}"`;
    },
  },
  {
    name: 'Add Connection from a mysql:// URL; the status bar shows it',
    shot: 'connection-added',
    run: async ({ wb, page, sandboxUrl }) => {
      // the hover of the previous step goes away
      // (not over the activity bar, whose own tooltips are .monaco-hover too)
      await page.mouse.move(1100, 140);
      await page.keyboard.press('Escape');
      await page.locator('.monaco-hover:not(.hidden)').waitFor({ state: 'hidden' });
      await wb.runCommand('MySQL Query Tuner: Add Connection');
      const url = new URL(sandboxUrl);
      url.searchParams.set('ssl-mode', 'disabled');
      await wb.answerInputBox('Add Connection (1/6)', url.toString());
      const name = await wb.answerInputBox('Connection name');
      check(name === `${url.username}@${url.hostname}:${url.port}/sakila`, `unexpected default connection name "${name}"`);
      await wb.waitQuickInputClosed();
      const item = wb.statusBarItem(name);
      await item.waitFor();
      check((await item.locator('.codicon-database').count()) === 1, 'the status bar item has no $(database) icon');
      return `connection "${name}"`;
    },
  },
  {
    name: 'right-click the full scan → Explain & Profile Query: plan, counters, profile',
    shot: 'report-full-scan',
    run: async ({ wb }) => {
      await showLine(wb, FULL_SCAN);
      await wb.clickLine(FULL_SCAN);
      await wb.clickLine(FULL_SCAN, 'right');
      const clicks = await wb.clickMenuItem('Explain & Profile Query');
      const tReport = Date.now();
      const view = await waitForOutcome(wb, /FROM payment WHERE amount/);
      const rows = await planRows(view);
      check(rows.length > 0, `no plan rows; the plan section: ${await planHtml(view)}`);
      check(
        rows.some((r) => r.includes('payment') && r.includes('ALL')),
        `no plan row shows payment with type ALL: ${JSON.stringify(rows)}`,
      );
      const counter = view.locator('#counters tr.counter-row').filter({ hasText: 'Handler_read_rnd_next' });
      check((await counter.count()) === 1, 'no Handler_read_rnd_next counter row');
      const value = Number((await counter.locator('td.num').innerText()).replace(/[^\d.-]/g, ''));
      check(value >= 100_000, `Handler_read_rnd_next is ${value}, expected ≥ 100,000`);
      const stages = await view.locator('#profile tr.stage-row').count();
      check(stages > 0, 'no SHOW PROFILE stage rows');
      const segments = await view.locator('#profile .timeline .seg').count();
      check(segments === stages, `the stage timeline has ${segments} segments for ${stages} stages`);
      const findings = await view.locator('#findings li.finding').allInnerTexts();
      check(
        findings.some((f) => /full-scan|Full table scan/i.test(f)),
        `no full-scan finding: ${JSON.stringify(findings)}`,
      );
      const execution = await view.locator('#execution').innerText();
      check(/^Executed/.test(execution), `#execution says "${execution}"`);
      return (
        `menu clicks: ${clicks}, report in ${Date.now() - tReport} ms; ${rows.length} plan rows, Handler_read_rnd_next=${value}, ` +
        `${stages} stages, ${findings.length} findings (${(await view.locator('#findings li.finding b').allInnerTexts()).join('; ')}), "${execution}"`
      );
    },
  },
  {
    name: 'plan ⇄ editor: clicking the payment node highlights `payment` in the SQL; the cursor on it selects the node',
    shot: 'plan-sync',
    run: async ({ wb }) => {
      const view = wb.webview();
      await view.locator('#plan').getByRole('tab', { name: 'Visual', exact: true }).click();
      const nodes = view.locator('#plan .plan-graph .node');
      const tableNode = nodes.filter({ hasText: 'payment' });
      const otherNode = nodes.filter({ hasNotText: 'payment' }).first();
      await tableNode.waitFor({ state: 'visible' });
      const word = await wb.wordBox(FULL_SCAN, 'payment');
      check((await highlightsOver(wb, word)) === 0, '`payment` is highlighted before any node was clicked');
      await tableNode.click();
      // (the editor may scroll to reveal the range: the word is looked up again)
      await pollUntil(async () => (await highlightsOver(wb, await wb.wordBox(FULL_SCAN, 'payment'))) > 0, {
        timeoutMs: 5000,
        what: 'a highlight decoration over `payment` in the editor',
      });
      check((await tableNode.getAttribute('aria-selected')) === 'true', 'the clicked node is not selected');
      // Another node, then the cursor on the table name in the editor selects the table's node again.
      await otherNode.click();
      await view.locator('#plan .node.selected').filter({ hasNotText: 'payment' }).waitFor();
      await wb.clickWord(FULL_SCAN, 'payment');
      await view.locator('#plan .node.selected').filter({ hasText: 'payment' }).waitFor({ timeout: 5000 });
      return `${await nodes.count()} nodes; node → editor highlight, editor cursor → node .selected`;
    },
  },
  {
    name: 'report screenshots of the four-table join in the light and dark themes (for the README)',
    when: (ctx) => ctx.themeShots,
    run: async ({ wb, page, screenshot }) => {
      // Room for the plan graph: no side bar, and the report group gets about two thirds of the width
      // (before the analysis: the graph fits itself to the size it first gets).
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      const sash = page.locator('.part.editor .monaco-sash.vertical:not(.disabled)').first();
      const sb = await sash.boundingBox();
      const target = Math.round(page.viewportSize().width * 0.36);
      await page.mouse.move(sb.x + sb.width / 2, sb.y + sb.height / 2);
      await page.mouse.down();
      await page.mouse.move(target, sb.y + sb.height / 2, { steps: 8 });
      await page.mouse.up();
      await pollUntil(async () => Math.abs((await sash.boundingBox()).x - target) < 20, { timeoutMs: 5000, what: 'the editor groups to resize' });
      await showLine(wb, JOIN);
      await wb.clickLine(JOIN);
      await wb.page.keyboard.press('Control+Alt+E');
      const view = await waitForOutcome(wb, /^SELECT c\.last_name/);
      await view.locator('#plan .plan-graph .node').first().waitFor({ state: 'visible' });
      await view.locator('#findings').waitFor();
      // the cursor after a semicolon: no word under it, so no occurrence highlights in the shot
      await wb.clickLine(/^LIMIT\s+20;/);
      await page.keyboard.press('End');
      await noProgressToasts(wb);
      await page.mouse.move(1, 500);
      // The statement is on the left already: the report starts at its outcome, so that the
      // findings and the whole plan graph fit in the window.
      await view.locator('#execution').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      // Preferences: Color Theme writes workbench.colorTheme to the user settings, as a person would.
      // The picker's rows are labelled "Light Modern" / "Dark Modern", their setting values "Default …".
      for (const [theme, file, kind] of [
        ['Default Light Modern', 'report-light', 'light'],
        ['Default Dark Modern', 'report-dark', 'dark'],
      ]) {
        await wb.runCommand('Preferences: Color Theme');
        await wb.pickInQuickInput(theme, theme.replace(/^Default /, ''));
        await wb.waitQuickInputClosed();
        await wb.page.locator(`.monaco-workbench.${kind === 'light' ? 'vs' : 'vs-dark'}`).waitFor();
        await wb.webview().locator(`body.vscode-${kind}[data-state=report]`).waitFor();
        await screenshot(file);
      }
      const detail = `${await view.locator('#plan .plan-graph .node').count()} plan nodes, ${await view.locator('#findings li.finding').count()} findings`;
      // back to the layout of a run without screenshots
      await wb.runCommand('View: Reset Editor Group Sizes');
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
      await page.locator('.part.sidebar').waitFor({ state: 'visible' });
      return detail;
    },
  },
  (await import('./why.mjs')).whyStep,
  {
    name: 'the CodeLens above the full scan runs it again (a second run of the statement)',
    shot: 'codelens-run',
    run: async ({ wb, page }) => {
      await showLine(wb, FULL_SCAN);
      await markReport(wb);
      const line = await wb.editorLine(FULL_SCAN).first().boundingBox();
      const lenses = page.locator('.editor-instance .monaco-editor .codelens-decoration a').filter({ hasText: 'Explain & Profile' });
      await lenses.first().waitFor();
      // The lens of a statement sits in a view zone just above the statement's first line.
      const tops = await lenses.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
      const above = tops
        .map((bottom, i) => [i, line.y - bottom])
        .filter(([, d]) => d >= -1 && d < line.height * 2)
        .sort((a, b) => a[1] - b[1]);
      check(above.length > 0, `no CodeLens right above the full scan (line top ${line.y}, lens bottoms ${tops.join(', ')})`);
      const tReport = Date.now();
      await lenses.nth(above[0][0]).click();
      const view = await waitForNewOutcome(wb, /FROM payment WHERE amount/);
      const execution = await view.locator('#execution').innerText();
      check(/^Executed/.test(execution), `#execution says "${execution}"`);
      return `report in ${Date.now() - tReport} ms: "${execution}"`;
    },
  },
  {
    name: 'side panel: Session Counters, History with both runs, Compare with Previous Run',
    shot: 'side-panel',
    run: async ({ wb, page, screenshot }) => {
      const lingered = await noProgressToasts(wb);
      const t0 = Date.now();
      const item = page
        .locator('.activitybar .action-item')
        .filter({ has: page.locator('[aria-label*="MySQL Tuner"]') })
        .or(page.locator('.activitybar .action-item[aria-label*="MySQL Tuner"]'))
        .first();
      await item.click();
      // Session Counters: a script-free webview view with the last analysis's counters.
      const counter = wb.webviewView().locator('tr').filter({ hasText: 'Handler_read_rnd_next' });
      await counter.first().waitFor({ timeout: 10_000 });
      const value = Number((await counter.first().locator('td.num').innerText()).replace(/[^\d.-]/g, ''));
      check(value >= 100_000, `Session Counters: Handler_read_rnd_next is ${value}, expected ≥ 100,000`);
      // History: the statement with its two runs.
      const history = wb.viewPane('History');
      const statement = history.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: 'FROM payment WHERE amount' });
      await statement.waitFor();
      const runsLabel = (await statement.locator('.label-description').innerText()).trim();
      const label = `${(await statement.locator('.label-name').innerText()).trim()} (${runsLabel})`;
      check(runsLabel === '2 runs', `History shows "${label}", expected 2 runs`);
      if ((await statement.getAttribute('aria-expanded')) !== 'true') await statement.click();
      const runs = history.locator('.monaco-list-row[aria-level="2"]');
      await pollUntil(async () => (await runs.count()) >= 2, { timeoutMs: 5000, what: 'two run rows under the statement' });
      await runs.first().click({ button: 'right' });
      const clicks = await wb.clickMenuItem('Compare with Previous Run');
      const tPanel = Date.now() - t0;
      const frame = await wb.webviewFrame('Compare runs');
      const text = await pollUntil(
        async () => {
          const t = await frame.locator('body').innerText();
          return /Counters/.test(t) && t;
        },
        { timeoutMs: 5000, what: 'the comparison to render' },
      );
      check(/FROM payment WHERE amount/.test(text), 'the comparison does not show the statement');
      const counters = text.slice(text.indexOf('Counters')).split('\n').slice(1, 4).join(' | ');
      await screenshot('compare-runs');
      await wb.closeTab('Compare runs');
      // The report shared the group with the comparison: shown again, it restores its last state.
      const tBack = Date.now();
      await wb
        .webview()
        .locator('body[data-state=report] #statement')
        .filter({ hasText: /FROM payment WHERE amount/ })
        .waitFor({ timeout: 10_000 });
      const back = Date.now() - tBack;
      return `progress toast gone after ${lingered} ms, side panel read in ${tPanel} ms, comparison in ${Date.now() - t0 - tPanel} ms; Handler_read_rnd_next=${value} in Session Counters; History "${label}"; menu clicks: ${clicks}; Compare runs: ${counters}; report back ${back} ms after the comparison closed`;
    },
  },
  {
    name: 'Profile All Statements on a selection: a summary, slowest first, whose rows open their reports',
    shot: 'batch-profile',
    run: async ({ wb, page, screenshot }) => {
      // Select from the indexed range (line 5) through the full scan (line 10): two statements.
      await showLine(wb, /^SELECT\s+rental_id/);
      await wb.clickLine(/^SELECT\s+rental_id/);
      await page.keyboard.press('Home');
      for (let k = 0; k < 6; k++) await page.keyboard.press('Shift+ArrowDown');
      await page.keyboard.press('Shift+End');
      const t0 = Date.now();
      await wb.runCommand('MySQL Query Tuner: Profile All Statements');
      const frame = await wb.webviewFrame('Batch profile (2)', 30_000);
      const text = await pollUntil(
        async () => {
          const t = await frame.locator('body').innerText();
          return /slowest first/.test(t) && t;
        },
        { timeoutMs: 5000, what: 'the batch summary to render' },
      );
      check(/2 statements, slowest first/.test(text), `batch summary: ${text.slice(0, 120)}`);
      const rows = frame.locator('table.batch tr').filter({ has: frame.locator('a') });
      check((await rows.count()) === 2, `batch summary has ${await rows.count()} rows, expected 2`);
      // The full scan is the slower one: first row; its link opens its report from the history.
      const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
      check(/FROM payment WHERE amount/.test(first), `the slowest row is "${first}", expected the full scan`);
      await screenshot('batch-profile');
      await rows.first().locator('a').click();
      // Two panels are open now (the summary and the report): find the report among the frames.
      await pollUntil(
        async () => {
          for (const f of page.frames()) {
            const hit = await f
              .locator('body[data-state=report] #statement')
              .filter({ hasText: /FROM payment WHERE amount/ })
              .count()
              .catch(() => 0);
            if (hit) return true;
          }
          return false;
        },
        { timeoutMs: 10_000, what: 'the report of the clicked summary row' },
      );
      await wb.closeTab('Batch profile (2)');
      return `summary in ${Date.now() - t0} ms; slowest: ${first.slice(0, 90)}`;
    },
  },
  {
    name: 'an UPDATE (Ctrl+Alt+E) is explained but not executed',
    shot: 'report-update',
    run: async ({ wb }) => {
      await showLine(wb, /^UPDATE\s+rental/);
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
      await showLine(wb, /^SELECT\s+SLEEP\(20\)/);
      await wb.clickLine(/^SELECT\s+SLEEP\(20\)/);
      await wb.runCommand('MySQL Query Tuner: Explain & Profile Query');
      const view = wb.webview();
      // Cancel while the statement runs, so the cancellation has to reach the server.
      await view
        .locator('body[data-state=progress] #progress, body[data-state=live] #live-status')
        .filter({ hasText: 'Running' })
        .first()
        .waitFor({ timeout: 15_000 });
      const toast = toasts.filter({ hasText: 'Running' });
      const cancel = toast.getByRole('button', { name: 'Cancel' });
      await cancel.waitFor({ state: 'visible' });
      await screenshot('report-cancel-pending');
      const t0 = Date.now();
      await cancel.click();
      const done = view.locator('body[data-state=report], body[data-state=error]');
      await done
        .locator('#statement')
        .filter({ hasText: /SLEEP\(20\)/ })
        .waitFor({ timeout: 5000 });
      const ms = Date.now() - t0;
      const state = await done.getAttribute('data-state');
      const text = await view.locator(state === 'report' ? '#execution' : '#error').innerText();
      check(/cancel/i.test(text), `after Cancel the report says "${text}"`);
      await toast.waitFor({ state: 'hidden', timeout: 5000 });
      return `earlier progress toasts gone after ${lingered} ms; cancelled in ${ms} ms: "${text}"`;
    },
  },
  ...liveSteps,
  {
    name: 'Visualize EXPLAIN Output on a pasted tabular EXPLAIN (untitled file, selection): a plan graph',
    shot: 'visualize-explain',
    run: async ({ wb, page }) => {
      await noProgressToasts(wb);
      await wb.runCommand('File: New Untitled Text File');
      await page
        .locator('.tab.active')
        .filter({ hasText: /^Untitled-\d/ })
        .first()
        .waitFor();
      await page.waitForFunction(() => document.activeElement?.closest('.editor-instance .monaco-editor'));
      await page.keyboard.insertText(EXPLAIN_TEXT);
      await wb
        .editorLine(/idx_fk_customer_id/)
        .first()
        .waitFor();
      await page.keyboard.press('Control+A');
      await wb.runCommand('MySQL Query Tuner: Visualize EXPLAIN Output');
      const view = wb.webview();
      await view.locator('body[data-state=plan] .plan-title').filter({ hasText: 'EXPLAIN output' }).waitFor({ timeout: 15_000 });
      const nodes = view.locator('#app .plan-graph .node');
      await nodes.first().waitFor({ state: 'visible' });
      const labels = await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      for (const alias of ['c', 'r', 'i', 'f']) {
        check(
          labels.some((l) => l.split(', ').includes(alias)),
          `no plan node for table ${alias}: ${JSON.stringify(labels)}`,
        );
      }
      return `${labels.length} nodes: ${labels.map((l) => l.split(', ').slice(0, 2).join(' ')).join(' | ')}`;
    },
  },
  ...digestSteps,
  (await import('./advice.mjs')).adviceStep,
];

steps.push(...sshSteps);
steps.push(
  ...(await import('./connectionSteps.mjs')).connectionSteps,
  ...(await import('./reportToolSteps.mjs')).reportToolSteps,
  ...(await import('./settingsSteps.mjs')).settingsSteps,
);

/** Global connection count of the sandbox, read over its own connection. */
async function serverConnections(url) {
  const mysql = (await import('mysql2/promise')).default;
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query("SHOW GLOBAL STATUS LIKE 'Connections'");
    return Number(rows[0].Value);
  } finally {
    await conn.end();
  }
}

/**
 * A second run with workspace trust on: a new folder opens in Restricted Mode, with the
 * connection the first run saved. Nothing may reach the server; hints still work.
 */
export const restrictedSteps = [
  {
    name: 'Restricted Mode: the untrusted folder opens; hints still work without a server',
    shot: 'restricted-open',
    run: async ({ wb }) => {
      await wb.waitReady();
      await wb.quickOpen(SQL_FILE);
      const problems = await pollUntil(
        async () => {
          const p = await wb.problems();
          return p.total > 0 && p;
        },
        { timeoutMs: 20_000, what: 'hint diagnostics in Restricted Mode' },
      );
      return `Problems: ${problems.label}`;
    },
  },
  {
    name: 'Restricted Mode: Explain & Profile sends nothing to the server and says why',
    shot: 'restricted-explain',
    run: async ({ wb, sandboxUrl }) => {
      const before = await serverConnections(sandboxUrl);
      await showLine(wb, FULL_SCAN);
      await wb.clickLine(FULL_SCAN);
      await wb.page.keyboard.press('Control+Alt+E');
      // The extension says why in a warning notification, and opens no report.
      const toast = wb.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'Restricted Mode' });
      await toast.first().waitFor({ timeout: REPORT_TIMEOUT });
      const text = (await toast.first().innerText()).replace(/\s+/g, ' ').trim();
      // Our own probe is the one new connection.
      const after = await serverConnections(sandboxUrl);
      check(after === before + 1, `the server saw ${after - before - 1} connection(s) from the extension`);
      return `"${text.slice(0, 90)}…"; server connections ${before} -> ${after} (the probe's own)`;
    },
  },
];
