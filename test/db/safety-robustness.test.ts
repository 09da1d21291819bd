// Time limits, cancel, a server that stops answering, bad input and connection failures:
// each ends with a clear message within seconds, and the session works afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { ProfilerSession } from '../../src/core/session/profiler';
import { AnalysisError } from '../../src/core/session/errors';
import { driverOptions, type ConnectionSpec } from '../../src/core/session/connection';
import type { SandboxInfo } from '../../src/sandbox';
import { freePort } from '../support/freePort';
import { connect, sandbox, sandboxSpec } from './helpers';

const SCRATCH = 'mqt_safety_test';
let info: SandboxInfo;
let admin: Connection;
let spec: ConnectionSpec;

before(async () => {
  info = await sandbox();
  spec = { ...sandboxSpec(info), tls: 'disabled' };
  admin = await connect(info);
  await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH}`);
  await admin.query(`CREATE DATABASE ${SCRATCH}`);
  await admin.query(`CREATE TABLE ${SCRATCH}.x (id INT PRIMARY KEY) ENGINE=InnoDB`);
  await admin.query(`INSERT INTO ${SCRATCH}.x VALUES (1), (2), (3)`);
});
after(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${SCRATCH}`);
  await admin?.end();
});

/** A loopback TCP proxy to the sandbox that can go silent, like a cut network. */
async function freezableProxy(target: { host: string; port: number }) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    if (frozen) return; // accept, never answer
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

async function rejectsWithin(p: Promise<unknown>, ms: number, pattern: RegExp): Promise<number> {
  const t0 = Date.now();
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AnalysisError, `an AnalysisError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  const took = Date.now() - t0;
  assert.ok(took < ms, `took ${took} ms (limit ${ms})`);
  return took;
}

test('a server that stops answering during EXPLAIN: clear error within the limit, then reconnects', async () => {
  const proxy = await freezableProxy(info);
  const s = new ProfilerSession({ ...spec, port: proxy.port, connectTimeoutMs: 1500 });
  try {
    const ok = await s.analyze('SELECT 1', { timeoutMs: 1000 });
    assert.equal(ok.execution.executed, true);
    const took = await rejectsWithin(
      s.analyze('SELECT COUNT(*) FROM actor', {
        timeoutMs: 1000,
        onProgress: (step) => {
          if (step === 'Explaining') proxy.freeze();
        },
      }),
      6000,
      /No answer from .* during EXPLAIN.*next analysis reconnects/,
    );
    console.log(`# silent server during EXPLAIN: error after ${took} ms (limit 1 s + kill grace)`);
    proxy.thaw();
    const again = await s.analyze('SELECT 2', { timeoutMs: 1000 });
    assert.equal(again.execution.executed, true);
  } finally {
    await s.close();
    await proxy.close();
  }
});

test('a server that stops answering during the statement: error, no hang, reconnect', async () => {
  const proxy = await freezableProxy(info);
  const s = new ProfilerSession({ ...spec, port: proxy.port, connectTimeoutMs: 1500 });
  try {
    const took = await rejectsWithin(
      s.analyze('SELECT SLEEP(2), COUNT(*) FROM actor', {
        timeoutMs: 1000,
        onProgress: (step) => {
          if (step === 'Running') setTimeout(() => proxy.freeze(), 150);
        },
      }),
      8000,
      /No answer from .* during the statement.*next analysis reconnects/,
    );
    console.log(`# silent server during the statement: error after ${took} ms`);
    proxy.thaw();
    const again = await s.analyze('SELECT 3', { timeoutMs: 1000 });
    assert.equal(again.execution.executed, true);
  } finally {
    await s.close();
    await proxy.close();
  }
});

