import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprint } from '../../../../src/core/digest';

// Expected values are pt-query-digest 3.x's own fingerprints of the same statements.
const CASES: Array<[string, string]> = [
  ['SELECT * FROM film WHERE film_id IN (1, 2, 3)', 'select * from film where film_id in(?+)'],
  ['SELECT * FROM film WHERE film_id IN (1)', 'select * from film where film_id in(?+)'],
  ['SELECT a FROM t WHERE b = \'x\' AND c = "y"', 'select a from t where b = ? and c = ?'],
  ["SELECT a FROM t WHERE b = 'O''BRIEN'", 'select a from t where b = ??'],
  ["SELECT a FROM t WHERE b = 'O\\'NEIL'", 'select a from t where b = ?'],
  ['SELECT a FROM t1 WHERE x = -1.5e3', 'select a from t? where x = ?'],
  ['SELECT 0x1F', 'select ?f'],
  ['/* app */ SELECT a -- note\nFROM t # more\nWHERE b IS NULL', 'select a from t where b is ?'],
  ['SELECT /*!40001 SQL_NO_CACHE */ a FROM t', 'select /*!? sql_no_cache */ a from t'],
  ["INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, 'z')", 'insert into t (a, b) values(?+)'],
  ['SELECT a FROM t ORDER BY a ASC, b ASC LIMIT 10, 20', 'select a from t order by a, b limit ?'],
  ['SELECT a FROM t LIMIT 5 OFFSET 10', 'select a from t limit ?'],
  ['SELECT a FROM t WHERE b = 1 UNION ALL SELECT a FROM t WHERE b = 2', 'select a from t where b = ? /*repeat union all*/'],
  ['CALL proc(1, 2)', 'call proc'],
  ['use sakila', 'use ?'],
  ['administrator command: Quit', 'administrator command: Quit'],
  ['SELECT   a,\n\tb\n  FROM t WHERE flag = TRUE', 'select a, b from t where flag = ?'],
];

test('fingerprints fold literals, lists, comments and whitespace as pt-query-digest does', () => {
  for (const [q, fp] of CASES) assert.equal(fingerprint(q), fp, q);
});

test('IN lists of any length are one class', () => {
  const fps = new Set(
    Array.from({ length: 200 }, (_, i) => fingerprint(`SELECT 1 FROM t WHERE id IN (${Array.from({ length: i + 1 }, (_, j) => j).join(',')})`)),
  );
  assert.equal(fps.size, 1);
});

test('a large multi-row INSERT is cut to its first row before folding', () => {
  const rows = Array.from({ length: 20000 }, (_, i) => `(${i}, 'v${i}')`).join(',');
  assert.equal(fingerprint(`INSERT INTO t (a, b) VALUES ${rows}`), 'insert into t (a, b) values(?+)');
});

test('the memo of verbatim statements gives the same fingerprints, however small, and for long statements', async () => {
  const { FingerprintMemo } = await import('../../../../src/core/digest/fingerprint');
  const memo = new FingerprintMemo(2, 40);
  const queries = [...CASES.map(([q]) => q), ...CASES.map(([q]) => q).reverse(), `SELECT ${'x, '.repeat(30)}1 FROM t WHERE a = 5`];
  for (const q of queries) assert.equal(memo.get(q), fingerprint(q), q);
});
