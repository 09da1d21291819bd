import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateTables, tableAt } from '../../../../src/core/sql/locate';

const names = (sql: string) => locateTables(sql).map((r) => (r.alias ? `${r.name} ${r.alias}` : r.name));
const texts = (sql: string) => locateTables(sql).map((r) => sql.slice(r.start, r.end));

test('FROM, JOIN, aliases with and without AS, schema-qualified names', () => {
  const sql = 'SELECT * FROM customer c JOIN rental AS r ON r.customer_id = c.customer_id LEFT OUTER JOIN sakila.film f ON 1';
  assert.deepEqual(names(sql), ['customer c', 'rental r', 'film f']);
  assert.deepEqual(texts(sql), ['customer c', 'rental AS r', 'sakila.film f']);
  assert.equal(locateTables(sql)[2].schema, 'sakila');
});

test('comma joins, also after an ON condition; clause words end the list', () => {
  assert.deepEqual(names('SELECT 1 FROM a, b x, c WHERE a.id = b.id ORDER BY 1'), ['a', 'b x', 'c']);
  assert.deepEqual(names('SELECT 1 FROM a JOIN b ON a.id = b.id, c GROUP BY 1'), ['a', 'b', 'c']);
  assert.deepEqual(names('SELECT 1 FROM a STRAIGHT_JOIN b NATURAL JOIN c CROSS JOIN d'), ['a', 'b', 'c', 'd']);
});

test('derived tables span their parentheses; subqueries anywhere are found', () => {
  const sql =
    'SELECT t.n FROM (SELECT customer_id, COUNT(*) n FROM rental GROUP BY customer_id) AS t WHERE t.n > (SELECT 1 FROM dual_x) AND id IN (SELECT id FROM inv)';
  const refs = locateTables(sql);
  assert.deepEqual(
    refs.map((r) => r.name),
    ['t', 'rental', 'dual_x', 'inv'],
  );
  const t = refs[0];
  assert.equal(t.derived, true);
  assert.ok(sql.slice(t.start, t.end).startsWith('(SELECT customer_id'));
  assert.ok(sql.slice(t.start, t.end).endsWith(') AS t'));
});

test('UPDATE, INSERT INTO, REPLACE INTO, DELETE FROM, DELETE ... USING, multi-table DELETE', () => {
  assert.deepEqual(names('UPDATE film f SET f.x = 1 WHERE f.id IN (SELECT film_id FROM film_actor)'), ['film f', 'film_actor']);
  assert.deepEqual(names('INSERT INTO t (a, b) SELECT a, b FROM s'), ['t', 's']);
  assert.deepEqual(names('REPLACE INTO t VALUES (1)'), ['t']);
  assert.deepEqual(names('DELETE FROM payment WHERE amount < 1'), ['payment']);
  assert.deepEqual(names('DELETE FROM t1 USING t1 JOIN t2 ON t1.id = t2.id'), ['t1', 't1', 't2']);
  assert.deepEqual(names('DELETE t1 FROM t1 JOIN t2 USING (id) WHERE 1'), ['t1', 't2']);
});

test('FROM inside functions, INTO variables and outfiles, index hints and partitions are not tables', () => {
  assert.deepEqual(names("SELECT EXTRACT(YEAR FROM d), TRIM(LEADING 'x' FROM s), SUBSTRING(s FROM 2) FROM t"), ['t']);
  assert.deepEqual(names('SELECT 1 INTO @x FROM t'), ['t']);
  assert.deepEqual(names("SELECT * FROM t INTO OUTFILE '/tmp/x'"), ['t']);
  assert.deepEqual(names('SELECT * FROM t USE INDEX (i1) FORCE INDEX FOR JOIN (i2) JOIN u PARTITION (p0) AS v ON 1'), ['t', 'u v']);
});

test('quoted names, comments, CTEs and parenthesised joins', () => {
  assert.deepEqual(names('SELECT * FROM `my``tab` `x y` /* FROM nope */ -- FROM nope\nJOIN "s"'), ['my`tab x y']);
  assert.deepEqual(names('WITH c AS (SELECT * FROM base) SELECT * FROM c JOIN (a JOIN b ON 1) ON 1'), ['base', 'c', 'a', 'b']);
});

