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
    name: 'Top Statements view: the sandbox digests ranked by total time, sorted by rows examined, a click opens the sample and its report',
    shot: 'top-statements',
    run: async ({ wb, page, screenshot }) => {
      const pane = await showTunerSideBar(wb, page);
      const header = pane.locator('.pane-header');
      if (await header.getAttribute('aria-expanded') === 'false') await header.click();
      // The list renders only the rows in view: the other views of the side bar give it their room.
      for (const other of ['Session Counters', 'History']) {
        const h = wb.viewPane(other).locator('.pane-header');
        if (await h.count() && await h.getAttribute('aria-expanded') === 'true') await h.click();
      }
      await wb.runCommand('MySQL Query Tuner: Refresh Top Statements');
      const rows = pane.locator('.monaco-list-row');
      // The earlier steps analysed the sample payment scan (`amount * 2 > 10`): on MariaDB as
      // ANALYZE FORMAT=JSON (one execution), which the view shows as the statement itself, "analysed".
      const scan = rows.filter({ hasText: /^SELECT COUNT \( \* \) FROM `payment` WHERE `amount` \* \? > \?/ });
      await scan.first().waitFor({ timeout: 20_000 });
      const scanText = (await scan.first().innerText()).replace(/\s+/g, ' ');
      check(/\d+ analysed/.test(scanText), `the payment scan's row does not count its Explain & Profile runs: "${scanText}"`);
      // The list renders only the rows in view: those must be the user's statements, not the tool's.
      const shown = await rows.evaluateAll((els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
      const own = shown.filter((t) => /^(FLUSH|SHOW|SET|EXPLAIN|ANALYZE FORMAT|START TRANSACTION READ)\b|`(information_schema|performance_schema)` \./.test(t));
      check(own.length === 0, `the tool's own statements are listed: ${JSON.stringify(own)}`);
      const description = await pane.locator('.pane-header').innerText();
      check(/own hidden/.test(description), `the view does not say the tool's own statements are hidden: "${description}"`);
      await screenshot('top-statements-view');
      const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
      const count = await rows.count();
      await wb.runCommand('MySQL Query Tuner: Sort Top Statements');
      // By rows examined the full scan comes near the top (the list only renders the rows in view).
      await wb.pickInQuickInput('Rows examined', 'Rows examined');
      await pane.locator('.pane-header').filter({ hasText: 'by rows examined' }).waitFor({ timeout: 5000 });
      await scan.first().waitFor({ timeout: 5000 });
      await screenshot('top-statements-by-rows-examined');
      const t0 = Date.now();
      await scan.first().click();
      await page.locator('.tab.active').filter({ hasText: /SELECT COUNT\(\*\) FROM payment/ }).waitFor();
      const frame = await reportFor(page, /FROM payment WHERE amount \* 2 > 10/);
      const execution = await frame.locator('#execution').innerText();
      return `${count} digests shown (${description.replace(/\s+/g, ' ').trim()}), first "${first.slice(0, 80)}"; "${scanText.slice(0, 100)}"; clicked it: report in ${Date.now() - t0} ms, "${execution.slice(0, 60)}"`;
    },
  },
  {
    name: 'Top Statements without samples (history consumers off): a click opens the digest with its placeholders, says so, and runs nothing',
    shot: 'top-statements-no-sample',
    run: async ({ wb, page, sandboxUrl }) => {
      const mysql = (await import('mysql2/promise')).default;
      const conn = await mysql.createConnection(sandboxUrl);
      const consumers = "UPDATE performance_schema.setup_consumers SET ENABLED = ? WHERE NAME IN ('events_statements_history', 'events_statements_history_long')";
      try {
        await conn.query(consumers, ['NO']);
        const pane = wb.viewPane('Top Statements');
        await wb.runCommand('MySQL Query Tuner: Refresh Top Statements');
        const rows = pane.locator('.monaco-list-row');
        const scan = rows.filter({ hasText: /^SELECT COUNT \( \* \) FROM `payment` WHERE `amount` \* \? > \?/ });
        // Without a sample the row's icon is a key, not the event of a runnable statement.
        await scan.first().locator('.codicon-symbol-key').waitFor({ timeout: 20_000 });
        await scan.first().click();
        const toast = wb.notificationToast('no sample statement');
        await toast.waitFor({ timeout: 10_000 });
        const message = (await toast.innerText()).replace(/\s+/g, ' ');
        await page.locator('.tab.active').filter({ hasText: /SELECT COUNT \( \* \) FROM `payment`/ }).waitFor();
        const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
        check(/SELECT COUNT \( \* \) FROM `payment` WHERE `amount` \* \? > \?/.test(text.replace(/\u00a0/g, ' ')), `the editor does not show the placeholders: ${text}`);
        check(/No sample statement was kept/.test(text.replace(/\u00a0/g, ' ')), `the editor does not say why: ${text}`);
        // Nothing is run: no report (or run in progress) of the placeholder text appears.
        await new Promise((r) => setTimeout(r, 2000));
        for (const f of page.frames()) {
          const ran = await f.locator('#statement').filter({ hasText: 'FROM `payment` WHERE `amount` * ?' }).count().catch(() => 0);
          check(ran === 0, 'the placeholders were sent for analysis');
        }
        return `toast "${message.slice(0, 100)}"; editor: ${text.replace(/\s+/g, ' ').slice(0, 90)}`;
      } finally {
        await conn.query(consumers, ['YES']).catch(() => undefined);
        await conn.end();
      }
    },
  },
  {
    name: 'Analyze Slow Log on an open recorded slow log: a sortable table; a row opens its sample and its report',
    shot: 'slow-log',
    run: async ({ wb, page, workspace, screenshot }) => {
      check(workspace, 'the runner passes no workspace folder');
      copyFileSync(path.join(HERE, '..', 'fixtures', 'digest', 'mariadb-10.11.log'), path.join(workspace, SLOW_LOG));
      // A file made after the workbench started: the Explorer shows it (Quick Open's index may not yet).
      await page.keyboard.press('Control+Shift+E');
      const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: SLOW_LOG });
      await file.waitFor({ timeout: 15_000 });
      await file.click();
      await page.locator('.tab.active').filter({ hasText: SLOW_LOG }).waitFor();
      await wb.runCommand('MySQL Query Tuner: Analyze Slow Log');
      const title = `Slow log: ${SLOW_LOG}`;
      // A sort re-renders the panel, whose frame is then replaced: each read finds it afresh.
      const rows = () => pollUntil(async () => {
        try {
          const frame = await wb.webviewFrame(title, 20_000);
          const cells = await frame.locator('table.digest tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
          const summary = await frame.locator('p.muted').first().innerText();
          return cells.length ? { frame, cells, summary } : undefined;
        } catch (e) {
          e.fatal = false;
          throw e;
        }
      }, { timeoutMs: 20_000, what: 'the slow-log table' });
      // Columns: class, share, count, total s, ...
      const byTotal = await rows();
      check(/89 statements in 15 classes/.test(byTotal.summary), `slow-log summary: ${byTotal.summary}`);
      const totals = byTotal.cells.map((c) => Number(c[3]));
      check(totals.length === 15 && totals.every((t, i) => i === 0 || totals[i - 1] >= t), `not most total time first: ${totals.join(', ')}`);
      await byTotal.frame.locator('table.digest th a').filter({ hasText: 'Count' }).click();
      const byCount = await pollUntil(async () => {
        const r = await rows();
        return /in\(\?\+\)/.test(r.cells[0][0]) && r;
      }, { timeoutMs: 10_000, what: 'the IN-list class first when sorted by count' });
      const counts = byCount.cells.map((c) => Number(c[2]));
      check(counts.every((c, i) => i === 0 || counts[i - 1] >= c), `not by count: ${counts.join(', ')}`);
      await screenshot('slow-log-by-count');
      const row = byCount.frame.locator('table.digest tr').filter({ hasText: 'from customer c join rental r' });
      await row.locator('a').first().click();
      const report = await reportFor(page, /JOIN rental r ON r\.customer_id = c\.customer_id/);
      const execution = await report.locator('#execution').innerText();
      check(/^Executed .* 5 rows returned/.test(execution), `the join's report says "${execution}"`);
      const nodes = await report.locator('#plan .plan-graph .node').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      check(nodes.some((l) => l.split(', ').includes('r')), `no plan node for rental r: ${JSON.stringify(nodes)}`);
      await wb.closeTab(title);
      return `by total: ${byTotal.cells[0][0].slice(0, 50)} (${totals[0]} s); by count: ${byCount.cells[0][0].slice(0, 50)} (${counts[0]}); the join's sample opened and was analysed`;
    },
  },
];
