// analyzeHints must never throw, whatever the text: random token soups, mutated real
// queries, truncations. Seeded so a failure can be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeHints, type HintInput } from '../../../../src/core/hints';
import { planNode } from '../../../../src/core/plan';
import { recordedPlan, sakila } from './helpers';
import { prng } from '../../../support/prng';

const SEEDS = [
  'SELECT * FROM film f LEFT JOIN film_actor fa ON fa.film_id = f.film_id WHERE YEAR(f.last_update) = 2006 AND fa.actor_id = 3 ORDER BY RAND() LIMIT 1000, 10',
  'SELECT SQL_CALC_FOUND_ROWS DISTINCT c.customer_id, COUNT(r.rental_id) FROM customer c, rental r GROUP BY c.customer_id HAVING c.customer_id > 5 ORDER BY c.last_name DESC, r.rental_date',
  'DELETE FROM payment WHERE rental_id NOT IN (SELECT rental_id FROM rental) LIMIT 10',
  'UPDATE film SET title = UPPER(title)',
  "SELECT a FROM t WHERE x IN (SELECT y FROM u UNION SELECT z FROM v) OR b LIKE '%q' UNION SELECT 1",
  'WITH x AS (SELECT * FROM actor) SELECT * FROM x WHERE last_name = 5',
  'CREATE INDEX i ON rental (customer_id, rental_date)',
  "INSERT INTO t SELECT * FROM u WHERE DATE(d) BETWEEN '2020-01-01' AND '2020-02-01'",
];
const SOUP = [
  'SELECT',
  '*',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  '(',
  ')',
  ',',
  '.',
  '=',
  '<',
  'LIKE',
  "'%a'",
  '1',
  '10000',
  'LIMIT',
  'OFFSET',
  'ORDER',
  'BY',
  'GROUP',
  'HAVING',
  'UNION',
  'ALL',
  'DISTINCT',
  'JOIN',
  'LEFT',
  'ON',
  'USING',
  'RAND()',
  'COUNT(',
  'YEAR(',
  'DATE(',
  't',
  'u',
  'a',
  'b',
  'film',
  'rental',
  'customer_id',
  ';',
  '--',
  '/*',
  '*/',
  '`x',
  '"',
  "'",
  'DELIMITER',
  '$$',
  '\n',
  'UPDATE',
  'DELETE',
  'SET',
  'EXISTS',
  'NULL',
  'IS',
  'BETWEEN',
  'CASE',
  'WHEN',
  'END',
  '-- mqt-disable-next-line select-star\n',
  '\u00e9',
  '\u0000',
  '@v',
  '?',
  ':=',
  '->',
  '->>',
];

const schema = sakila();
const plans = [
  undefined,
  recordedPlan('q04-groupby'),
  recordedPlan('q02-fullscan'),
  {
    format: 'classic' as const,
    root: planNode('weird', {
      children: [planNode('table', { table: 'film', accessType: 'ALL', rowsEstimated: 1e9, extra: ['Using temporary', 'Using filesort'] })],
    }),
  },
];

function check(input: HintInput): void {
  const found = analyzeHints(input);
  for (const h of found) {
    assert.ok(h.range.start >= 0 && h.range.end <= input.sql.length && h.range.start <= h.range.end, `bad range on ${JSON.stringify(input.sql)}`);
    if (h.edit) assert.ok(h.edit.start >= 0 && h.edit.end <= input.sql.length && h.edit.start <= h.edit.end);
  }
}

test('random token soups never throw', () => {
  const rnd = prng(20240611);
  for (let i = 0; i < 1500; i++) {
    const n = 1 + Math.floor(rnd() * 40);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(SOUP[Math.floor(rnd() * SOUP.length)]);
    const sql = parts.join(rnd() < 0.5 ? ' ' : '');
    check({ sql, schema: rnd() < 0.5 ? schema : undefined, plan: plans[i % plans.length], dialect: rnd() < 0.5 ? 'mysql' : 'mariadb' });
  }
});

test('mutated real queries never throw', () => {
  const rnd = prng(7);
  for (let i = 0; i < 1500; i++) {
    let sql = SEEDS[i % SEEDS.length];
    const edits = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(rnd() * (sql.length + 1));
      const r = rnd();
      if (r < 0.33) sql = sql.slice(0, at) + sql.slice(at + 1 + Math.floor(rnd() * 8));
      else if (r < 0.66) sql = sql.slice(0, at) + SOUP[Math.floor(rnd() * SOUP.length)] + sql.slice(at);
      else sql = sql.slice(0, at);
    }
    check({ sql, schema: i % 2 ? schema : undefined, plan: plans[i % plans.length], serverVersion: i % 3 ? '5.5.1' : '8.0.36' });
  }
});

test('the real queries themselves, with everything given', () => {
  for (const sql of SEEDS) for (const plan of plans) check({ sql, schema, plan, serverVersion: '10.11.19-MariaDB' });
});
