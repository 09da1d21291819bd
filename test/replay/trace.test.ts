// Replay: the optimizer trace on MySQL 8, served over the wire from a recorded mysql-server
// trace (end markers on). Checks the capture's order (the trace around one EXPLAIN, off before
// the measured run), and that a server without a trace, or a user without the right, gets a
// report that says so and is otherwise whole.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfilerSession } from '../../src/core/session/profiler';
import { replaySession, startReplayServer, type Reply, type ReplayServer } from './server';

const TRACE_FILE = join(__dirname, '../fixtures/trace/mysql/mysqlserver-opttrace-range_no_prot-1.txt');
const trace = readFileSync(TRACE_FILE, 'utf8')
  .replace(/^#.*\n/gm, '')
  .trim();
const STATEMENT = 'SELECT * FROM t1 WHERE key2 < 5 OR key2 > 1020';

type Mode = 'ok' | 'no-trace' | 'denied';

function answerFor(mode: Mode) {
  return (sql: string): Reply => {
    // The one detect SELECT names the trace limit: a server without the variable refuses it, and is asked again part by part.
    if (/^SELECT VERSION\(\).*@@optimizer_trace_max_mem_size/i.test(sql)) {
      return mode === 'no-trace'
        ? { error: { code: 1193, message: "Unknown system variable 'optimizer_trace_max_mem_size'" } }
        : { columns: ['v', 'c', 'ps', 'mp', 'hp', 'db', 'tm'], rows: [['8.0.36', 'MySQL Community Server - GPL', '0', '67108864', 'NO', 'test', '1048576']] };
    }
    if (/^SELECT VERSION\(\)/i.test(sql)) return { columns: ['v', 'c', 'ps', 'mp'], rows: [['8.0.36', 'MySQL Community Server - GPL', '0', '67108864']] };
    if (/@@have_profiling/i.test(sql)) return { columns: ['hp'], rows: [['NO']] };
    if (/@@optimizer_trace_max_mem_size/i.test(sql)) {
      return mode === 'no-trace'
        ? { error: { code: 1193, message: "Unknown system variable 'optimizer_trace_max_mem_size'" } }
        : { columns: ['m'], rows: [['1048576']] };
    }
    if (/information_schema\.OPTIMIZER_TRACE/i.test(sql)) {
      return mode === 'denied'
        ? { error: { code: 1142, message: "SELECT command denied to user 'replay'@'localhost' for table 'OPTIMIZER_TRACE'" } }
        : { columns: ['t', 'missing', 'denied'], rows: [[trace, '0', '0']] };
    }
    if (/^(SET|FLUSH STATUS)\b/i.test(sql)) return { ok: true };
    if (/^EXPLAIN FORMAT=(JSON|TREE) /i.test(sql)) return { error: { code: 1064, message: 'not recorded' } };
    if (/^EXPLAIN /i.test(sql))
      return {
        columns: ['id', 'select_type', 'table', 'type', 'possible_keys', 'key', 'rows', 'Extra'],
        rows: [['1', 'SIMPLE', 't1', 'range', 'i2', 'i2', '57', 'Using index condition']],
      };
    if (/^SHOW SESSION STATUS( WHERE Value <> '0')?$/i.test(sql)) return { columns: ['Variable_name', 'Value'], rows: [['Handler_read_key', '0']] };
    if (sql === STATEMENT) return { columns: ['key1'], rows: [['1']] };
    if (/^SELECT DATABASE\(\)/i.test(sql)) return { columns: ['db'], rows: [['test']] };
    if (/FROM information_schema\.TABLES /i.test(sql)) return { columns: ['s', 'n', 't', 'e'], rows: [['test', 't1', 'BASE TABLE', 'InnoDB']] };
    // Columns and index parts in one UNION (k: 'c' a column, 'i' an index part).
    if (/FROM information_schema\.STATISTICS/i.test(sql))
      return {
        columns: ['k', 't', 'c', 'x', 'n'],
        rows: [
          ['i', 't1', 'key1', 'i1', '1'],
          ['i', 't1', 'key2', 'i2', '1'],
        ],
      };
    if (/FROM information_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
    if (/performance_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
    return { error: { code: 1064, message: `replay has no recording for: ${sql.slice(0, 80)}` } };
  };
}

const servers: ReplayServer[] = [];
const sessions: ProfilerSession[] = [];
after(async () => {
  for (const s of sessions) await s.close();
  for (const s of servers) await s.close();
});

async function run(mode: Mode) {
  const server = await startReplayServer('8.0.36', answerFor(mode));
  servers.push(server);
  const session = replaySession(server, 'test');
  sessions.push(session);
  return { report: await session.analyze(STATEMENT, { timeoutMs: 5000 }), queries: server.queries };
}

test('replay MySQL 8.0: the trace of one EXPLAIN, end markers read, turned off before the measured run', async () => {
  const { report, queries } = await run('ok');
  assert.ok(report.trace, report.traceNote);
  const t1 = report.trace.tables.find((t) => t.table === 't1')!;
  assert.deepEqual(t1.scan, { rows: 1024, cost: 107.06 });
  assert.equal(t1.chosen?.access, 'range');
  assert.equal(t1.chosen?.index, 'i2');
  // i1 is on key1, which the condition does not use: the schema read names its first column.
  assert.match(t1.alternatives.find((a) => a.index === 'i1')!.why, /does not use the index's first column \(key1\)/);
  const on = queries.indexOf("SET SESSION optimizer_trace_max_mem_size = 1048576, optimizer_trace = 'enabled=on'");
  const off = queries.indexOf("SET SESSION optimizer_trace = 'enabled=off', optimizer_trace_max_mem_size = 1048576");
  const ran = queries.indexOf(STATEMENT);
  assert.ok(on >= 0 && off > on && ran > off, queries.join('\n'));
  assert.deepEqual(
    queries.slice(on + 1, off).filter((q) => /^EXPLAIN/.test(q)),
    [`EXPLAIN ${STATEMENT}`],
  );
  assert.equal(report.execution.executed, true);
});

test('replay MySQL 8.0: no trace on this server: the report says so, everything else works', async () => {
  const { report, queries } = await run('no-trace');
  assert.equal(report.trace, null);
  assert.match(report.traceNote ?? '', /keeps no optimizer trace/);
  assert.equal(
    queries.some((q) => /enabled=on/.test(q)),
    false,
  );
  assert.equal(report.execution.executed, true);
  assert.ok(report.plan);
});

test('replay MySQL 8.0: OPTIMIZER_TRACE denied: the report says why, the trace is off again', async () => {
  const { report, queries } = await run('denied');
  assert.equal(report.trace, null);
  assert.match(report.traceNote ?? '', /No optimizer trace: SELECT command denied/);
  assert.ok(
    queries.findIndex((q) => q.startsWith("SET SESSION optimizer_trace = 'enabled=off'")) >
      queries.findIndex((q) => q.endsWith("optimizer_trace = 'enabled=on'")),
  );
  assert.equal(report.execution.executed, true);
});
