// Index advice tried on a shadow in the sandbox: the analysed server is the sandbox's sakila,
// read through the SELECT-only user on the pipeline's session (the server keeps it READ
// ONLY); the shadow is built through the mqt user, on the sandbox connection the step opens.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { adviseOn } from '../../src/core/advise/run';
import type { AdviseOptions } from '../../src/core/advise/shadow';
import { ProfilerSession } from '../../src/core/session/profiler';
import { connect, sandbox, type SandboxInfo } from './helpers';

let info: SandboxInfo;
let session: ProfilerSession;
let shadow: Connection;
const stats = async () =>
  JSON.stringify(
    (
      await shadow.query<RowDataPacket[]>(
        "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'sakila' ORDER BY 1, 2, 3",
      )
    )[0],
  );
const shadows = async () =>
  (await shadow.query<RowDataPacket[]>("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'mqt\\_shadow\\_%'"))[0].length;
let statsBefore = '';
/** The advice through the pipeline's advise step, as `mqt advise` runs it. */
const advise = (sql: string, o: AdviseOptions = {}, on: ProfilerSession = session) => adviseOn(on, sql, { ...o, sandbox: () => connect(info) });

before(async () => {
  info = await sandbox();
  session = new ProfilerSession({
    host: info.host,
    port: info.port,
    user: info.readonlyUser,
    password: info.readonlyPassword,
    database: info.database,
    tls: 'disabled',
  });
  shadow = await connect(info);
  statsBefore = await stats();
});
after(async () => {
  assert.equal(await stats(), statsBefore, 'the analysed schema has the same indexes afterwards');
  assert.equal(await shadows(), 0, 'no shadow schema is left behind');
  await session.close();
  await shadow.end();
});

test('a selective range on an unindexed column is verified, with at least a 10x gain', async () => {
  const r = await advise("SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'");
  assert.equal(r.advice.length, 1);
  const a = r.advice[0];
  assert.deepEqual(a.columns, ['payment_date']);
  assert.equal(a.status, 'verified', a.reason);
  const v = a.verified!;
  assert.equal(v.sample.fraction, 1);
  assert.ok(v.before.rowsExamined >= 10 * Math.max(1, v.after.rowsExamined), `${v.before.rowsExamined} -> ${v.after.rowsExamined}`);
  assert.equal(v.before.access, 'ALL');
  assert.equal(v.after.key, 'idx_payment_payment_date');
});

test('a query that reads every row is not verified', async () => {
  const r = await advise('SELECT staff_id, SUM(amount) FROM payment WHERE amount >= 0 GROUP BY staff_id');
  assert.ok(r.advice.length >= 1);
  for (const a of r.advice) assert.notEqual(a.status, 'verified', a.reason);
});

test('an existing index is never suggested', async () => {
  const r = await advise('SELECT * FROM payment WHERE customer_id = 5');
  assert.deepEqual(r.advice, []);
});

test('the correlated subquery gets one covering (rating, length), tried, and nothing for the outer scan', async () => {
  const r = await advise('SELECT f.title FROM film f WHERE f.length > (SELECT AVG(f2.length) FROM film f2 WHERE f2.rating = f.rating)');
  assert.deepEqual(
    r.advice.map((a) => `${a.table}(${a.columns.join(',')})`),
    ['film(rating,length)'],
  );
  assert.notEqual(r.advice[0].status, 'unverified');
  assert.ok(r.advice[0].verified!.before.rowsExamined > 0);
});

test('copied over the wire as from another server: a bounded sample, its fraction reported; declined means unverified', async () => {
  const sql = "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'";
  const r = await advise(sql, { forceWire: true, copyRows: 'always', sampleRows: 20000 });
  assert.equal(r.advice[0].verified!.sample.rows, 20000);
  assert.equal(r.advice[0].verified!.sample.fraction, 0.2);
  let asked = '';
  const d = await advise(sql, {
    forceWire: true,
    confirm: async (q) => {
      asked = q;
      return false;
    },
  });
  assert.match(asked, /up to 100,000 rows .* payment .* into the sandbox schema mqt_shadow_/);
  assert.equal(d.advice[0].status, 'unverified');
});

