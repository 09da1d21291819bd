// The live view (src/core/live) against the real sandbox: SHOW ANALYZE FOR from a second
// connection while a slow join runs, Cancel, the time limit, and the connection left behind.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { connect, useProfilerSession } from './helpers';
import { LiveWatcher, type LiveUpdate } from '../../src/core/live';
import { serverInfoFrom } from '../../src/core/session/server';

/**
 * A block nested loop with no usable index: every payment row is compared with every row of
 * a SEQUENCE table kept in the join buffer; rows of `p` grow as it scans. Its size is
 * calibrated in before() so that it runs about 4 s on this machine, loaded or not.
 */
const joinOf = (n: number) => `SELECT COUNT(*) FROM seq_1_to_${n} a JOIN payment p ON p.amount * 100 = a.seq + p.customer_id`;
let SLOW = joinOf(150);
/** Stopped by Cancel or the time limit long before its end, however fast the machine gets meanwhile. */
let LONG = joinOf(750);

let probe: Connection;
const { info, session } = useProfilerSession(async (sandboxInfo, s) => {
  probe = await connect(sandboxInfo);
  const probeRun = await s.analyze(joinOf(20), { timeoutMs: 60_000, live: false });
  const n = Math.max(20, Math.min(20_000, Math.round((20 * 4000) / Math.max(1, probeRun.execution.ms))));
  SLOW = joinOf(n);
  LONG = joinOf(Math.min(100_000, n * 5));
});

after(async () => {
  await probe?.end();
});

/** Ids of the threads of our user on the server, but the probe's own. */
async function threadsOfUser(): Promise<number[]> {
  const [rows] = await probe.query<RowDataPacket[]>(
    'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID() ORDER BY ID',
    [info().user],
  );
  return rows.map((r) => Number(r.id));
}

test('a join running 3-5 s gives at least 3 live updates, rows of a node growing, and the second connection is closed afterwards', async () => {
  const updates: LiveUpdate[] = [];
  const during: Array<Promise<number[]>> = [];
  await session().analyze('SELECT 1'); // opens the analysis connection
  const mine = await threadsOfUser();
  assert.equal(mine.length, 1, `threads before: ${mine.join(',')}`);
  const report = await session().analyze(SLOW, {
    timeoutMs: 30_000,
    onLive: (u) => {
      updates.push(u);
      if (updates.length === 2) during.push(threadsOfUser());
    },
  });
  assert.equal(report.execution.executed, true, JSON.stringify(report.execution));
  assert.ok(updates.length >= 3, `${updates.length} updates in ${report.execution.ms.toFixed(0)} ms`);
  // SHOW ANALYZE, stage and elapsed time in every update.
  for (const u of updates) {
    assert.equal(u.source, 'show-analyze');
    assert.ok(u.plan, 'an update without a plan');
    assert.equal(u.stage, 'Sending data');
  }
  for (let i = 1; i < updates.length; i++) assert.ok(updates[i].elapsedMs > updates[i - 1].elapsedMs, 'elapsed time goes up');
  const rowsOf = (u: LiveUpdate) => u.nodes.find((n) => n.table === 'p')?.rows ?? -1;
  const series = updates.map(rowsOf);
  for (let i = 1; i < series.length; i++) assert.ok(series[i] >= series[i - 1], `rows of p went down: ${series.join(' ')}`);
  assert.ok(series[series.length - 1] > series[0] && series[0] >= 0, `rows of p did not grow: ${series.join(' ')}`);
  assert.ok(
    updates.slice(1).some((u) => u.nodes.find((n) => n.table === 'p')?.grew),
    'the growing node is marked',
  );
  const est = updates[0].nodes.find((n) => n.table === 'p')?.rowsEstimated;
  assert.ok(est && est > 90_000, `estimate of p: ${est}`);
  // The report keeps the last live plan, and says where it came from.
  assert.equal(report.live?.updates, updates.length);
  assert.equal(report.live?.source, 'show-analyze');
  assert.equal(report.live?.ended, undefined);
  assert.match(report.live?.raw ?? '', /r_query_time_in_progress_ms/);
  // While it ran, a second thread of ours watched; afterwards only the analysis connection is left.
  const seen = await during[0];
  assert.equal(seen.length, 2, `threads during the run: ${seen.join(',')}`);
  assert.ok(seen.includes(mine[0]));
  assert.deepEqual(await threadsOfUser(), mine);
});

test("the watcher does not move the measured session's counters", async () => {
  const sql = SLOW;
  const off = await session().analyze(sql, { timeoutMs: 30_000, live: false });
  const on = await session().analyze(sql, { timeoutMs: 30_000 });
  assert.ok(on.live && on.live.updates > 0, `no live update in ${on.execution.ms.toFixed(0)} ms`);
  const moved = (r: typeof on) =>
    r.counters.filter((c) => c.corrected !== 0 && !/^(Bytes_|Max_|Memory_|Query_time|Busy_time|Cpu_time)/.test(c.name)).map((c) => `${c.name}=${c.corrected}`);
  assert.deepEqual(moved(on), moved(off));
});

