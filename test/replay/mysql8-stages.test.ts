// Replay: the performance_schema stage timeline on MySQL 8. The server serves the statement and
// stage events the MySQL 8.0 manual recorded for one statement (its "Query Profiling Using
// Performance Schema" example); the analysis must find our statement's event, read its stages
// in order and show them as the profile, as it does with SHOW PROFILE on MariaDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadStandaloneAssets, renderStandaloneHtml } from '../../src/core/report/standalone';
import { parseBoxTables } from '../../src/core/plan/textTables';
import { renderText } from '../../src/core/report/text';
import { renderReportSection } from '../../src/core/report/html';
import type { Report } from '../../src/core/report/model';
import { useReplay, type Reply } from './server';

const recorded = readFileSync(join(__dirname, '../fixtures/profile/refman80-perf-schema-stages.txt'), 'utf8').split('\n');
const [statements, stages] = parseBoxTables(recorded);
// The classic EXPLAIN of the same statement on the same sample database, from another recording.
const [explain] = parseBoxTables(readFileSync(join(__dirname, '../fixtures/replay/public-notes-explain-employees-10001.txt'), 'utf8').split('\n'));
const [eventId, duration, sqlText] = statements.rows[0];
/** performance_schema timers are picoseconds; the recording printed seconds. */
const ps = (seconds: string) => String(Math.round(Number(seconds) * 1e12));
const THREAD = '48';

let ran = false;
function answer(sql: string): Reply {
  if (/^SELECT VERSION\(\)/i.test(sql)) return { columns: ['v', 'c', 'ps', 'mp'], rows: [['8.0.36', 'MySQL Community Server - GPL', '1', '67108864']] };
  if (/@@have_profiling/i.test(sql)) return { columns: ['hp'], rows: [['YES']] };
  if (/^(SET|FLUSH STATUS|START TRANSACTION|ROLLBACK|COMMIT)\b/i.test(sql)) return { ok: true };
  if (/^SHOW SESSION STATUS( WHERE Value <> '0')?$/i.test(sql)) return { columns: ['Variable_name', 'Value'], rows: [['Handler_read_key', ran ? '1' : '0']] };
  if (sql === sqlText) {
    ran = true;
    // The employees sample database's row for emp_no 10001.
    return {
      columns: ['emp_no', 'birth_date', 'first_name', 'last_name', 'gender', 'hire_date'],
      rows: [['10001', '1953-09-02', 'Georgi', 'Facello', 'M', '1986-06-26']],
    };
  }
  if (sql === `EXPLAIN ${sqlText}`) return { columns: explain.columns, rows: explain.rows.map((r) => r.map((c) => (c === 'NULL' ? null : c))) };
  if (/^SELECT DATABASE\(\)/i.test(sql)) return { columns: ['db'], rows: [['employees']] };
  if (/FROM information_schema\.TABLES /i.test(sql)) return { columns: ['s', 'n', 't', 'e'], rows: [['employees', 'employees', 'BASE TABLE', 'InnoDB']] };
  if (/FROM information_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
  if (/performance_schema\.threads/i.test(sql)) return { columns: ['t'], rows: [[THREAD]] };
  if (/performance_schema\.events_statements_history /i.test(sql)) {
    if (!ran || !new RegExp(`THREAD_ID = ${THREAD}\\b`).test(sql)) return { columns: ['EVENT_ID', 'SQL_TEXT', 'TIMER_WAIT'], rows: [] };
    return { columns: ['EVENT_ID', 'SQL_TEXT', 'TIMER_WAIT'], rows: [[eventId, sqlText, ps(duration)]] };
  }
  if (/performance_schema\.events_stages_history_long/i.test(sql)) {
    const mine = new RegExp(`THREAD_ID = ${THREAD} AND NESTING_EVENT_ID = ${eventId}\\b`).test(sql);
    return { columns: ['EVENT_NAME', 'TIMER_WAIT', 'SOURCE'], rows: mine ? stages.rows.map(([name, s]) => [name, ps(s), null]) : [] };
  }
  // No recorded JSON or tree EXPLAIN for this statement: the classic plan stands in.
  return { error: { code: 1064, message: `replay has no recording for: ${sql.slice(0, 80)}` } };
}

let report: Report;
const { server } = useReplay('8.0.36', answer, 'employees', async (session) => {
  report = await session.analyze(sqlText, { timeoutMs: 5000 });
});

test('replay MySQL 8.0: the stages of our statement come from performance_schema, in order', () => {
  assert.equal(report.execution.executed, true, JSON.stringify(report.execution));
  assert.equal(report.profile.source, 'performance-schema', report.profile.note);
  assert.equal(report.plan?.format, 'classic');
  assert.equal(report.plan?.root.table, 'employees');
  assert.deepEqual(
    report.profile.stages.map((s) => s.name),
    stages.rows.map(([n]) => n.replace(/^stage\/sql\//, '')),
  );
  const opening = report.profile.stages.find((s) => s.name === 'Opening tables');
  assert.ok(opening && Math.abs(opening.ms - 27.759) < 1e-9, JSON.stringify(opening));
  const sum = stages.rows.reduce((t, [, s]) => t + Number(s) * 1000, 0);
  assert.ok(Math.abs((report.profile.totalMs ?? 0) - sum) < 1e-6, `${report.profile.totalMs} vs ${sum}`);
  assert.ok(Math.abs((report.profile.statement?.ms ?? 0) - 28.31) < 1e-9, JSON.stringify(report.profile.statement));
  // Stages were asked for our own thread and our statement's event, after it ran; SHOW PROFILE is deprecated there.
  assert.ok(
    server().queries.some((q) => /events_stages_history_long/.test(q) && /THREAD_ID = 48 AND NESTING_EVENT_ID = 31\b/.test(q)),
    server().queries.join('\n'),
  );
  assert.equal(
    server().queries.some((q) => /^SHOW PROFILE/i.test(q)),
    false,
  );
});

test('replay MySQL 8.0: the stage timeline is in the text and HTML reports, slowest stage first to see', () => {
  const text = renderText(report);
  assert.match(text, /Opening tables\s+27\.\d+ ms\s+9\d\.\d%/, text);
  const html = renderReportSection(report);
  assert.match(html, /Profile <span class="muted">\(performance-schema, 28\.\d+ ms\)<\/span>/, html);
  for (const [name] of stages.rows) assert.ok(html.includes(`<td>${name.replace(/^stage\/sql\//, '')}</td>`), name);
});

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.MQT_CHROMIUM ?? '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM)
  ? `no chromium at ${CHROMIUM}`
  : !existsSync(join(ROOT, 'dist', 'webview.js'))
    ? 'dist/webview.js not built (npm run build)'
    : false;

test('replay MySQL 8.0: the report view draws the stage timeline, the slowest stage marked', { skip }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mqt-stages-')), 'report.html');
  writeFileSync(file, renderStandaloneHtml([report], loadStandaloneAssets(ROOT)));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-state="report"]', { timeout: 10000 });
    assert.equal(await page.locator('#profile .timeline .seg').count(), stages.rows.length);
    assert.equal(await page.locator('#profile .timeline .seg.top').getAttribute('title'), 'Opening tables: 27.8 ms (98.1%)');
    assert.match(await page.locator('#profile').innerText(), /Slowest stage: Opening tables/);
  } finally {
    await browser.close();
  }
});
