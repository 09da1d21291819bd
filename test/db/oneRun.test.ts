// With plan actuals asked for, MariaDB's ANALYZE FORMAT=JSON is the measured run: one execution
// gives the plan's actual rows, the counters and the profile. The handler counters must be
// those of a plain run of the statement, and the row count that of the rows a plain run sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkPlan } from '../../src/core/plan/model';
import type { Report } from '../../src/core/report/model';
import { useProfilerSession } from './helpers';

const { session } = useProfilerSession();

const handlers = (r: Report) =>
  Object.fromEntries(
    r.counters.filter((c) => /^(Handler_(read|tmp|write)|Sort_rows|Select_|Created_tmp_tables|Rows_read)/.test(c.name)).map((c) => [c.name, c.corrected]),
  );

const STATEMENTS = [
  'SELECT * FROM customer WHERE customer_id = 42',
  'SELECT r.customer_id, COUNT(*) AS n, SUM(p.amount) AS total FROM payment p JOIN rental r ON r.rental_id = p.rental_id WHERE p.amount > 5 GROUP BY r.customer_id ORDER BY total DESC',
  "SELECT film_id, title FROM film WHERE title LIKE '%LOVE%' ORDER BY length DESC LIMIT 7",
  'WITH t AS (SELECT customer_id, COUNT(*) AS c FROM rental GROUP BY customer_id) SELECT * FROM t WHERE c > 30',
];

for (const sql of STATEMENTS) {
  test(`one execution under ANALYZE has a plain run's handler counters and rows: ${sql.slice(0, 60)}`, async () => {
    const plain = await session().analyze(sql, { timeoutMs: 30_000, actuals: 'never' });
    const one = await session().analyze(sql, { timeoutMs: 30_000, actuals: 'auto' });
    assert.equal(plain.execution.executed, true);
    assert.equal(one.execution.executed, true);
    assert.ok(one.raw.analyze, 'the plan carries actuals');
    assert.equal(one.plan?.format, 'mariadb-analyze-json');
    if (!/customer_id = 42/.test(sql))
      assert.ok(
        [...walkPlan(one.plan!.root)].some((x) => x.node.rowsActual !== undefined),
        'actual rows on the plan nodes',
      );
    assert.ok(
      one.notes.some((n) => /One execution under ANALYZE/.test(n)),
      one.notes.join(' | '),
    );
    assert.ok(!one.notes.some((n) => /second run/.test(n)), 'no second run');
    assert.equal(one.execution.rows, plain.execution.rows);
    assert.deepEqual(handlers(one), handlers(plain));
    assert.ok(one.profile.stages.length > 0, 'the profile is that of the ANALYZE run');
  });
}

test('with actuals never the statement runs plainly; VALUES keeps the plain run', async () => {
  const plain = await session().analyze('SELECT * FROM actor WHERE actor_id < 5', { timeoutMs: 30_000 });
  assert.equal(plain.raw.analyze, undefined);
  const table = await session().analyze('VALUES (1), (2), (3)', { timeoutMs: 30_000, actuals: 'auto' });
  assert.equal(table.execution.executed, true, JSON.stringify(table.execution));
  assert.equal(table.execution.rows, 3);
  assert.ok(!table.notes.some((n) => /One execution under ANALYZE/.test(n)));
});
