// The editor's "Copy CREATE INDEX": offered for verified advice only, with its evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdviceCache, copyIndexActions } from '../../../../src/core/advise/actions';
import type { Advice, Measure } from '../../../../src/core/advise/shadow';

const m = (rowsExamined: number, ms: number, access: string, key: string | null): Measure => ({ rowsExamined, ms, access, key, indexOnly: false });
const advice = (status: Advice['status'], ddl: string, extra: Partial<Advice> = {}): Advice => ({
  table: 'payment',
  columns: ['payment_date'],
  ddl,
  status,
  reason: `${status} because`,
  makesRedundant: [],
  ...(status === 'unverified'
    ? {}
    : {
        verified: {
          where: 'sandbox',
          sample: { rows: 100000, fraction: 1 },
          before: m(100000, 31, 'ALL', null),
          after: m(14, 0.4, 'range', 'idx_payment_payment_date'),
        },
      }),
  ...extra,
});

test('only verified advice gets the quick fix, with the DDL and the evidence', () => {
  const list = [
    advice('verified', 'CREATE INDEX idx_payment_payment_date ON payment (payment_date);', {
      reason: 'On the sandbox shadow (100% of payment): rows examined 100,000 → 14',
    }),
    advice('no-gain', 'CREATE INDEX idx_payment_amount ON payment (amount);'),
    advice('not-used', 'CREATE INDEX idx_payment_staff ON payment (staff_id, amount);'),
    advice('unverified', 'CREATE INDEX idx_payment_x ON payment (x);'),
  ];
  const actions = copyIndexActions(list);
  assert.deepEqual(actions, [
    {
      title: 'Copy CREATE INDEX idx_payment_payment_date (verified on the sandbox: 100,000 → 14 rows examined)',
      ddl: 'CREATE INDEX idx_payment_payment_date ON payment (payment_date);',
      evidence: 'On the sandbox shadow (100% of payment): rows examined 100,000 → 14',
    },
  ]);
  assert.deepEqual(copyIndexActions(list.slice(1)), []);
});

test('verified through a pair: the title shows the rows with both indexes', () => {
  const a = advice('verified', 'CREATE INDEX idx_customer_email ON customer (email);');
  a.verified!.after = m(100113, 1700, 'range', 'idx_customer_email');
  a.verified!.pair = { with: 'CREATE INDEX idx_rental_return_date ON rental (return_date);', after: m(223, 0.9, 'range', 'idx_customer_email') };
  assert.match(copyIndexActions([a])[0].title, /100,000 → 223 rows examined/);
});

test('the cache finds a statement whatever its whitespace or final semicolon, per document', () => {
  const c = new AdviceCache();
  const list = [advice('verified', 'CREATE INDEX i ON payment (payment_date);')];
  c.set('file:///a.sql', "SELECT payment_id\n  FROM payment WHERE payment_date >= '2023-10-01';", list);
  assert.equal(c.get('file:///a.sql', "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'"), list);
  assert.equal(c.get('file:///b.sql', "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'"), undefined);
  assert.equal(c.get('file:///a.sql', 'SELECT 1'), undefined);
  c.forget('file:///a.sql');
  assert.equal(c.get('file:///a.sql', "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'"), undefined);
});
