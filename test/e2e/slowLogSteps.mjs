// e2e steps of issue 18, Analyze Slow Log, by the three ways a person starts it: on the open
// log (a recorded one from test/fixtures/digest), from the Explorer's context menu on a log the
// sandbox has just written, and from the palette with no log open, picking the file in the
// open dialog (code-server's simple dialog: a quick input that takes a path). Each gives the
// sortable table; a row opens its sample in a SQL editor and runs Explain & Profile.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '../../scripts/e2e/util.mjs';
import { check, gotoQueryLine } from './stepUtil.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RECORDED = 'slow-mariadb-10.11.log';
const MADE = 'sandbox-slow.log';
const JOIN_RE = /JOIN rental r ON r\.customer_id = c\.customer_id/;

/** Waits for a report (not an error) of a statement matching `re` in any webview frame. */
export async function reportFor(page, re, timeoutMs = 30_000) {
  return pollUntil(
    async () => {
      for (const f of page.frames()) {
        const hit = await f
          .locator('body[data-state=report] #statement')
          .filter({ hasText: re })
          .count()
          .catch(() => 0);
        if (hit) return f;
        const err = await f
          .locator('body[data-state=error] #statement')
          .filter({ hasText: re })
          .count()
          .catch(() => 0);
        if (err) throw new Error(`the report shows an error: ${await f.locator('#error').innerText()}`);
      }
      return undefined;
    },
    { timeoutMs, what: `a report of ${re}` },
  );
}

/**
 * The slow-log panel titled `title`: its frame, cell texts (class, share, count, total s, ...)
 * and summary line. A sort re-renders the panel, whose frame is then replaced: each read finds it afresh.
 */