test('never throws, whatever the input', () => {
  const samples = [
    '',
    '(',
    ')))',
    'FROM',
    'SELECT * FROM',
    'FROM (',
    "FROM 'unterminated",
    'FROM `x',
    'JOIN JOIN JOIN',
    'FROM a AS',
    '/*',
    'FROM a.',
    'FROM (SELECT (SELECT FROM ) x',
  ];
  for (const s of samples) assert.doesNotThrow(() => locateTables(s), s);
  assert.deepEqual(locateTables(null as unknown as string), []);
  // random soup from SQL-ish pieces
  const pieces = ['FROM', 'JOIN', '(', ')', ',', 'SELECT', 'a', 'AS', '`q`', "'s'", 'ON', '.', 'USING', 'INTO', '@', 'WHERE', ';', '--', '\n', '/*', '*/'];
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 500; i++) {
    const sql = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => pieces[Math.floor(rand() * pieces.length)]).join(' ');
    const refs = locateTables(sql);
    for (const r of refs) assert.ok(r.start >= 0 && r.end <= sql.length && r.start <= r.end, sql);
  }
});

test('tableAt: inside a reference, or on a qualifier, answers the alias', () => {
  const sql = 'SELECT c.last_name, r.rental_date FROM customer c JOIN rental r ON r.customer_id = c.customer_id';
  assert.equal(tableAt(sql, sql.indexOf('customer c') + 2), 'c');
  assert.equal(tableAt(sql, sql.indexOf('rental r') + 7), 'r');
  assert.equal(tableAt(sql, sql.indexOf('c.last_name')), 'c');
  assert.equal(tableAt(sql, sql.indexOf('r.rental_date') + 1), 'r');
  assert.equal(tableAt(sql, 0), undefined);
  assert.equal(tableAt(sql, sql.indexOf('last_name') + 3), undefined);
  const derived = 'SELECT * FROM (SELECT * FROM rental) AS t';
  assert.equal(tableAt(derived, derived.indexOf('rental') + 1), 'rental', 'innermost reference wins');
  assert.equal(tableAt(derived, derived.length - 1), 't');
});

test('join conditions: each table reference knows its ON clause', async () => {
  const { locateTables: locate } = await import('../../../../src/core/sql/locate');
  const sql =
    'SELECT * FROM customer c JOIN rental r ON r.customer_id = c.customer_id AND r.x = (SELECT 1) LEFT JOIN film f ON (f.id = r.film_id) WHERE c.a = 1';
  const refs = locate(sql);
  const cond = (alias: string) => {
    const r = refs.find((x) => x.alias === alias)?.condition;
    return r && sql.slice(r.start, r.end);
  };
  assert.equal(cond('c'), undefined);
  assert.equal(cond('r'), 'ON r.customer_id = c.customer_id AND r.x = (SELECT 1)');
  assert.equal(cond('f'), 'ON (f.id = r.film_id)');
  const tail = locate('SELECT 1 FROM a JOIN b ON a.id = b.id');
  assert.equal(tail[1].condition && 'SELECT 1 FROM a JOIN b ON a.id = b.id'.slice(tail[1].condition.start, tail[1].condition.end), 'ON a.id = b.id');
});

test('selects are numbered in written order, as the servers number them', async () => {
  const { locateSelects } = await import('../../../../src/core/sql/locate');
  const sql = 'SELECT a FROM t WHERE b IN (SELECT b FROM u WHERE c = (SELECT MAX(c) FROM v)) UNION SELECT 2';
  const s = locateSelects(sql).map((x) => ({ id: x.id, text: sql.slice(x.start, x.end) }));
  assert.deepEqual(
    s.map((x) => x.id),
    [1, 2, 3, 4],
  );
  assert.equal(s[0].text, sql);
  assert.equal(s[1].text, '(SELECT b FROM u WHERE c = (SELECT MAX(c) FROM v))');
  assert.equal(s[2].text, '(SELECT MAX(c) FROM v)');
  // Broken input: an unclosed subquery runs to the end of the text.
  assert.deepEqual(locateSelects('garbage ((( SELECT'), [{ id: 1, start: 10, end: 18 }]);
});