test('two candidates on two tables: together they beat either alone, and both say so', async () => {
  // 111 customers match the email prefix; rental.return_date has no index. With the customer
  // index alone rental is still scanned; with the rental index alone customer is.
  const sql = "SELECT c.customer_id, r.rental_id FROM customer c JOIN rental r ON r.return_date = c.create_date WHERE c.email LIKE 'cust19%'";
  const r = await advise(sql, { sampleRows: 20000 });
  assert.deepEqual(r.advice.map((a) => `${a.table}(${a.columns.join(',')})`).sort(), ['customer(email,create_date)', 'rental(return_date)']);
  const rental = r.advice.find((a) => a.table === 'rental')!;
  assert.equal(rental.verified!.sample.rows, 20000);
  assert.equal(rental.verified!.sample.fraction, 0.2);
  for (const a of r.advice) {
    const v = a.verified!;
    assert.ok(v.pair, `${a.table}: tried together with the other: ${a.reason}`);
    assert.match(v.pair.with, /^CREATE INDEX /);
    const alone = Math.min(...r.advice.map((x) => x.verified!.after.rowsExamined));
    assert.ok(v.pair.after.rowsExamined * 2 <= alone, `pair ${v.pair.after.rowsExamined} vs best alone ${alone}`);
    assert.equal(a.status, 'verified', a.reason);
  }
  const customer = r.advice.find((a) => a.table === 'customer')!;
  // Alone, the customer index leaves the scan of rental: not enough by itself.
  assert.ok(customer.verified!.after.rowsExamined * 5 > customer.verified!.before.rowsExamined);
  assert.match(customer.reason, /^Together with idx_rental_return_date/);
});

test('a two-column index beats the existing single-column one, which it makes redundant', async () => {
  const r = await advise("SELECT payment_id FROM payment WHERE customer_id = 148 AND payment_date >= '2023-06-01'");
  assert.equal(r.advice.length, 1);
  const a = r.advice[0];
  assert.deepEqual(a.columns, ['customer_id', 'payment_date']);
  assert.deepEqual(a.makesRedundant, ['idx_fk_customer_id']);
  const v = a.verified!;
  assert.equal(v.before.key, 'idx_fk_customer_id');
  assert.equal(v.after.key, 'idx_payment_customer_id_payment_date');
  // 50 payments of customer 148, two of them since June 2023.
  assert.ok(v.after.rowsExamined * 5 <= v.before.rowsExamined, `${v.before.rowsExamined} -> ${v.after.rowsExamined}`);
  assert.equal(a.status, 'verified', a.reason);
});

test('a covering index: the range column, then the column the query reads; the plan reads the index alone', async () => {
  const r = await advise("SELECT payment_id, amount FROM payment WHERE payment_date >= '2023-10-01'");
  assert.equal(r.advice.length, 1);
  const a = r.advice[0];
  assert.deepEqual(a.columns, ['payment_date', 'amount'], 'payment_id is the primary key: InnoDB carries it already');
  assert.equal(a.status, 'verified', a.reason);
  assert.equal(a.verified!.before.indexOnly, false);
  assert.equal(a.verified!.after.indexOnly, true);
  assert.match(a.reason, /\(index only\)/);
});

test("the trial leaves no statement digests of its own in the sandbox (Top Statements stays the user's)", async () => {
  const digests = async () =>
    Number(
      (
        await shadow.query<RowDataPacket[]>(
          "SELECT COUNT(*) AS n FROM performance_schema.events_statements_summary_by_digest WHERE SCHEMA_NAME LIKE 'mqt\\_shadow\\_%' OR DIGEST_TEXT LIKE '%mqt\\_shadow\\_%'",
        )
      )[0][0].n,
    );
  const n = await digests();
  // The step ends the sandbox connection it is given; this one is kept to look at afterwards.
  const kept = Object.assign(Object.create(shadow) as Connection, { end: async () => undefined });
  await adviseOn(session, "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'", { sandbox: async () => kept });
  assert.equal(await digests(), n);
  const [[t]] = await shadow.query<RowDataPacket[]>('SELECT INSTRUMENTED AS i FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()');
  assert.equal(t.i, 'YES', 'the session is instrumented again afterwards');
});

test('a statement cut by the time limit on the shadow: its figures are a lower bound, said so, and an index that finishes is still verified', async () => {
  // Without an index the join compares 100,000 rentals with 1,111 customers (111 million
  // comparisons, far past 1 s); with the index on rental.return_date, 1,111 lookups.
  const sql = "SELECT c.customer_id, r.rental_id FROM customer c JOIN rental r ON r.return_date = c.create_date WHERE c.email LIKE 'cust1%'";
  const r = await advise(sql, { timeoutMs: 1000 });
  const rental = r.advice.find((a) => a.table === 'rental')!;
  const v = rental.verified!;
  assert.equal(v.before.timedOut, true, `before: ${JSON.stringify(v.before)}`);
  assert.ok(
    r.notes.some((n) => /ran past the 1000 ms limit/.test(n)),
    r.notes.join('\n'),
  );
  assert.equal(v.after.timedOut, undefined);
  assert.equal(rental.status, 'verified', rental.reason);
  assert.match(rental.reason, /stopped by the time limit/);
});
