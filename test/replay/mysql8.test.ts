// Replay: recorded MySQL 8 outputs served over the real wire protocol (MySQL 8 cannot be
// installed here). Checks the MySQL code paths of the profiler: flavor detection, the
// MySQL time limit, FLUSH/SHOW STATUS counters, MySQL JSON plans, the profile source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkPlan } from '../../src/core/plan/model';
import { useReplay, type Reply } from './server';

const fixtures = join(__dirname, '../fixtures');
/** A recorded output without its provenance header (and without the EXPLAIN column header). */
function body(file: string): string {
  const text = readFileSync(join(fixtures, file), 'utf8');
  return text.slice(text.indexOf('\n\n') + 2).replace(/^(EXPLAIN|Variable_name\tValue)\n/, '');
}
const statusRows = body('replay/mysqlserver-handler_read_last-4.txt')
  .trim()
  .split('\n')
  .map((l) => l.split('\t'));
const explainJson = body('plan/recorded/mysql-json/mysqlserver-explain_json_none-3.txt');
const explainTree = body('plan/recorded/mysql-tree/mysqlserver-explain_tree-4.txt');

const STATEMENT = 'SELECT a FROM t1 ORDER BY a DESC LIMIT 3';
let ran = false;

function answer(sql: string): Reply {
  if (/^SELECT VERSION\(\)/i.test(sql)) {
    return { columns: ['v', 'c', 'ps', 'mp', 'hp', 'db', 'tm'], rows: [['8.0.36', 'MySQL Community Server - GPL', '1', '67108864', 'YES', 'test', '1048576']] };
  }
  if (/@@have_profiling/i.test(sql)) return { columns: ['hp'], rows: [['YES']] };
  if (/^(SET|FLUSH STATUS|START TRANSACTION|ROLLBACK|COMMIT)\b/i.test(sql)) return { ok: true };
  if (/^EXPLAIN FORMAT=JSON /i.test(sql)) return { columns: ['EXPLAIN'], rows: [[explainJson]] };
  if (/^EXPLAIN FORMAT=TREE /i.test(sql)) return { columns: ['EXPLAIN'], rows: [[explainTree]] };
  if (/^SHOW SESSION STATUS( WHERE Value <> '0')?$/i.test(sql)) {
    // After FLUSH STATUS the handler counters start at zero; after the statement they are the recorded ones.
    return { columns: ['Variable_name', 'Value'], rows: statusRows.map(([n, v]) => [n, ran ? v : '0']) };
  }
  if (sql === STATEMENT) {
    ran = true;
    return { columns: ['a'], rows: [['9'], ['8'], ['7']] };
  }
  // The safety check reads the catalog: t1 is an InnoDB table with no triggers.
  if (/^SELECT DATABASE\(\)/i.test(sql)) return { columns: ['db'], rows: [['test']] };
  if (/FROM information_schema\.TABLES /i.test(sql)) return { columns: ['s', 'n', 't', 'e'], rows: [['test', 't1', 'BASE TABLE', 'InnoDB']] };
  if (/FROM information_schema\./i.test(sql)) return { columns: ['x'], rows: [] };
  if (/performance_schema\.threads/i.test(sql)) return { columns: ['t'], rows: [['48']] };
  if (/performance_schema\.events_statements_history/i.test(sql)) return { columns: ['EVENT_ID', 'SQL_TEXT'], rows: [] };
  if (process.env.REPLAY_DEBUG) console.error('unanswered:', sql);
  return { error: { code: 1064, message: `replay has no recording for: ${sql.slice(0, 80)}` } };
}

const { server, session } = useReplay('8.0.36', answer, 'test');

test('replay MySQL 8.0: flavor, MySQL time limit, counters from the recorded SHOW STATUS', async () => {
  const r = await session().analyze(STATEMENT, { timeoutMs: 5000 });
  assert.deepEqual(r.server, { flavor: 'mysql', version: '8.0.36', comment: 'MySQL Community Server - GPL' });
  assert.equal(r.execution.executed, true, JSON.stringify(r.execution));
  assert.equal(r.execution.rows, 3);
  const c = (n: string) => r.counters.find((x) => x.name === n)?.corrected;
  assert.equal(c('Handler_read_last'), 1);
  assert.equal(c('Handler_read_prev'), 2);
  // READ ONLY, the limit and profiling: one SET when the session connects.
  assert.ok(server().queries.includes('SET SESSION transaction_read_only = 1, max_execution_time = 5000, profiling = 1'), server().queries.join('\n'));
  assert.equal(
    server().queries.some((q) => /max_statement_time/.test(q)),
    false,
    'no MariaDB-only variable on MySQL',
  );
});

test('replay MySQL 8.0: the MySQL JSON plan with end markers is read', async () => {
  const r = await session().analyze(STATEMENT);
  assert.equal(r.plan?.format, 'mysql-json');
  const tables = [...walkPlan(r.plan!.root)].map((x) => x.node.table).filter(Boolean);
  // The recording names t1, t2 and the union's temporary table (the third SELECT's table is not in it).
  assert.deepEqual([...new Set(tables)].sort(), ['<union1,2,3>', 't1', 't2']);
  // MySQL 8.0.16+: the iterator tree is fetched too, as the server printed it.
  assert.equal(r.raw.explainTree, explainTree);
});

test('replay MySQL 8.0: performance_schema is the profile source; SHOW PROFILE (deprecated) is not used', async () => {
  const r = await session().analyze(STATEMENT);
  assert.equal(r.profile.source, null);
  assert.match(r.profile.note ?? '', /events_statements_history/);
  assert.equal(
    server().queries.some((q) => /^SHOW PROFILE/i.test(q)),
    false,
  );
});
