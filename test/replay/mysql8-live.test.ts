// Replay: the live view's MySQL path. MySQL has no SHOW ANALYZE: while the statement runs, the
// second connection reads its plan with EXPLAIN FORMAT=JSON FOR CONNECTION (the plan only; the
// manual says it prints what EXPLAIN FORMAT=JSON prints, so the recorded EXPLAIN of the same
// statement is served) and the current stage from performance_schema.events_stages_current.
// The stage names are those of the manual's recorded stage history (refman80-perf-schema-stages);
// no recording of events_stages_current with WORK_COMPLETED/WORK_ESTIMATED was available, so
// those two figures are made up here, in the documented columns, and say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBoxTables } from '../../src/core/plan/textTables';
import { stripHeader } from '../unit/core/plan/fixtures';
import type { LiveUpdate } from '../../src/core/live';
import type { Report } from '../../src/core/report/model';
import { useReplay, type Reply } from './server';

const SQL = "SELECT Name FROM country WHERE Code LIKE 'A%'";
const recordedPlan = (() => {
  const [t] = parseBoxTables(stripHeader(readFileSync(join(__dirname, '../fixtures/plan/recorded/mysql-json/refman9x-explain-3.txt'), 'utf8')).split('\n'));
  return t.rows[0][0];
})();
const [, stageTable] = parseBoxTables(readFileSync(join(__dirname, '../fixtures/profile/refman80-perf-schema-stages.txt'), 'utf8').split('\n'));
const STAGES = stageTable.rows.map(([name]) => name);
/** The live view names a stage without its instrument prefix. */
const SHORT = STAGES.map((n) => n.replace(/^stage\/sql\//, ''));
const RUN_MS = 2600;

let main = -1;
let polls = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function answer(sql: string): Promise<Reply> {
  if (/^SELECT VERSION\(\)/i.test(sql)) return { columns: ['v', 'c', 'ps', 'mp'], rows: [['8.0.36', 'MySQL Community Server - GPL', '1', '67108864']] };
  if (/@@have_profiling/i.test(sql)) return { columns: ['hp'], rows: [['NO']] };
  if (/^(SET|FLUSH STATUS|START TRANSACTION|ROLLBACK|COMMIT)\b/i.test(sql)) return { ok: true };
  if (/^SHOW SESSION STATUS( WHERE Value <> '0')?$/i.test(sql)) return { columns: ['Variable_name', 'Value'], rows: [['Handler_read_key', '0']] };
  if (sql === SQL) {
    await sleep(RUN_MS);
    return { columns: ['Name'], rows: [['Aruba'], ['Afghanistan']] };
  }
  if (sql === `EXPLAIN FORMAT=JSON ${SQL}`) return { columns: ['EXPLAIN'], rows: [[recordedPlan]] };
  if (sql === `EXPLAIN FORMAT=JSON FOR CONNECTION ${main}`) return { columns: ['EXPLAIN'], rows: [[recordedPlan]] };
  if (/events_stages_current/.test(sql)) {
    if (!new RegExp(`PROCESSLIST_ID = ${main}\\b`).test(sql)) return { columns: ['name', 'done', 'est'], rows: [] };
    const k = polls++;
    // Made-up progress in the documented columns: 25%, 50%, ... of 1000 units.
    return { columns: ['name', 'done', 'est'], rows: [[STAGES[Math.min(k + 3, STAGES.length - 1)], String(Math.min(1000, (k + 1) * 250)), '1000']] };
  }
  if (/^SELECT DATABASE\(\)/i.test(sql)) return { columns: ['db'], rows: [['world']] };
  if (/FROM information_schema\.TABLES /i.test(sql)) return { columns: ['s', 'n', 't', 'e'], rows: [['world', 'country', 'BASE TABLE', 'InnoDB']] };
  if (/FROM information_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
  if (/performance_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
  return { error: { code: 1064, message: `replay has no recording for: ${sql.slice(0, 80)}` } };
}

let report: Report;
const updates: LiveUpdate[] = [];
const { server } = useReplay('8.0.36', answer, 'world', async (session) => {
  await session.analyze('SELECT 1', { timeoutMs: 5000, live: false }).catch(() => undefined);
  main = Number((session as unknown as { conn: { threadId: number } }).conn.threadId);
  report = await session.analyze(SQL, { timeoutMs: 10_000, onLive: (u) => updates.push(u) });
});

test('replay MySQL 8.0: the live view reads the plan with EXPLAIN FOR CONNECTION and the stage progress from performance_schema', () => {
  assert.equal(report.execution.executed, true, JSON.stringify(report.execution));
  assert.ok(updates.length >= 2, `${updates.length} updates`);
  for (const u of updates) {
    assert.equal(u.source, 'explain-for-connection');
    assert.equal(u.plan?.format, 'mysql-json');
    assert.deepEqual(
      u.nodes.map((n) => [n.table, n.rowsEstimated, n.rows]),
      [['country', 17, undefined]],
      'the plan only: no rows so far',
    );
    assert.ok(u.work && u.work.estimated === 1000, JSON.stringify(u));
    assert.ok(SHORT.includes(u.stage ?? ''), u.stage);
  }
  assert.ok(updates[updates.length - 1].work!.completed > updates[0].work!.completed, 'stage progress goes up');
  // The plan is read once; the stage at every poll.
  assert.equal(server().queries.filter((q) => q === `EXPLAIN FORMAT=JSON FOR CONNECTION ${main}`).length, 1);
  assert.equal(server().queries.filter((q) => /events_stages_current/.test(q)).length, updates.length);
  assert.equal(
    server().queries.some((q) => /SHOW ANALYZE/i.test(q)),
    false,
  );
  assert.equal(report.live?.source, 'explain-for-connection');
});