test('cancel during a rolled-back write kills it, rolls back, and the session works afterwards', async () => {
  const s = new ProfilerSession(spec);
  try {
    const [[before]] = (await admin.query('CHECKSUM TABLE sakila.rental')) as unknown as [[{ Checksum: string }]];
    const abort = new AbortController();
    const t0 = Date.now();
    const r = await s.analyze('UPDATE rental SET return_date = NOW() WHERE SLEEP(0.01) = 0 AND rental_id < 2000', {
      allowWrites: true,
      signal: abort.signal,
      onProgress: (step) => {
        if (step === 'Running') setTimeout(() => abort.abort(), 300);
      },
    });
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(r.execution.executed, false);
    assert.equal(r.execution.reason, 'Cancelled.');
    assert.equal(r.execution.error?.errno, 1317);
    const [[afterSum]] = (await admin.query('CHECKSUM TABLE sakila.rental')) as unknown as [[{ Checksum: string }]];
    assert.equal(afterSum.Checksum, before.Checksum);
    const ok = await s.analyze('SELECT COUNT(*) FROM rental');
    assert.equal(ok.execution.executed, true);
  } finally {
    await s.close();
  }
});

test('cancel before anything runs sends nothing', async () => {
  const s = new ProfilerSession(spec);
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(s.analyze('SELECT 1', { signal: abort.signal }), /Cancelled/);
  await s.close();
});

test('the time limit also stops a slow write (server side), inside the rollback', async () => {
  const s = new ProfilerSession(spec);
  try {
    const t0 = Date.now();
    const r = await s.analyze('UPDATE rental SET return_date = NOW() WHERE SLEEP(0.01) = 0 AND rental_id < 2000', { allowWrites: true, timeoutMs: 500 });
    assert.ok(Date.now() - t0 < 4000);
    assert.equal(r.execution.executed, false);
    assert.match(r.execution.reason ?? '', /time limit/);
    assert.equal((await s.analyze('SELECT 1')).execution.executed, true);
  } finally {
    await s.close();
  }
});

test('invalid SQL: the server error with line and column, for several shapes', async () => {
  const s = new ProfilerSession(spec);
  try {
    const cases: Array<[string, number, number | undefined]> = [
      ['SELECT *\nFROM actor\nWHERE actor_id = = 1', 3, 18],
      ['SELECT actor_id,\n  first_name\n  FRM actor', 3, 7],
      ["SELECT 'unterminated FROM actor", 1, undefined],
      ['SELECT (1 + FROM actor', 1, 13],
    ];
    for (const [sql, line, column] of cases) {
      const r = await s.analyze(sql);
      assert.equal(r.execution.executed, false, sql);
      assert.equal(r.planError?.errno, 1064, sql);
      assert.equal(r.planError?.line, line, sql);
      if (column !== undefined) assert.equal(r.planError?.column, column, sql);
    }
    const unknown = await s.analyze('SELECT nope FROM actor');
    assert.equal(unknown.planError?.errno, 1054);
    assert.match(unknown.planError?.message ?? '', /Unknown column 'nope'/);
    const table = await s.analyze('SELECT * FROM no_such_table');
    assert.equal(table.planError?.errno, 1146);
    assert.equal((await s.analyze('SELECT 1')).execution.executed, true);
  } finally {
    await s.close();
  }
});

test('several statements: the first is analysed and the report says so; never two statements at once', async () => {
  const s = new ProfilerSession(spec);
  try {
    const r = await s.analyze(`SELECT 1; DROP TABLE ${SCRATCH}.x`);
    assert.equal(r.statement, 'SELECT 1');
    assert.equal(r.execution.executed, true);
    assert.match(r.notes.join(' '), /2 statements; only the first/);
    const w = await s.analyze(`DELETE FROM ${SCRATCH}.x; SELECT 1`, { allowWrites: true });
    assert.match(w.notes.join(' '), /rolled back/);
  } finally {
    await s.close();
  }
  // The driver itself refuses to send two statements in one call.
  const raw = await mysql.createConnection(driverOptions(spec, false));
  try {
    await assert.rejects(raw.query(`SELECT 1; DROP TABLE ${SCRATCH}.x`), (e: unknown) => (e as { errno?: number }).errno === 1064);
  } finally {
    await raw.end();
  }
  const [rows] = (await admin.query(`SELECT COUNT(*) AS n FROM ${SCRATCH}.x`)) as unknown as [[{ n: number }]];
  assert.equal(Number(rows[0].n), 3);
});

