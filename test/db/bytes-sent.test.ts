// The Bytes_sent correction against the real server at every place a SHOW STATUS result can end
// relative to the server's network buffer. MariaDB undoes the flushes a SHOW STATUS makes while
// writing its rows; the end packet comes after, so a result whose rows end inside a buffer but
// whose end packet spills over counts in full. Over plain TCP the full result sits near 16 KB,
// so real sessions land there as the counters grow (SELECT 1 once corrected to 16,441 bytes).
// Here the buffer is 1 KB and each result is a chosen set of rows, so every ending is tried.
// The rows are picked through a table: a statement longer than the buffer would grow it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Connection } from 'mysql2/promise';
import { diffSnapshots, measureObservationCost } from '../../src/core/counters/diff';
import { rowWireBytes, snapshotFromRows, type StatusSnapshot } from '../../src/core/counters/snapshot';
import { ProfilerSession } from '../../src/core/session/profiler';
import { connect, sandbox, sandboxSpec, type SandboxInfo } from './helpers';

const L = 1024;
const PICKS = 'mqt_bytes_sent.picks';
let info: SandboxInfo;
let admin: Connection;

before(async () => {
  info = await sandbox();
  admin = await connect(info);
  await admin.query('CREATE DATABASE IF NOT EXISTS mqt_bytes_sent');
  await admin.query(`CREATE OR REPLACE TABLE ${PICKS} (ending INT NOT NULL, name VARCHAR(64) NOT NULL)`);
});

after(async () => {
  await admin?.query('DROP DATABASE IF EXISTS mqt_bytes_sent');
  await admin?.end();
});

/** A connection whose session buffer is 1 KB (the global value is put back at once). */
async function smallBuffer(tls: boolean): Promise<Connection> {
  const [[{ nb }]] = (await admin.query('SELECT @@GLOBAL.net_buffer_length AS nb')) as unknown as [[{ nb: number }]];
  await admin.query(`SET GLOBAL net_buffer_length = ${L}`);
  try {
    const conn = await connect(info, tls ? { ssl: { ca: readFileSync(info.tlsCa!) } } : {});
    const [[{ mine }]] = (await conn.query('SELECT @@SESSION.net_buffer_length AS mine')) as unknown as [[{ mine: number }]];
    assert.equal(Number(mine), L);
    return conn;
  } finally {
    await admin.query(`SET GLOBAL net_buffer_length = ${Number(nb)}`);
  }
}

/** SHOW SESSION STATUS, all of it or Bytes_sent and the rows picked for `ending`. */
async function show(conn: Connection, ending?: number): Promise<StatusSnapshot> {
  const where = ending === undefined ? '' : ` WHERE Variable_name = 'Bytes_sent' OR Variable_name IN (SELECT name FROM ${PICKS} WHERE ending = ${ending})`;
  const [rows] = (await conn.query(`SHOW SESSION STATUS${where}`)) as unknown as [Array<{ Variable_name: string; Value: string }>];
  return snapshotFromRows(rows);
}

const one = (name: string, value: string) => rowWireBytes(new Map([[name, value]]));

/** Names (besides Bytes_sent) whose rows add up to exactly `target` bytes, by subset sum. */
function rowsSumming(sizes: Array<[string, number]>, target: number): string[] | undefined {
  const from = new Int32Array(target + 1).fill(-1);
  from[0] = sizes.length;
  sizes.forEach(([, size], i) => {
    for (let s = target; s >= size; s--) if (from[s] === -1 && from[s - size] !== -1 && from[s - size] !== i) from[s] = i;
  });
  if (from[target] === -1) return undefined;
  const out: string[] = [];
  for (let s = target; s > 0; s -= sizes[from[s]][1]) out.push(sizes[from[s]][0]);
  return out;
}

