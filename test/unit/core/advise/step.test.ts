// The advise step on recorded inputs: what MariaDB 10.11 answered for sakila.payment
// (test/fixtures/advise/payment.json), and the statistics-only rows made from those answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnInfo } from '../../../../src/core/advise/copy';
import { readStats } from '../../../../src/core/advise/stats';
import { generator } from '../../../../src/core/advise/synthetic';
import { seeded } from '../../../../src/core/seeded';
import { makeStatement } from '../../../../src/core/pipeline/statement';
import type { StepContext } from '../../../../src/core/pipeline/step';
import { adviseStep } from '../../../../src/core/pipeline/steps/advise';
import type { Report } from '../../../../src/core/report/model';
import { recorded, serverError, type Rule } from '../pipeline/recorded';

const REC = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'advise', 'payment.json'), 'utf8')) as {
  answers: Array<[string, unknown[]]>;
};
// The recording has the values in place; the steps send placeholders.
const asSent = (text: string) => text.replace(/TABLE_SCHEMA = 'sakila'/g, 'TABLE_SCHEMA = ?').replace(/TABLE_NAME = 'payment'/g, 'TABLE_NAME = ?');
const ANSWERS = new Map(REC.answers.map(([q, rows]) => [asSent(q), rows]));
const RULES: Rule[] = [[/[\s\S]/, (sql) => ANSWERS.get(sql) ?? new Error(`no recording for: ${sql.slice(0, 80)}`)]];
const SQL = "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'";

function context(advice: StepContext['run']['advice'], rules = RULES): { ctx: StepContext; sent: string[] } {
  const r = recorded(rules, { sql: SQL });
  return { ctx: { ...r.ctx, run: { ...r.ctx.run, ...(advice ? { advice } : {}) } }, sent: r.sent };
}
const run = (ctx: StepContext, sql = SQL) => adviseStep.run(ctx, { detect: undefined as never, read: makeStatement(sql) });

test('not asked for, or not a read: the step does nothing and sends nothing', async () => {
  const a = context(undefined);
  assert.equal(await run(a.ctx), undefined);
  const b = context({ sandbox: async () => undefined });
  assert.equal(await run(b.ctx, 'DELETE FROM payment WHERE payment_id = 1'), undefined);
  assert.deepEqual([...a.sent, ...b.sent], []);
});

test('without a sandbox: the candidate, unverified and why, from catalogue reads only; into the report with its notes', async () => {
  const { ctx, sent } = context({ sandbox: async () => undefined });
  const out = (await run(ctx))!;
  assert.deepEqual(
    out.advice.map((a) => [a.table, a.columns, a.status]),
    [['payment', ['payment_date'], 'unverified']],
  );
  assert.match(out.advice[0].reason, /No sandbox/);
  assert.ok(sent.length >= 3);
  for (const q of sent) assert.match(q, /^\s*SELECT\b/, q);
  const report = { notes: [] } as unknown as Report;
  adviseStep.apply!(report, { ...out, notes: ['a note'] });
  assert.equal(report.advice, out.advice);
  assert.deepEqual(report.notes, ['Index advice: a note']);
});

test('a failure is a note of its own (mqt analyze --advice), or fails the run when strict (mqt advise)', async () => {
  const failing: Rule[] = [[/information_schema\.TABLES/, serverError(1142, 'SELECT command denied')], ...RULES];
  const soft = (await run(context({ sandbox: async () => undefined }, failing).ctx))!;
  assert.match(soft.failed ?? '', /denied/);
  const report = { notes: [] } as unknown as Report;
  adviseStep.apply!(report, soft);
  assert.deepEqual(report.advice, []);
  assert.match(report.notes[0], /^Index advice failed: .*denied/);
  await assert.rejects(run(context({ sandbox: async () => undefined, strict: true }, failing).ctx), /denied/);
});

const COLUMNS: ColumnInfo[] = (REC.answers.find(([q]) => q.includes('AS c, COLUMN_TYPE AS t'))![1] as Array<Record<string, string>>).map((c) => ({
  name: c.c,
  type: c.t,
  dataType: c.d,
  nullable: c.n === 'YES',
}));

async function paymentStats() {
  const sent: string[] = [];
  const db = {
    query: async <T>(_what: string, sql: unknown) => {
      sent.push(String(sql));
      return (ANSWERS.get(String(sql)) ?? assert.fail(`no recording: ${String(sql)}`)) as T;
    },
  };
  const stats = await readStats(db, 'sakila', 'payment', COLUMNS, 100_000, new Set(['payment_id', 'customer_id', 'staff_id', 'rental_id', 'payment_date']));
  return { stats, sent };
}

test('the statistics are aggregate reads of a bounded sample, never a row', async () => {
  const { stats, sent } = await paymentStats();
  assert.equal(stats.sampled, 100_000);
  for (const q of sent) {
    assert.match(q, /^SELECT (COUNT|MIN)\(/, q);
    assert.match(q, /FROM `sakila`\.`payment` LIMIT 100000\) AS s/, q);
  }
  const by = (n: string) => stats.columns.find((c) => c.column.name === n)!;
  assert.equal(by('payment_date').buckets?.length, 64);
  assert.deepEqual(
    by('staff_id')
      .values?.map((v) => v.v)
      .sort(),
    [1, 2],
  );
  assert.equal(by('amount').values, undefined, 'amount is neither indexed nor a candidate: MIN, MAX and distinct only');
});

test('synthetic rows follow the statistics: the October 2023 tail, distinct keys, value shares; the same seed, the same rows', async () => {
  const { stats } = await paymentStats();
  const by = (n: string) => stats.columns.find((c) => c.column.name === n)!;
  const n = 100_000;
  const make = (name: string, unique = false, seed = 16) => {
    const g = generator(by(name), unique, n, seeded(seed));
    return Array.from({ length: n }, (_, i) => g(i));
  };
  // 491 of the 100,000 real payments are from October 2023 on.
  const late = make('payment_date').filter((v) => String(v) >= '2023-10-01').length;
  assert.ok(late >= 491 / 2 && late <= 491 * 2, `${late} synthetic payments from October 2023 on`);
  assert.equal(new Set(make('payment_id', true)).size, n, 'a single-column unique key gets distinct values');
  const staff = make('staff_id');
  const real = by('staff_id').values!;
  const share1 = staff.filter((v) => v === 1).length / n;
  const real1 = real.find((v) => v.v === 1)!.rows / 100_000;
  assert.ok(Math.abs(share1 - real1) < 0.01, `${share1} vs ${real1}`);
  const amounts = new Set(make('amount'));
  assert.ok(amounts.size <= 6 && [...amounts].every((v) => Number(v) >= 0.99 && Number(v) <= 6.99), [...amounts].join());
  assert.deepEqual(make('customer_id').slice(0, 50), make('customer_id').slice(0, 50));
  assert.notDeepEqual(make('customer_id', false, 1).slice(0, 50), make('customer_id', false, 2).slice(0, 50));
});
