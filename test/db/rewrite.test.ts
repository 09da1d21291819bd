// "Compare with rewrite" on the real sandbox: a hint's rewrite runs beside the original, and
// the order-independent checksum of the rows shows whether both return the same result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeHints } from '../../src/core/hints';
import { compareReports } from '../../src/core/report/compare';
import { ResultChecksum } from '../../src/core/session/checksum';
import { useProfilerSession } from './helpers';

const { session } = useProfilerSession();

function rewrite(sql: string, rule: string): string {
  const h = analyzeHints({ sql, dialect: 'mariadb' }).find((x) => x.rule === rule);
  assert.ok(h?.edit, `${rule} offers a rewrite`);
  return sql.slice(0, h.edit.start) + h.edit.text + sql.slice(h.edit.end);
}

test('a sargable rewrite returns the same rows and reads far fewer', async () => {
  const original = "SELECT rental_id, rental_date FROM rental WHERE DATE(rental_date) = '2005-06-01'";
  const rewritten = rewrite(original, 'non-sargable-date');
  const a = await session().analyze(original, { checksum: true });
  const b = await session().analyze(rewritten, { checksum: true });
  const c = compareReports(a, b);
  assert.ok(a.execution.rows > 0);
  assert.equal(c.sameRows, true, `${c.a.checksum} vs ${c.b.checksum}`);
  const read = (r: typeof a) => r.counters.find((x) => x.name === 'Rows_read')?.corrected ?? 0;
  assert.ok(read(b) * 100 < read(a), `rows read ${read(a)} -> ${read(b)}`);
  assert.ok(c.plan.some((p) => p.table === 'rental' && p.what === 'changed'));
});

test('a rewrite that changes the result is caught by the checksum', async () => {
  // Same row count, other values: a wrong rewrite that a row count alone would not catch.
  const a = await session().analyze("SELECT customer_id FROM rental WHERE rental_date >= '2005-06-01' AND rental_date < '2005-06-02'", { checksum: true });
  const b = await session().analyze("SELECT inventory_id FROM rental WHERE rental_date >= '2005-06-01' AND rental_date < '2005-06-02'", { checksum: true });
  assert.equal(a.execution.rows, b.execution.rows);
  assert.equal(compareReports(a, b).sameRows, false);
});

test('the checksum ignores row order but not values or NULLs', () => {
  const sum = (rows: unknown[][]) => {
    const c = new ResultChecksum();
    for (const r of rows) c.add(r);
    return c.digest();
  };
  assert.equal(
    sum([
      ['1', 'a'],
      ['2', 'b'],
    ]),
    sum([
      ['2', 'b'],
      ['1', 'a'],
    ]),
  );
  assert.notEqual(sum([['1', 'a']]), sum([['1', 'b']]));
  assert.notEqual(sum([['ab', 'c']]), sum([['a', 'bc']]));
  assert.notEqual(sum([[null]]), sum([['']]));
  assert.notEqual(sum([['1'], ['1']]), sum([['1']]));
});