for (const tls of [false, true]) {
  test(`every ending of a SHOW result against a 1 KB buffer corrects an empty window to zero (${tls ? 'TLS' : 'plain TCP'})`, async () => {
    const conn = await smallBuffer(tls);
    try {
      // Rows whose values do not move while we look: their sizes are known in advance.
      const [a, b] = [await show(conn), await show(conn)];
      const moving = /^(Bytes_|Com_|Questions|Rows_|Handler_|Table_|Open|Select_|Created_tmp|Uptime|Memory|Max_|Busy_time|Cpu_time|Last_query)/;
      const sizes = [...a].filter(([n, v]) => b.get(n) === v && !moving.test(n)).map(([n, v]): [string, number] => [n, one(n, v)]);
      // Column definitions, headers and the end packet: a small result is counted in full.
      const small = [await show(conn, -1), await show(conn, -1)];
      const overhead = Number(small[1].get('Bytes_sent')) - Number(small[0].get('Bytes_sent')) - rowWireBytes(small[0]);
      assert.ok(overhead > 9 && overhead < 400, `overhead ${overhead}`);
      const sentRow = one('Bytes_sent', String(Number(b.get('Bytes_sent')) + 9999)); // digits to come
      const ends: number[] = [];
      const picks: Array<[number, string]> = [];
      for (let end = 3 * L - 12; end <= 3 * L + 24; end++) {
        const names = rowsSumming(sizes, end - overhead - sentRow);
        assert.ok(names, `rows summing to ${end - overhead - sentRow}`);
        ends.push(end);
        for (const n of names) picks.push([end, n]);
      }
      await admin.query(`DELETE FROM ${PICKS}`);
      await admin.query(`INSERT INTO ${PICKS} VALUES ?`, [picks]);
      const net = { length: L, restoresCounters: true };
      const endings = new Map<number, number>();
      for (const end of ends) {
        const snaps = [await show(conn, end), await show(conn, end), await show(conn, end)];
        const total = rowWireBytes(snaps[1]) + overhead;
        const counted = Number(snaps[2].get('Bytes_sent')) - Number(snaps[1].get('Bytes_sent'));
        endings.set(total - 3 * L, counted);
        const deltas = diffSnapshots(snaps[1], snaps[2], measureObservationCost(snaps[0], snaps[1], net));
        const sent = deltas.find((d) => d.name === 'Bytes_sent');
        assert.equal(sent?.corrected ?? 0, 0, `a result of ${total} bytes: counted ${counted}, corrected ${sent?.corrected}`);
      }
      // The premise, seen on the real server: past the buffer by up to the end packet's 9
      // bytes counts one buffer more than a few bytes further on.
      const band = [...endings].filter(([over, counted]) => over > 0 && counted > L);
      const past = [...endings].filter(([over, counted]) => over > 9 && counted < L);
      assert.ok(band.length >= 5, `endings counted in full past the buffer: ${JSON.stringify([...endings])}`);
      assert.ok(past.length >= 5, `endings counted after the last buffer: ${JSON.stringify([...endings])}`);
    } finally {
      await conn.end();
    }
  });
}

// The server reads a statement into the same buffer and grows it for a longer one, for the rest
// of the session: a 40 KB statement makes every later SHOW STATUS result (17 KB over TLS) fit
// in one buffer, so nothing of it is undone any more.
for (const tls of [false, true]) {
  test(`after a 40 KB statement on the session, SELECT 1 still corrects to its own few bytes (${tls ? 'TLS' : 'plain TCP'})`, async () => {
    const session = new ProfilerSession({ ...sandboxSpec(info), ...(tls ? { tls: 'verify-full', tlsCa: info.tlsCa } : { tls: 'disabled' }) });
    try {
      const sent = async (sql: string) => (await session.analyze(sql)).counters.find((c) => c.name === 'Bytes_sent')?.corrected;
      const first = await sent('SELECT 1');
      assert.ok(first !== undefined && first > 0 && first < 200, `SELECT 1: ${first}`);
      const long = await sent(`SELECT LENGTH('${'x'.repeat(40_000)}') AS n`);
      assert.ok(long !== undefined && long > 0 && long < 200, `the long one: ${long}`);
      assert.equal(await sent('SELECT 1'), first);
      assert.equal(await sent('SELECT 1'), first);
    } finally {
      await session.close();
    }
  });
}
