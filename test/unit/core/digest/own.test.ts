import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzedStatement, isToolStatement, userStatements, type TopStatement } from '../../../../src/core/digest';

// DIGEST_TEXTs as MariaDB 10.11 keeps them after one Explain & Profile (the sandbox, 2026-12-02).
const TOOL = [
  'SHOW SESSION STATUS ',
  'FLUSH STATUS ',
  'SET `profiling` = ? ',
  'SHOW PROFILE ALL FOR QUERY ? ',
  'SHOW PROFILES ',
  'SET SESSION `optimizer_trace_max_mem_size` = ? ',
  'SET SESSION `optimizer_trace` = ? ',
  'SET SESSION TRANSACTION READ ONLY ',
  'SET SESSION MAX_STATEMENT_TIME = ? ',
  'START TRANSACTION READ ONLY ',
  'ROLLBACK ',
  'EXPLAIN FORMAT = JSON SELECT COUNT ( * ) FROM `payment` WHERE `amount` > ? ',
  'EXPLAIN SELECT COUNT ( * ) FROM `payment` WHERE `amount` > ? ',
  'SELECT @@`performance_schema` AS `ps` ',
  'SELECT @@`have_profiling` AS `hp` ',
  'SELECT SCHEMA ( ) AS `db` ',
  'SELECT @@PORT AS PORT , `VERSION` ( ) AS `version` ',
  'SELECT `VERSION` ( ) AS `v` , @@`version_comment` AS `c` , @@`performance_schema` AS `ps` , @@`max_allowed_packet` AS `m` ',
  'SELECT `THREAD_ID` AS `t` FROM `performance_schema` . `threads` WHERE `PROCESSLIST_ID` = `CONNECTION_ID` ( ) ',
  'SELECT COLUMN_NAME AS `c` FROM `information_schema` . `COLUMNS` WHERE `TABLE_SCHEMA` = ? AND TABLE_NAME = ? ',
  'SELECT `TRACE` AS `t` , `MISSING_BYTES_BEYOND_MAX_MEM_SIZE` AS `missing` FROM `information_schema` . `OPTIMIZER_TRACE` ',
  'SELECT COUNT ( * ) AS `n` FROM `mysql` . `user` WHERE SYSTEM_USER = ? ',
  'SELECT VALUE FROM `sakila` . `mqt_sandbox_meta` WHERE NAME = ? ',
  'EXPLAIN ANALYZE SELECT * FROM `t` ',
  'KILL QUERY ? ',
  'USE `sakila` ',
];
const USER = [
  'SELECT COUNT ( * ) FROM `payment` WHERE `amount` > ? ',
  'SELECT `SLEEP` ( ? ) ',
  'SELECT ? ',
  'ANALYZE TABLE `t1` ',
  'INSERT INTO `t1` ( `id` , `s` ) VALUES (...) ',
  'SELECT `c` . `customer_id` , COUNT ( * ) AS `rentals` FROM `customer` `c` JOIN `rental` `r` ON `r` . `customer_id` = `c` . `customer_id` ',
  'SELECT `mysql_version` FROM `app` . `settings` ',
  'UPDATE `film` SET `title` = ? WHERE `film_id` = ? ',
  'START TRANSACTION ',
  'COMMIT ',
  'SELECT @@`x` + `a` FROM `t` ',
];

test("the tool's own statements are recognised by their digest text, the user's are not", () => {
  for (const t of TOOL) assert.equal(isToolStatement(t), true, t);
  for (const t of USER) assert.equal(isToolStatement(t), false, t);
});

test('ANALYZE FORMAT=JSON: the statement inside, from a digest text or a real statement', () => {
  assert.equal(analyzedStatement('ANALYZE FORMAT = JSON SELECT ? ', 'digest'), 'SELECT ? ');
  assert.equal(analyzedStatement('ANALYZE TABLE `t1` ', 'digest'), undefined);
  assert.equal(analyzedStatement('analyze format=json\n  SELECT 1', 'sql'), 'SELECT 1');
  assert.equal(analyzedStatement('/* mqt */ ANALYZE /* x */ FORMAT = JSON SELECT 1', 'sql'), 'SELECT 1');
  assert.equal(analyzedStatement('SELECT 1', 'sql'), undefined);
});

const row = (digest: string, digestText: string, calls: number, totalMs: number, extra: Partial<TopStatement> = {}): TopStatement => ({
  digest,
  digestText,
  sample: null,
  calls,
  totalMs,
  avgMs: totalMs / calls,
  rowsExamined: calls * 10,
  rowsSent: calls,
  tmpDiskTables: 0,
  fullScans: calls,
  noIndexUsed: 0,
  analyzeRuns: 0,
  schema: 'sakila',
  firstSeen: '2026-12-02 00:00:10',
  lastSeen: '2026-12-02 00:00:20',
  ...extra,
});

test('an ANALYZE run merges into its plain form: figures added, the plain digest and sample kept, re-ranked', () => {
  const { rows, hidden, digests } = userStatements([
    row('a1', 'ANALYZE FORMAT = JSON SELECT * FROM `t` WHERE `a` = ? ', 1, 50, {
      sample: 'ANALYZE FORMAT=JSON SELECT * FROM t WHERE a = 1',
      firstSeen: '2026-12-02 00:00:05',
    }),
    row('s1', 'SHOW SESSION STATUS ', 30, 40),
    row('o1', 'SELECT * FROM `other` ', 2, 45),
    row('p1', 'SELECT * FROM `t` WHERE `a` = ? ', 3, 10, { sample: 'SELECT * FROM t WHERE a = 2', lastSeen: '2026-12-02 00:00:30' }),
    row('a2', 'ANALYZE FORMAT = JSON SELECT * FROM `u` ', 1, 5, { sample: 'ANALYZE FORMAT=JSON SELECT * FROM u' }),
    row('p9', 'SELECT * FROM `t` WHERE `a` = ? ', 1, 1, { schema: 'other' }),
  ]);
  assert.equal(hidden, 1);
  assert.deepEqual(
    rows.map((r) => [r.digest, r.digestText.trim(), r.calls, r.totalMs, r.analyzeRuns]),
    [
      ['p1', 'SELECT * FROM `t` WHERE `a` = ?', 4, 60, 1],
      ['o1', 'SELECT * FROM `other`', 2, 45, 0],
      ['a2', 'SELECT * FROM `u`', 1, 5, 1],
      ['p9', 'SELECT * FROM `t` WHERE `a` = ?', 1, 1, 0],
    ],
  );
  const m = rows[0]!;
  assert.equal(m.sample, 'SELECT * FROM t WHERE a = 2');
  assert.equal(m.avgMs, 15);
  assert.equal(m.rowsExamined, 40);
  assert.equal(m.fullScans, 4);
  assert.deepEqual([m.firstSeen, m.lastSeen], ['2026-12-02 00:00:05', '2026-12-02 00:00:30']);
  assert.deepEqual(digests.get(m), ['p1', 'a1'], 'the plain form first, for its sample');
  assert.equal(rows[2]!.sample, 'SELECT * FROM u', 'a run alone: its sample without the prefix');
});
