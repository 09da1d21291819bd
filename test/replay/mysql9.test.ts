// Replay: a MySQL 9.5 server, from the recorded outputs of its manual, over the wire. The
// profiler must switch to EXPLAIN JSON version 2 (8.3+) and read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkPlan } from '../../src/core/plan/model';
import { useReplay, type Reply } from './server';

const recorded = readFileSync(join(__dirname, '../fixtures/plan/recorded/mysql-json2/refman9x-explain-1.txt'), 'utf8');
// The manual prints it with \G: "EXPLAIN: {json}".
const explainJson2 = recorded.slice(recorded.indexOf('\n\n') + 2).replace(/^EXPLAIN: /, '');
const STATEMENT = "SELECT Name FROM country WHERE Code LIKE 'A%'";
let jsonVersion = 1;

function answer(sql: string): Reply {
  if (/^SELECT VERSION\(\)/i.test(sql))
    return { columns: ['v', 'c', 'ps', 'mp', 'hp', 'db', 'tm'], rows: [['9.5.0', 'MySQL Community Server - GPL', '1', '67108864', 'YES', 'world', '1048576']] };
  if (/@@have_profiling/i.test(sql)) return { columns: ['hp'], rows: [['YES']] };
  // Asked for in the session's one set-up SET.
  if (/^SET SESSION .*\bexplain_json_format_version = 2$/i.test(sql)) {
    jsonVersion = 2;
    return { ok: true };
  }
  if (/^(SET|FLUSH STATUS)\b/i.test(sql)) return { ok: true };
  if (/^EXPLAIN FORMAT=JSON /i.test(sql)) {
    return jsonVersion === 2
      ? { columns: ['EXPLAIN'], rows: [[explainJson2]] }
      : { error: { code: 1105, message: 'replay: only the version 2 output is recorded' } };
  }
  if (/^SHOW SESSION STATUS( WHERE Value <> '0')?$/i.test(sql)) return { columns: ['Variable_name', 'Value'], rows: [['Handler_read_key', '0']] };
  if (/^SELECT DATABASE\(\)/i.test(sql)) return { columns: ['db'], rows: [['world']] };
  if (/FROM information_schema\.TABLES /i.test(sql)) return { columns: ['s', 'n', 't', 'e'], rows: [['world', 'country', 'BASE TABLE', 'InnoDB']] };
  if (/FROM information_schema\./i.test(sql) || /performance_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
  if (sql === STATEMENT) return { columns: ['Name'], rows: [] };
  return { error: { code: 1064, message: `replay has no recording for: ${sql.slice(0, 80)}` } };
}

const { server, session } = useReplay('9.5.0', answer, 'world');

test('replay MySQL 9.5: EXPLAIN JSON version 2 is asked for and read', async () => {
  const r = await session().analyze(STATEMENT);
  assert.equal(r.server.flavor, 'mysql');
  assert.ok(
    server().queries.includes('SET SESSION transaction_read_only = 1, max_execution_time = 0, profiling = 1, explain_json_format_version = 2'),
    server().queries.join('\n'),
  );
  assert.equal(r.plan?.format, 'mysql-json2');
  const scan = [...walkPlan(r.plan!.root)].map((x) => x.node).find((n) => n.table === 'country');
  assert.equal(scan?.key, 'PRIMARY');
  assert.equal(r.execution.executed, true);
  // The iterator tree was asked for too (8.0.16+); the replay has no recording of it, and that is not an error.
  assert.ok(server().queries.some((q) => q.startsWith('EXPLAIN FORMAT=TREE ')));
  assert.equal(r.raw.explainTree, undefined);
});
