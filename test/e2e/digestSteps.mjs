// e2e steps of issue 18: the Top Statements view (performance_schema of the sandbox, which
// the earlier steps' analyses filled) and Analyze Slow Log on a recorded slow log, each
// clicked through to a report.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '../../scripts/e2e/util.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SLOW_LOG = 'slow-mariadb-10.11.log';

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** Waits for a report (not an error) of a statement matching `re` in any webview frame. */
async function reportFor(page, re, timeoutMs = 30_000) {
  return pollUntil(async () => {
    for (const f of page.frames()) {
      const hit = await f.locator('body[data-state=report] #statement').filter({ hasText: re }).count().catch(() => 0);
      if (hit) return f;
      const err = await f.locator('body[data-state=error] #statement').filter({ hasText: re }).count().catch(() => 0);
      if (err) throw new Error(`the report shows an error: ${await f.locator('#error').innerText()}`);
    }
    return undefined;
  }, { timeoutMs, what: `a report of ${re}` });
}

async function showTunerSideBar(wb, page) {
  const pane = wb.viewPane('Top Statements');
  if (await pane.count() && await pane.isVisible()) return pane;
  const item = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label*="MySQL Tuner"]') })
    .or(page.locator('.activitybar .action-item[aria-label*="MySQL Tuner"]')).first();
  await item.click();
  await pane.waitFor({ state: 'visible' });
  return pane;
}

export const digestSteps = [
  {
    name: 'Top Statements view: the sandbox digests ranked by total time, sorted by calls, a click opens the sample and its report',
    shot: 'top-statements',
    run: async ({ wb, page, screenshot }) => {
      const pane = await showTunerSideBar(wb, page);
      const header = pane.locator('.pane-header');
      if (await header.getAttribute('aria-expanded') === 'false') await header.click();
      await wb.runCommand('MySQL Query Tuner: Refresh Top Statements');
      const rows = pane.locator('.monaco-list-row');
      const scan = rows.filter({ hasText: /^SELECT COUNT \( \* \) FROM `payment` WHERE `amount`/ });
      await scan.first().waitFor({ timeout: 20_000 });
      const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
      const count = await rows.count();
      await wb.runCommand('MySQL Query Tuner: Sort Top Statements');
      await wb.pickInQuickInput('Calls', 'Calls');
      await pane.locator('.pane-header').filter({ hasText: 'by calls' }).waitFor({ timeout: 5000 });
      await screenshot('top-statements-by-calls');
      const t0 = Date.now();
      await scan.first().click();
      await page.locator('.tab.active').filter({ hasText: /^Untitled-\d/ }).waitFor();
      const frame = await reportFor(page, /FROM payment WHERE amount/);
      const execution = await frame.locator('#execution').innerText();
      return `${count} digests, first "${first.slice(0, 80)}"; clicked the payment scan: report in ${Date.now() - t0} ms, "${execution.slice(0, 60)}"`;
    },
  },
  {
    name: 'Analyze Slow Log on an open recorded slow log: a sortable table; a row opens its sample and its report',
    shot: 'slow-log',
    run: async ({ wb, page, workspace, screenshot }) => {
      check(workspace, 'the runner passes no workspace folder');
      copyFileSync(path.join(HERE, '..', 'fixtures', 'digest', 'mariadb-10.11.log'), path.join(workspace, SLOW_LOG));
      await wb.quickOpen(SLOW_LOG);
      await wb.runCommand('MySQL Query Tuner: Analyze Slow Log');
      const title = `Slow log: ${SLOW_LOG}`;
      const frame = await wb.webviewFrame(title, 20_000);
      const text = await pollUntil(async () => {
        const t = await frame.locator('body').innerText();
        return /statements in \d+ classes/.test(t) && t;
      }, { timeoutMs: 5000, what: 'the slow-log table to render' });
      check(/89 statements in 15 classes/.test(text), `slow-log summary: ${text.slice(0, 160)}`);
      const firstRow = async () => (await frame.locator('table.digest tr').nth(1).innerText()).replace(/\s+/g, ' ');
      const byTotal = await firstRow();
      check(/select sleep\(\?\)/.test(byTotal), `first row by total time: ${byTotal}`);
      await frame.locator('table.digest th a').filter({ hasText: 'Count' }).click();
      const byCount = await pollUntil(async () => {
        const r = await firstRow();
        return /in\(\?\+\)/.test(r) && r;
      }, { timeoutMs: 5000, what: 'the IN-list class first when sorted by count' });
      await screenshot('slow-log-by-count');
      const row = frame.locator('table.digest tr').filter({ hasText: 'from customer c join rental r' });
      await row.locator('a').first().click();
      const report = await reportFor(page, /JOIN rental r ON r\.customer_id = c\.customer_id/);
      const plan = await report.locator('#plan').innerText();
      check(/rental/.test(plan), 'the report shows no plan with rental');
      await wb.closeTab(title);
      return `by total: ${byTotal.slice(0, 60)}; by count: ${byCount.slice(0, 60)}; the join's sample opened and was analysed`;
    },
  },
];