function slowLogTable(wb, title) {
  return pollUntil(
    async () => {
      try {
        const frame = await wb.webviewFrame(title, 20_000);
        const cells = await frame.locator('table.digest tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
        const summary = await frame.locator('p.muted').first().innerText();
        return cells.length ? { frame, cells, summary } : undefined;
      } catch (e) {
        e.fatal = false;
        throw e;
      }
    },
    { timeoutMs: 30_000, what: `the slow-log table "${title}"` },
  );
}

/** Sorts the table by Count (a header link) and checks the order. */
async function sortByCount(wb, title, table) {
  await table.frame.locator('table.digest th a').filter({ hasText: 'Count' }).click();
  return pollUntil(
    async () => {
      const r = await slowLogTable(wb, title);
      const counts = r.cells.map((c) => Number(c[2]));
      return counts.every((c, i) => i === 0 || counts[i - 1] >= c) && r.summary && r;
    },
    { timeoutMs: 10_000, what: 'the table sorted by count' },
  );
}

/** Clicks the row whose class contains `rowText`: its sample opens in a SQL editor and is analysed. */
async function openRow(wb, page, table, rowText, statementRe) {
  const t0 = Date.now();
  await table.frame.locator('table.digest tr').filter({ hasText: rowText }).locator('a').first().click();
  const report = await reportFor(page, statementRe);
  const execution = await report.locator('#execution').innerText();
  check(/^Executed/.test(execution), `the sample's report says "${execution}"`);
  const nodes = await report.locator('#plan .plan-graph .node').count();
  check(nodes > 0, "the sample's report shows no plan graph");
  return { report, execution, nodes, ms: Date.now() - t0 };
}

/** The workload the sandbox logs: one class per entry, its statements (literals vary). */
const WORKLOAD = [
  {
    name: 'join with IN lists of 1..6',
    runs: [1, 2, 3, 4, 5, 6].map(
      (n) =>
        `SELECT c.last_name, r.rental_date FROM customer c JOIN rental r ON r.customer_id = c.customer_id WHERE c.customer_id IN (${Array.from({ length: n }, (_, i) => i + 1).join(', ')})`,
    ),
  },
  { name: 'payment scan', runs: [5, 7, 9].map((a) => `SELECT COUNT(*) FROM payment WHERE amount > ${a}`) },
  {
    name: 'multi-line with a comment',
    runs: [100, 150].map((l) => `SELECT f.title\n  FROM film f -- the long ones\n WHERE f.length > ${l}\n ORDER BY f.title LIMIT 3`),
  },
  {
    name: 'quoted quote',
    runs: ["SELECT customer_id FROM customer WHERE last_name = 'O''BRIEN'", "SELECT customer_id FROM customer WHERE last_name = 'SMITH'"],
  },
];

/**
 * A real slow log: the sandbox's slow log turned on into `file`, the workload run in a session
 * with long_query_time=0 (the other sessions keep the global 10 s), the log turned off.
 */
async function makeSandboxSlowLog(url, file) {
  const mysql = (await import('mysql2/promise')).default;
  mkdirSync(path.dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const admin = await mysql.createConnection(url);
  try {
    await admin.query('SET GLOBAL slow_query_log = 0');
    await admin.query('SET GLOBAL slow_query_log_file = ?', [file]);
    await admin.query('SET GLOBAL slow_query_log = 1');
    const wl = await mysql.createConnection(url);
    try {
      await wl.query('SET SESSION long_query_time = 0');
      for (const c of WORKLOAD) for (const q of c.runs) await wl.query(q);
    } finally {
      await wl.end();
    }
  } finally {
    await admin.query('SET GLOBAL slow_query_log = 0').catch(() => undefined);
    await admin.end();
  }
  check(existsSync(file) && /# Query_time: /.test(readFileSync(file, 'utf8')), `the sandbox wrote no slow log to ${file}`);
}

/** Checks the classes of the workload in a table of the sandbox's log. */
function checkWorkload(table) {
  const row = (re) => table.cells.find((c) => re.test(c[0]));
  const join = row(/join rental r on r\.customer_id = c\.customer_id where c\.customer_id in\(\?\+\)/);
  check(join && Number(join[2]) === 6, `the join's IN lists are not one class of 6: ${JSON.stringify(join ?? table.cells.map((c) => c[0]))}`);
  const scan = row(/^select count\(\*\) from payment where amount > \?/);
  check(scan && Number(scan[2]) === 3, `the payment scan: ${JSON.stringify(scan)}`);
  const multi = row(/^select f\.title from film f where f\.length > \? order by f\.title limit \?/);
  check(multi && Number(multi[2]) === 2, `the multi-line statement: ${JSON.stringify(multi)}`);
  return `${table.summary}; join ×${join[2]}, scan ×${scan[2]}, multi-line ×${multi[2]}`;
}

async function showExplorer(page) {
  await page.keyboard.press('Control+Shift+E');
  await page.locator('.explorer-folders-view').waitFor();
}

export const slowLogSteps = [
  {
    name: 'Analyze Slow Log on an open recorded slow log: a sortable table; a row opens its sample and its report',
    shot: 'slow-log',
    run: async ({ wb, page, workspace, screenshot }) => {
      check(workspace, 'the runner passes no workspace folder');
      copyFileSync(path.join(HERE, '..', 'fixtures', 'digest', 'mariadb-10.11.log'), path.join(workspace, RECORDED));
      // A file made after the workbench started: the Explorer shows it (Quick Open's index may not yet).
      await showExplorer(page);
      const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: RECORDED });
      await file.waitFor({ timeout: 15_000 });
      await file.click();
      await page.locator('.tab.active').filter({ hasText: RECORDED }).first().waitFor();
      await wb.runCommand('MySQL Query Tuner: Analyze Slow Log');
      const title = `Slow log: ${RECORDED}`;
      const byTotal = await slowLogTable(wb, title);
      check(/89 statements in 15 classes/.test(byTotal.summary), `slow-log summary: ${byTotal.summary}`);
      const totals = byTotal.cells.map((c) => Number(c[3]));
      check(totals.length === 15 && totals.every((t, i) => i === 0 || totals[i - 1] >= t), `not most total time first: ${totals.join(', ')}`);
      const byCount = await sortByCount(wb, title, byTotal);
      check(/in\(\?\+\)/.test(byCount.cells[0][0]), `the IN-list class is not first by count: ${byCount.cells[0][0]}`);
      await screenshot('slow-log-by-count');
      const { report, execution } = await openRow(wb, page, byCount, 'from customer c join rental r', JOIN_RE);
      check(/ 5 rows returned/.test(execution), `the join's report says "${execution}"`);
      const nodes = await report.locator('#plan .plan-graph .node').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      check(
        nodes.some((l) => l.split(', ').includes('r')),
        `no plan node for rental r: ${JSON.stringify(nodes)}`,
      );
      await wb.closeTab(title);
      await wb.closeTab(RECORDED);
      return `by total: ${byTotal.cells[0][0].slice(0, 50)} (${totals[0]} s); by count: ${byCount.cells[0][0].slice(0, 50)} (${byCount.cells[0][2]}); the join's sample opened and was analysed`;
    },
  },
  {
    name: "Analyze Slow Log from the Explorer's context menu on a log the sandbox just wrote: the table; a row opens its sample and its report",
    shot: 'slow-log-explorer',
    run: async ({ wb, page, workspace, home, sandboxUrl, screenshot }) => {
      // The server writes its log outside the workspace (as to /var/log/mysql); a copy is put in the folder.
      const serverLog = path.join(home, 'mysql-logs', 'mariadb-slow.log');
      await makeSandboxSlowLog(sandboxUrl, serverLog);
      copyFileSync(serverLog, path.join(workspace, MADE));
      await showExplorer(page);
      const file = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: MADE });
      await file.waitFor({ timeout: 15_000 });
      await file.click({ button: 'right' });
      const clicks = await wb.clickMenuItem('Analyze Slow Log');
      const title = `Slow log: ${MADE}`;
      const table = await slowLogTable(wb, title);
      const classes = checkWorkload(table);
      const byCount = await sortByCount(wb, title, table);
      check(/in\(\?\+\)/.test(byCount.cells[0][0]), `the join's class is not first by count: ${byCount.cells[0][0]}`);
      await screenshot('slow-log-explorer-table');
      const opened = await openRow(wb, page, byCount, 'join rental r', /SELECT c\.last_name, r\.rental_date FROM customer c JOIN rental r/);
      // The sample is a real statement of the class, with its literals.
      const statement = await opened.report.locator('#statement').innerText();
      check(/IN \(1(, \d)*\)/.test(statement), `the sample is not one of the run statements: ${statement}`);
      await wb.closeTab(title);
      return `menu clicks: ${clicks}; ${classes}; sample "${statement.replace(/\s+/g, ' ').slice(0, 100)}" analysed in ${opened.ms} ms: ${opened.execution.slice(0, 60)}, ${opened.nodes} plan nodes`;
    },
  },
  {
    name: 'Analyze Slow Log from the palette with no log open: the file picked in the open dialog; the table; a row opens its sample and its report',
    shot: 'slow-log-picked',
    run: async ({ wb, page, home, screenshot }) => {
      const serverLog = path.join(home, 'mysql-logs', 'mariadb-slow.log');
      check(existsSync(serverLog), 'the previous step left no server log');
      // A SQL file in front, not a log: the command asks for the file.
      await gotoQueryLine(wb, /^SELECT\s+rental_id/);
      await wb.runCommand('MySQL Query Tuner: Analyze Slow Log');
      const dialog = wb.quickInput();
      await dialog.locator('.quick-input-title').filter({ hasText: 'Pick slow query logs' }).waitFor({ state: 'visible' });
      // The path typed in. The dialog rewrites its box as it follows the folders typed (a value set
      // at once can be overwritten by its own pending update): typed again until it stays.
      const box = wb.quickInputBox();
      await pollUntil(
        async () => {
          await box.fill(serverLog);
          await page.waitForTimeout(700);
          return (await box.inputValue()) === serverLog;
        },
        { timeoutMs: 15_000, what: `the open dialog to keep the typed path ${serverLog}` },
      );
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: path.basename(serverLog) })
        .first()
        .waitFor({ timeout: 10_000 });
      await screenshot('slow-log-open-dialog');
      await page.keyboard.press('Enter');
      await wb.waitQuickInputClosed();
      // The tab names the file; the heading gives its whole path.
      const title = `Slow log: ${path.basename(serverLog)}`;
      const table = await slowLogTable(wb, title);
      const heading = await table.frame.locator('h1, h2').first().innerText();
      check(heading.includes(serverLog), `the heading does not give the path: ${heading}`);
      const classes = checkWorkload(table);
      await screenshot('slow-log-picked-table');
      const opened = await openRow(wb, page, table, 'from payment where amount', /SELECT COUNT\(\*\) FROM payment WHERE amount > \d/);
      await wb.closeTab(title);
      return `${classes}; the payment scan's sample analysed in ${opened.ms} ms: ${opened.execution.slice(0, 60)}`;
    },
  },
];
