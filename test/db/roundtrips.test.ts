// How many statements one analysis sends, counted by the server itself: every statement of
// the session's thread in performance_schema.events_statements_history_long (the sandbox runs
// with that consumer on), read as root over the socket. The numbers are in the README; a change
// that adds a round trip has to change them here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { ProfilerSession } from '../../src/core/session/profiler';
import { profilerSession, sandbox, type SandboxInfo } from './helpers';

let info: SandboxInfo;
let root: mysql.Connection;
const sessions: ProfilerSession[] = [];

before(async () => {
  info = await sandbox();
  root = await mysql.createConnection({ socketPath: info.socket!, user: 'root' });
});
after(async () => {
  for (const s of sessions) await s.close();
  await root?.end();
});

const POINT = 'SELECT * FROM customer WHERE customer_id = 42';

/** The statements the server saw from `threadId` (a processlist id) with an EVENT_ID above `from`. */
async function seen(threadId: number, from: number): Promise<string[]> {
  const [rows] = await root.query<RowDataPacket[]>(
    `SELECT h.EVENT_ID AS e, h.SQL_TEXT AS s FROM performance_schema.events_statements_history_long h
       JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID
      WHERE t.PROCESSLIST_ID = ? AND h.EVENT_ID > ? AND h.NESTING_EVENT_ID IS NULL ORDER BY h.EVENT_ID`,
    [threadId, from],
  );
  return rows.map((r) => String(r.s));
}

async function lastEvent(threadId: number): Promise<number> {
  const [rows] = await root.query<RowDataPacket[]>(
    `SELECT COALESCE(MAX(h.EVENT_ID), 0) AS e FROM performance_schema.events_statements_history_long h
       JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID WHERE t.PROCESSLIST_ID = ?`,
    [threadId],
  );
  return Number(rows[0].e);
}

const threadOf = (s: ProfilerSession) => (s as unknown as { conn?: { threadId: number } }).conn!.threadId;

test('a point lookup with the editor defaults: 14 statements on a new session, 10 on a warm one', async () => {
  const s = profilerSession(info);
  sessions.push(s);
  const opts = { actuals: 'auto' as const, timeoutMs: 30_000 };
  const first = await s.analyze(POINT, opts);
  assert.equal(first.execution.executed, true);
  const thread = threadOf(s);
  const firstSent = await seen(thread, 0);
  assert.equal(firstSent.length, 14, firstSent.join('\n'));
  // The session is READ ONLY before anything of the statement reaches the server.
  assert.match(firstSent[1], /^SET SESSION tx_read_only = 1, max_statement_time = 30\.000, profiling = 1$/);
  assert.match(firstSent[0], /^SELECT VERSION\(\)/);
  assert.equal(firstSent.slice(0, 2).some((q) => q.includes('customer')), false);
  // One execution: ANALYZE FORMAT=JSON is the measured run (no second run for actuals).
  assert.equal(firstSent.filter((q) => q.includes(POINT) && !/EXPLAIN/.test(q)).length, 1);

  const mark = await lastEvent(thread);
  const warm = await s.analyze(POINT, opts);
  assert.equal(warm.execution.executed, true);
  const warmSent = await seen(thread, mark);
  assert.equal(warmSent.length, 10, warmSent.join('\n'));
  assert.equal(warmSent.some((q) => /^SET SESSION/.test(q)), false, 'the session set-up is not repeated');
  // The trace is still there, and so are the profile, the counters and the per-statement figures.
  assert.ok(warm.trace, warm.traceNote);
  assert.equal(warm.profile.source, 'show-profile');
  assert.ok(warm.profile.stages.length > 3);
  assert.equal(warm.profile.statement?.rowsExamined, 1);
  assert.equal(warm.counters.find((c) => c.name === 'Handler_read_key')?.corrected, 1);

  // A new time limit is sent once, then kept.
  const mark2 = await lastEvent(thread);
  await s.analyze(POINT, { ...opts, timeoutMs: 20_000 });
  const changed = await seen(thread, mark2);
  assert.equal(changed.length, 11, changed.join('\n'));
  assert.ok(changed.includes('SET SESSION max_statement_time = 20.000'));
});

test('the profile read from information_schema.PROFILING is the measured statement, not its neighbours', async () => {
  const s = profilerSession(info);
  sessions.push(s);
  const slow = 'SELECT p.customer_id, COUNT(*) AS n FROM payment p JOIN rental r ON r.rental_id = p.rental_id GROUP BY p.customer_id ORDER BY n DESC';
  for (let i = 0; i < 2; i++) {
    const r = await s.analyze(slow, { actuals: 'never', timeoutMs: 30_000 });
    assert.equal(r.execution.executed, true);
    assert.equal(r.profile.source, 'show-profile');
    // The SHOW STATUS around it takes a millisecond or two; the join a great deal more.
    const total = r.profile.totalMs ?? 0;
    assert.ok(r.execution.ms > 10, `${r.execution.ms} ms`);
    assert.ok(total > r.execution.ms * 0.4 && total < r.execution.ms * 1.5 + 5, `profile ${total} ms, statement ${r.execution.ms} ms`);
    assert.ok(r.profile.stages.some((x) => /Sending data|Creating sort index|Sorting result/i.test(x.name)), r.profile.stages.map((x) => x.name).join(', '));
  }
});
