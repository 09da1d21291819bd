// The analysed server's side of index advice: the advise step runs on the pipeline's session,
// which the server keeps READ ONLY (a write on it is refused with 1792), and with copyRows =
// never that server receives aggregate reads only (the general log of its thread says so),
// while the shadow is built from synthetic rows and a selective range is still verified.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { adviseOn } from '../../src/core/advise/run';
import { STATISTICS_ONLY, type AdviseOptions } from '../../src/core/advise/shadow';
import { serverPolicy } from '../../src/core/pipeline/policy';
import type { StepDb } from '../../src/core/pipeline/step';
import type { ProfilerSession } from '../../src/core/session/profiler';
import { connect, profilerSession, sandbox, type SandboxInfo } from './helpers';

let info: SandboxInfo;
let admin: Connection;
const stats = async () =>
  JSON.stringify(
    (
      await admin.query<RowDataPacket[]>(
        "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, CARDINALITY FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'sakila' ORDER BY 1, 2, 3",
      )
    )[0],
  );
let statsBefore = '';
let logOutput = 'FILE';

before(async () => {
  info = await sandbox();
  admin = await connect(info);
  statsBefore = await stats();
  const [[v]] = await admin.query<RowDataPacket[]>('SELECT @@log_output AS o');
  logOutput = String(v.o);
});
after(async () => {
  await admin.query('SET GLOBAL general_log = 0');
  await admin.query(`SET GLOBAL log_output = '${logOutput}'`);
  assert.equal(await stats(), statsBefore, 'information_schema.STATISTICS of the analysed schema is identical afterwards');
  await admin.end();
});

/** The advice on a session of the mqt user (ALL PRIVILEGES: only READ ONLY can refuse its writes). */
async function adviseAs(sql: string, o: AdviseOptions): Promise<{ session: ProfilerSession; thread: number; result: Awaited<ReturnType<typeof adviseOn>> }> {
  const session = profilerSession(info);
  const result = await adviseOn(session, sql, { ...o, forceWire: true, sandbox: () => connect(info) });
  const thread = await onSession(session, async (db) => Number((await db.query('thread', 'SELECT CONNECTION_ID() AS id'))[0].id));
  return { session, thread, result };
}

/** Something else on the very session (its one connection) the advice ran on. */
const onSession = <T>(s: ProfilerSession, fn: (db: StepDb) => Promise<T>) => s.exclusive({ stepMs: 10_000, limitMs: 0, policy: serverPolicy() }, fn);

test('the session advice reads the analysed server on is READ ONLY at the server: a write there is refused with 1792', async () => {
  const { session, result } = await adviseAs("SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'", { copyRows: 'always', sampleRows: 20000 });
  try {
    assert.equal(result.advice[0].status, 'verified', result.advice[0].reason);
    for (const write of [
      'DELETE FROM payment WHERE payment_id = -1',
      'CREATE INDEX idx_x ON payment (payment_date)',
      'CREATE TEMPORARY TABLE mqt_tmp (a INT)',
    ]) {
      await assert.rejects(
        onSession(session, (db) => db.query('write', write)),
        (e: { errno?: number }) => e.errno === 1792,
        write,
      );
    }
  } finally {
    await session.close();
  }
});

test('copyRows = never: a statistics-only what-if; a selective range is verified, and the analysed server gets aggregates only', async () => {
  await admin.query("SET GLOBAL log_output = 'TABLE'");
  await admin.query('SET GLOBAL general_log = 1');
  const sql = "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'";
  const { session, thread, result } = await adviseAs(sql, { copyRows: 'never' });
  await session.close();
  await admin.query('SET GLOBAL general_log = 0');
  const a = result.advice[0];
  assert.deepEqual(a.columns, ['payment_date']);
  assert.equal(a.status, 'verified', a.reason);
  assert.equal(a.verified!.statisticsOnly, true);
  assert.ok(a.reason.includes(STATISTICS_ONLY), a.reason);
  assert.ok(
    result.notes.some((n) => n.includes(STATISTICS_ONLY)),
    result.notes.join('\n'),
  );
  assert.equal(a.verified!.sample.rows, 100000, 'as many synthetic rows as payment has');
  assert.ok(
    a.verified!.before.rowsExamined >= 10 * Math.max(1, a.verified!.after.rowsExamined),
    `${a.verified!.before.rowsExamined} -> ${a.verified!.after.rowsExamined}`,
  );
  // Shaped like the real data: the copied shadow reads about as many rows with the index (491 payments since October 2023).
  const { session: s2, result: copied } = await adviseAs(sql, { copyRows: 'always' });
  await s2.close();
  const real = copied.advice[0].verified!.after.rowsExamined,
    made = a.verified!.after.rowsExamined;
  assert.ok(made <= 2 * real && real <= 2 * made, `synthetic ${made} vs copied ${real} rows examined with the index`);
  const [log] = await admin.query<RowDataPacket[]>(
    "SELECT CONVERT(argument USING utf8mb4) AS q FROM mysql.general_log WHERE thread_id = ? AND command_type = 'Query'",
    [thread],
  );
  const sent = log.map((r) => String(r.q));
  assert.ok(
    sent.some((q) => /^SET SESSION (tx_read_only = 1|transaction_read_only = 1|TRANSACTION READ ONLY)\b/.test(q)),
    'the session was set READ ONLY',
  );
  assert.ok(
    sent.some((q) => /NTILE|GROUP BY/.test(q)),
    `statistics were read:\n${sent.join('\n')}`,
  );
  for (const q of sent) {
    if (/^SET SESSION /.test(q)) continue; // the session set-up
    assert.doesNotMatch(q, /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|ANALYZE|TRUNCATE)\b/i, q);
    // What reads user data: SHOW CREATE TABLE, or a SELECT whose every output is an aggregate.
    if (/`sakila`\.`/.test(q) && !/^SHOW CREATE TABLE /.test(q)) assert.match(q, /^SELECT (COUNT|MIN)\(/, `only aggregates of user data: ${q}`);
  }
});

test('copyRows = never: a query that reads every row is not verified', async () => {
  const { session, result } = await adviseAs('SELECT staff_id, SUM(amount) FROM payment WHERE amount >= 0 GROUP BY staff_id', { copyRows: 'never' });
  await session.close();
  assert.ok(result.advice.length >= 1);
  for (const a of result.advice) {
    assert.notEqual(a.status, 'verified', a.reason);
    assert.ok(a.reason.includes(STATISTICS_ONLY), a.reason);
  }
});

test('mqt advise as the SELECT-only user: JSON advice through the same step, verified; a write gets none', () => {
  const url = `mysql://${info.readonlyUser}:${encodeURIComponent(info.readonlyPassword)}@${info.host}:${info.port}/sakila?ssl-mode=disabled`;
  const mqt = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../src/cli/main.ts'), 'advise', '--url', url, ...args], {
      encoding: 'utf8',
      timeout: 120_000,
    });
  const r = mqt('--sql', "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'", '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Array<{ status: string; columns: string[] }>;
  assert.deepEqual(
    list.map((a) => [a.columns, a.status]),
    [[['payment_date'], 'verified']],
  );
  const w = mqt('--sql', 'DELETE FROM payment', '--format', 'json');
  assert.equal(w.status, 0, w.stderr);
  assert.deepEqual(JSON.parse(w.stdout), []);
  assert.match(w.stderr, /for a read/);
});
