// mqt top against a MySQL 8.0 wire server (mysql2's server mode): the summary carries
// QUERY_SAMPLE_TEXT there, so samples come from it and events_statements_history_long is not
// read. The rows are the sandbox's real digest rows for the known workload
// (fixtures/digest/ps-digests-mariadb-10.11.json), each with the slowest history statement of
// its digest as its QUERY_SAMPLE_TEXT, the column MySQL 8.0.3+ adds to the same table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchTop } from '../../src/core/digest';
import { startReplayServer, type Reply, type ReplayServer } from './server';

interface Recorded {
  summary: Array<Record<string, string | null>>;
  history: Array<{ DIGEST: string; SQL_TEXT: string; TIMER_WAIT: string }>;
}
const rec = JSON.parse(readFileSync(join(__dirname, '../fixtures/digest/ps-digests-mariadb-10.11.json'), 'utf8')) as Recorded;

function sampleOf(digest: string | null): string | null {
  const h = rec.history.filter((x) => x.DIGEST === digest).sort((a, b) => Number(b.TIMER_WAIT) - Number(a.TIMER_WAIT));
  return h[0]?.SQL_TEXT ?? null;
}

const COLUMNS = [
  'SCHEMA_NAME',
  'DIGEST',
  'DIGEST_TEXT',
  'COUNT_STAR',
  'SUM_TIMER_WAIT',
  'SUM_ROWS_EXAMINED',
  'SUM_ROWS_SENT',
  'SUM_CREATED_TMP_DISK_TABLES',
  'SUM_SELECT_SCAN',
  'SUM_SELECT_FULL_JOIN',
  'SUM_NO_INDEX_USED',
  'FIRST_SEEN',
  'LAST_SEEN',
];

function answer(sql: string): Reply {
  if (/^SELECT VERSION\(\)/i.test(sql)) return { columns: ['v', 'c', 'ps', 'mp'], rows: [['8.0.36', 'MySQL Community Server - GPL', '1', '67108864']] };
  if (/^SET SESSION /.test(sql)) return { ok: true };
  if (/^SELECT @@performance_schema/.test(sql)) return { columns: ['ps'], rows: [['1']] };
  if (/FROM information_schema\.COLUMNS/.test(sql)) return { columns: ['c'], rows: [['QUERY_SAMPLE_TEXT']] };
  if (/FROM performance_schema\.events_statements_summary_by_digest/.test(sql)) {
    assert.match(sql, /QUERY_SAMPLE_TEXT/);
    const limit = Number(/LIMIT (\d+)/.exec(sql)?.[1] ?? 50);
    const rows = [...rec.summary].sort((a, b) => Number(b.SUM_TIMER_WAIT) - Number(a.SUM_TIMER_WAIT)).slice(0, limit);
    return {
      columns: [...COLUMNS, 'QUERY_SAMPLE_TEXT'],
      rows: rows.map((r) => [...COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? null : String(r[c]))), sampleOf(r.DIGEST ?? null)]),
    };
  }
  return { error: { code: 1064, message: `replay has no recording for: ${sql.slice(0, 80)}` } };
}

let server: ReplayServer;
before(async () => {
  server = await startReplayServer('8.0.36', answer);
});
after(async () => {
  await server?.close();
});

test('MySQL 8: samples from QUERY_SAMPLE_TEXT, ranked by total time, on a session the server keeps READ ONLY', async () => {
  const top = await fetchTop({ host: '127.0.0.1', port: server.port, user: 'replay', password: 'x', tls: 'disabled' }, { limit: 10 });
  assert.equal(top.sampleSource, 'QUERY_SAMPLE_TEXT');
  assert.equal(top.rows.length, 10);
  assert.ok(!server.queries.some((q) => /history/.test(q)), 'no history table read');
  // The session set-up (core/session/setup): the server learnt, then READ ONLY before anything is read.
  assert.match(server.queries[1], /^SET SESSION (transaction_read_only = 1|TRANSACTION READ ONLY)\b/, server.queries.join('\n'));
  const join = top.rows.find((r) => r.digestText.includes('JOIN `rental`'))!;
  assert.equal(join.calls, 8);
  assert.match(join.sample ?? '', /^SELECT c\.customer_id,\n {7}COUNT\(\*\) AS rentals/);
  const first = rec.summary.reduce((a, b) => (Number(a.SUM_TIMER_WAIT) >= Number(b.SUM_TIMER_WAIT) ? a : b));
  assert.equal(top.rows[0]!.digest, first.DIGEST);
  assert.equal(top.rows[0]!.totalMs, Math.round(Number(first.SUM_TIMER_WAIT) / 1e6) / 1000);
});