test('empty input is refused before connecting', async () => {
  const s = new ProfilerSession({ ...spec, port: await freePort() }); // would fail if it tried to connect
  for (const sql of ['', '   \n\t', '-- only a comment', '/* nothing */', ';;;', '# hash comment\n']) {
    await assert.rejects(s.analyze(sql), (e: unknown) => e instanceof AnalysisError && /empty/.test(e.message), JSON.stringify(sql));
  }
});

test('a 1 MB statement is analysed; one over max_allowed_packet gets a clear message', async () => {
  const s = new ProfilerSession(spec);
  try {
    const ids: number[] = [];
    let sql = 'SELECT COUNT(*) FROM actor WHERE actor_id IN (';
    for (let i = 1; sql.length < 1_048_576; i++) {
      ids.push(i);
      sql += `${i},`;
    }
    sql += '0)';
    const t0 = Date.now();
    const r = await s.analyze(sql, { timeoutMs: 30_000 });
    console.log(`# 1 MB statement (${ids.length} values): analysed in ${Date.now() - t0} ms`);
    assert.equal(r.execution.executed, true);
    assert.equal(r.execution.rows, 1);
    const huge = `SELECT '${'x'.repeat(17 * 1024 * 1024)}'`;
    await assert.rejects(s.analyze(huge), /max_allowed_packet/);
    assert.equal((await s.analyze('SELECT 1')).execution.executed, true);
  } finally {
    await s.close();
  }
});

test('binary and invalid UTF-8 input: a report or a clear error, never a crash', async () => {
  const s = new ProfilerSession(spec);
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const inputs = [
    "SELECT '\u0000abc'",
    'SELECT 1\u0000',
    "SELECT '\uD800'",
    'SELECT \uFFFD FROM actor',
    Buffer.from([0x53, 0x45, 0x4c, 0xff, 0xfe, 0x00]).toString('utf8'),
    "SELECT '" + Buffer.from([0xc3, 0x28, 0xa0, 0xa1]).toString('latin1') + "'",
  ];
  for (let i = 0; i < 20; i++) inputs.push(Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256))).toString('utf8'));
  for (let i = 0; i < 10; i++) inputs.push('SELECT ' + Buffer.from(Array.from({ length: 50 }, () => Math.floor(rnd() * 256))).toString('utf8') + ' FROM actor');
  try {
    for (const sql of inputs) {
      try {
        const r = await s.analyze(sql, { timeoutMs: 5000 });
        assert.equal(typeof r.execution.executed, 'boolean');
      } catch (e) {
        assert.ok(e instanceof AnalysisError, `unexpected ${String(e)} for ${JSON.stringify(sql)}`);
      }
    }
    assert.equal((await s.analyze('SELECT 1')).execution.executed, true);
  } finally {
    await s.close();
  }
});

test('connection failures are fast and clear', async () => {
  const timings: string[] = [];
  const fail = async (label: string, over: Partial<ConnectionSpec>, pattern: RegExp, limit: number) => {
    const s = new ProfilerSession({ ...spec, ...over });
    const took = await rejectsWithin(s.analyze('SELECT 1'), limit, pattern);
    timings.push(`${label} ${took} ms`);
    await s.close();
  };
  await fail('wrong password', { password: 'definitely-wrong' }, /Access denied .*check the user and password/, 2000);
  await fail('unknown database', { database: 'no_such_db_here' }, /Unknown database/, 2000);
  await fail('closed port', { port: await freePort() }, /connection refused/, 2000);
  // A listener that accepts and never sends the handshake: a hung or blackholed server.
  const silent = net.createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    await fail('silent server', { port: (silent.address() as net.AddressInfo).port, connectTimeoutMs: 1000 }, /timed out/, 2500);
  } finally {
    silent.close();
  }
  await fail('unreadable CA file', { tls: 'verify-full', tlsCa: '/nonexistent/ca.pem' }, /Cannot read the TLS CA file \/nonexistent\/ca.pem: ENOENT/, 500);
  console.log(`# fast failures: ${timings.join(', ')}`);
  // The sandbox offers TLS: a server without it, and the fallback of "preferred", are in test/replay/tls.test.ts.
});

test('the default connect timeout bounds a silent server', async () => {
  assert.equal(driverOptions(spec, false).connectTimeout, 8000);
  assert.equal(driverOptions(spec, false).multipleStatements, false);
});
