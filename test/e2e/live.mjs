// e2e step for the live view (issue 17): a slow join runs, the report shows its plan graph
// live (two screenshots a moment apart differ: rows grew), and Cancel in the report stops it;
// the report then keeps the last live plan with "cancelled at …".
/* global document -- callbacks passed to waitForFunction and evaluate run in the page */
import { readFileSync } from 'node:fs';
import { pollUntil } from '../../scripts/e2e/util.mjs';
import { SQL_TEXT } from './workspace.mjs';

const SLOW = /^SELECT\s+COUNT\(\*\)\s+FROM\s+film\s+f\s+JOIN\s+payment\s+p\b/;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** Goes to the line (the palette's ":" mode), so Monaco renders it, and puts the cursor in it. */
async function cursorOn(wb, re) {
  const n = SQL_TEXT.split('\n').findIndex((l) => re.test(l)) + 1;
  check(n > 0, `no line of the fixture matches ${re}`);
  await wb.openPalette();
  await wb.quickInputBox().fill(`:${n}`);
  await wb.page.keyboard.press('Enter');
  await wb.waitQuickInputClosed();
  await wb.clickLine(re);
}

/** The sandbox's threads still running the slow join. */
async function runningJoins(url) {
  const mysql = (await import('mysql2/promise')).default;
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SELECT COUNT(*) FROM film f JOIN payment p%' AND INFO NOT LIKE '%PROCESSLIST%' AND ID <> CONNECTION_ID()",
    );
    return Number(rows[0].n);
  } finally {
    await conn.end();
  }
}

export const liveSteps = [
  {
    name: 'a slow join: the report shows the plan graph live (two screenshots differ), Cancel in the report stops it and keeps the last live plan',
    shot: 'report-live-cancelled',
    run: async ({ wb, page, screenshot, sandboxUrl }) => {
      await page.waitForFunction(
        () => ![...document.querySelectorAll('.notifications-toasts .notification-toast')].some((t) => t.textContent.includes('Explain & Profile')),
        null,
        { timeout: 10_000 },
      );
      await cursorOn(wb, SLOW);
      await wb.runCommand('MySQL Query Tuner: Explain & Profile Query');
      const view = wb.webview();
      const growing = view.locator('body[data-state=live] .plan-graph .node.live-growing');
      await growing.first().waitFor({ timeout: 15_000 });
      const read = async () => ({
        elapsed: Number(await view.locator('body').getAttribute('data-live-elapsed')),
        rows: await growing.first().locator('.node-rows').innerText(),
      });
      const a = await read();
      const shotA = await screenshot('report-live-1');
      // The next update: later, and more rows on the growing node.
      const b = await pollUntil(
        async () => {
          const r = await read().catch(() => undefined);
          return r && r.elapsed > a.elapsed && r.rows !== a.rows && r;
        },
        { timeoutMs: 5000, what: 'a later live update with more rows' },
      );
      const shotB = await screenshot('report-live-2');
      check(!readFileSync(shotA).equals(readFileSync(shotB)), 'the two live screenshots are identical');
      check((await runningJoins(sandboxUrl)) === 1, 'the join is not running on the server');
      const t0 = Date.now();
      await view.locator('body[data-state=live] #cancel').click();
      const report = view.locator('body[data-state=report]');
      await report
        .locator('#live')
        .filter({ hasText: /cancelled at \d+\.\d s/ })
        .waitFor({ timeout: 10_000 });
      const ms = Date.now() - t0;
      const execution = await view.locator('#execution').innerText();
      check(/cancel/i.test(execution), `after Cancel the report says "${execution}"`);
      const kept = await view.locator('#live .plan-graph .node.live').count();
      check(kept >= 2, `the last live plan has ${kept} live nodes`);
      const left = await runningJoins(sandboxUrl);
      check(left === 0, `${left} join(s) still running on the server after Cancel`);
      const line = (await view.locator('#live p').first().innerText()).trim();
      return `live: "${a.rows}" at ${a.elapsed} ms -> "${b.rows}" at ${b.elapsed} ms; Cancel in the report took ${ms} ms: "${line}"; ${kept} nodes kept`;
    },
  },
];
