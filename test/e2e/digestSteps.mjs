// e2e steps of issue 18: the Top Statements view (performance_schema of the sandbox, which
// the earlier steps' analyses filled), clicked through to a report; then Analyze Slow Log
// (slowLogSteps.mjs).
import { pollUntil } from '../../scripts/e2e/util.mjs';
import { reportFor, slowLogSteps } from './slowLogSteps.mjs';
import { check, currentColorTheme, pickColorTheme } from './stepUtil.mjs';

async function showTunerSideBar(wb, page) {
  const pane = wb.viewPane('Top Statements');
  if ((await pane.count()) && (await pane.isVisible())) return pane;
  const item = page
    .locator('.activitybar .action-item')
    .filter({ has: page.locator('[aria-label*="MySQL Tuner"]') })
    .or(page.locator('.activitybar .action-item[aria-label*="MySQL Tuner"]'))
    .first();
  await item.click();
  await pane.waitFor({ state: 'visible' });
  return pane;
}

export const digestSteps = [
  {
    name: 'Top Statements view: the sandbox digests ranked by total time, sorted by rows examined, a click opens the sample and its report',
    shot: 'top-statements',
    run: async ({ wb, page, screenshot, results }) => {
      const pane = await showTunerSideBar(wb, page);
      const header = pane.locator('.pane-header');
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      // The list renders only the rows in view: the other views of the side bar give it their room.
      for (const other of ['Session Counters', 'History']) {
        const h = wb.viewPane(other).locator('.pane-header');
        if ((await h.count()) && (await h.getAttribute('aria-expanded')) === 'true') await h.click();
      }
      await wb.runCommand('MySQL Query Tuner: Refresh Top Statements');
      const rows = pane.locator('.monaco-list-row');
      // The earlier steps analysed the sample payment scan (`amount * 2 > 10`): on MariaDB as
      // ANALYZE FORMAT=JSON (one execution), which the view shows as the statement itself, "analysed".
      const scan = rows.filter({ hasText: /^\S+( \S+)?\s+SELECT COUNT \( \* \) FROM `payment` WHERE `amount` \* \? > \?/ });
      await scan.first().waitFor({ timeout: 20_000 });
      const scanText = (await scan.first().innerText()).replace(/\s+/g, ' ');
      check(/\d+ analysed/.test(scanText), `the payment scan's row does not count its Explain & Profile runs: "${scanText}"`);
      // The list renders only the rows in view: those must be the user's statements, not the tool's.
      const shown = await rows.evaluateAll((els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
      // Each row leads with the figure of the sort (total time here), then the statement.
      const unled = shown.filter((t) => !/^[\d.]+ m?s /.test(t));
      check(unled.length === 0, `rows without the total time first: ${JSON.stringify(unled.slice(0, 3))}`);
      const own = shown
        .map((t) => t.replace(/^[\d.]+ m?s /, ''))
        .filter((t) => /^(FLUSH|SHOW|SET|EXPLAIN|ANALYZE FORMAT|START TRANSACTION READ)\b|`(information_schema|performance_schema)` \./.test(t));
      check(own.length === 0, `the tool's own statements are listed: ${JSON.stringify(own)}`);
      const description = await pane.locator('.pane-header').innerText();
      check(/own hidden/.test(description), `the view does not say the tool's own statements are hidden: "${description}"`);
      await screenshot('top-statements-view');
      // The same view in the dark theme (icons, descriptions and the header must stay readable).
      const theme = await currentColorTheme(wb);
      await pickColorTheme(wb, theme === 'Default Dark Modern' ? 'Default Light Modern' : 'Default Dark Modern');
      await rows.first().waitFor();
      await page.mouse.move(1000, 500);
      await screenshot('top-statements-view-other-theme');
      await pane.screenshot({ path: `${results}/top-statements-pane-other-theme.png` });
      await pickColorTheme(wb, theme);
      const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
      const count = await rows.count();
      await wb.runCommand('MySQL Query Tuner: Sort Top Statements');
      // By rows examined the full scan comes near the top (the list only renders the rows in view).
      await wb.pickInQuickInput('Rows examined', 'Rows examined');
      await pane.locator('.pane-header').filter({ hasText: 'by rows examined' }).waitFor({ timeout: 5000 });
      await scan.first().waitFor({ timeout: 5000 });
      // The header changes first, the rows a moment later.
      const lead = await pollUntil(
        async () => {
          const t = (await rows.first().innerText()).replace(/\s+/g, ' ');
          return /^[\d.]+[kM]? examined /.test(t) && t;
        },
        { timeoutMs: 5000, what: 'the rows to lead with rows examined' },
      );
      await screenshot('top-statements-by-rows-examined');
      const t0 = Date.now();
      await scan.first().click();
      await page
        .locator('.tab.active')
        .filter({ hasText: /SELECT COUNT\(\*\) FROM payment/ })
        .first()
        .waitFor();
      const frame = await reportFor(page, /FROM payment WHERE amount \* 2 > 10/);
      const execution = await frame.locator('#execution').innerText();
      return `${count} digests shown (${description.replace(/\s+/g, ' ').trim()}), first "${first.slice(0, 80)}", by rows examined "${lead.slice(0, 60)}"; "${scanText.slice(0, 100)}"; clicked it: report in ${Date.now() - t0} ms, "${execution.slice(0, 60)}"`;
    },
  },
  {
    name: 'Top Statements without samples (history consumers off): a click opens the digest with its placeholders, says so, and runs nothing',
    shot: 'top-statements-no-sample',
    run: async ({ wb, page, sandboxUrl }) => {
      const mysql = (await import('mysql2/promise')).default;
      const conn = await mysql.createConnection(sandboxUrl);
      const consumers =
        "UPDATE performance_schema.setup_consumers SET ENABLED = ? WHERE NAME IN ('events_statements_history', 'events_statements_history_long')";
      try {
        await conn.query(consumers, ['NO']);
        const pane = wb.viewPane('Top Statements');
        await wb.runCommand('MySQL Query Tuner: Refresh Top Statements');
        const rows = pane.locator('.monaco-list-row');
        const scan = rows.filter({ hasText: /^\S+( \S+)?\s+SELECT COUNT \( \* \) FROM `payment` WHERE `amount` \* \? > \?/ });
        // Without a sample the row's icon is a key, not the event of a runnable statement.
        await scan.first().locator('.codicon-symbol-key').waitFor({ timeout: 20_000 });
        await scan.first().click();
        const toast = wb.notificationToast('no sample statement');
        await toast.waitFor({ timeout: 10_000 });
        const message = (await toast.innerText()).replace(/\s+/g, ' ');
        await page
          .locator('.tab.active')
          .filter({ hasText: /SELECT COUNT \( \* \) FROM `payment`/ })
          .first()
          .waitFor();
        const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
        check(
          /SELECT COUNT \( \* \) FROM `payment` WHERE `amount` \* \? > \?/.test(text.replace(/\u00a0/g, ' ')),
          `the editor does not show the placeholders: ${text}`,
        );
        check(/No sample statement was kept/.test(text.replace(/\u00a0/g, ' ')), `the editor does not say why: ${text}`);
        // Nothing is run: no report (or run in progress) of the placeholder text appears.
        await new Promise((r) => setTimeout(r, 2000));
        for (const f of page.frames()) {
          const ran = await f
            .locator('#statement')
            .filter({ hasText: 'FROM `payment` WHERE `amount` * ?' })
            .count()
            .catch(() => 0);
          check(ran === 0, 'the placeholders were sent for analysis');
        }
        return `toast "${message.slice(0, 100)}"; editor: ${text.replace(/\s+/g, ' ').slice(0, 90)}`;
      } finally {
        await conn.query(consumers, ['YES']).catch(() => undefined);
        await conn.end();
      }
    },
  },
  ...slowLogSteps,
];