test('a statement that ends before the first poll shows no live view and opens no second connection', async () => {
  const connectionsBefore = await globalConnections();
  let updates = 0;
  const report = await session().analyze('SELECT COUNT(*) FROM payment', { timeoutMs: 30_000, onLive: () => updates++ });
  assert.equal(report.execution.executed, true);
  assert.ok(report.execution.ms < 1000, `the statement took ${report.execution.ms} ms`);
  assert.equal(updates, 0);
  assert.equal(report.live, undefined);
  assert.equal(await globalConnections(), connectionsBefore, 'a connection was opened');
});

async function globalConnections(): Promise<number> {
  const [rows] = await probe.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Connections'");
  return Number(rows[0].Value);
}

test('Cancel during a live view kills the query, keeps the last live plan, and leaves the analysis connection usable', async () => {
  await session().analyze('SELECT 1');
  const mine = await threadsOfUser();
  const abort = new AbortController();
  let updates = 0;
  const report = await session().analyze(LONG, {
    timeoutMs: 30_000,
    signal: abort.signal,
    onLive: () => {
      if (++updates === 2) abort.abort();
    },
  });
  assert.equal(report.execution.executed, false, JSON.stringify({ execution: report.execution, notes: report.notes, updates }));
  assert.equal(report.execution.reason, 'Cancelled.');
  assert.equal(report.live?.ended?.by, 'cancel');
  assert.ok((report.live?.ended?.atMs ?? 0) >= 1000, `cancelled at ${report.live?.ended?.atMs}`);
  assert.ok(report.live?.last.plan, 'the last live plan is kept');
  assert.ok((report.live?.last.nodes.find((n) => n.table === 'p')?.rows ?? 0) > 0);
  // The same analysis connection runs the next statement.
  const next = await session().analyze('SELECT COUNT(*) FROM actor', { timeoutMs: 30_000 });
  assert.equal(next.execution.executed, true);
  assert.deepEqual(await threadsOfUser(), mine, 'the analysis connection was replaced or a watcher is left');
});

test('a statement stopped by the time limit shows how far it got', async () => {
  const report = await session().analyze(LONG, { timeoutMs: 2200 });
  assert.equal(report.execution.executed, false, JSON.stringify({ execution: report.execution, notes: report.notes }));
  assert.match(report.execution.reason ?? '', /time limit/);
  assert.equal(report.live?.ended?.by, 'timeout');
  const p = report.live?.last.nodes.find((n) => n.table === 'p');
  assert.ok(p && (p.rows ?? 0) > 0 && (p.rows ?? 0) < (p.rowsEstimated ?? 0), JSON.stringify(p));
});

test('without the right to see the thread (another user, no PROCESS) the live view falls back to elapsed time only, and closes its connection', async () => {
  const runner = await connect(info());
  const id = runner.threadId;
  const running = runner.query(SLOW);
  const updates: LiveUpdate[] = [];
  const watcher = new LiveWatcher({
    server: serverInfoFrom(info().version ?? ''),
    threadId: id,
    firstMs: 300,
    everyMs: 300,
    open: () => connect(info(), { readonly: true }),
    onUpdate: (u) => updates.push(u),
  });
  await new Promise((r) => setTimeout(r, 1500));
  const summary = await watcher.stop();
  await probe.query(`KILL QUERY ${id}`).catch(() => undefined);
  await running.catch(() => undefined);
  await runner.end();
  assert.ok(summary, 'no update at all');
  assert.equal(summary.source, 'elapsed');
  assert.match(summary.note ?? '', /PROCESS/);
  assert.ok(updates.length >= 2, `${updates.length} updates`);
  assert.ok(updates.every((u) => u.nodes.length === 0 && !u.plan && u.source === 'elapsed'));
  assert.match(updates[updates.length - 1].note ?? '', /PROCESS/, 'the live view says why');
  const [rows] = await probe.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?', [info().readonlyUser]);
  // The probe's user (mqt, ALL on *.*) has PROCESS: it sees the read-only user's threads.
  assert.equal(Number(rows[0].n), 0, 'the watcher connection is still open');
});

test('SHOW ANALYZE waits on a statement that does not look at it (SLEEP): the poll gives up, elapsed time only, the watcher connection is closed', async () => {
  await session().analyze('SELECT 1');
  const mine = await threadsOfUser();
  const updates: LiveUpdate[] = [];
  const report = await session().analyze('SELECT SLEEP(4.5)', { timeoutMs: 30_000, onLive: (u) => updates.push(u) });
  assert.equal(report.execution.executed, true);
  assert.equal(report.live?.source, 'elapsed');
  assert.match(report.live?.note ?? '', /did not answer/);
  assert.ok(updates.length >= 2, `${updates.length} updates`);
  assert.deepEqual(await threadsOfUser(), mine, 'the watcher connection is left on the server');
});
