// MySQL 8's default authentication, caching_sha2_password, against a hand-written server side
// (test/replay/sha2.ts): full authentication over TLS (the password in clear inside TLS) and
// over the RSA key exchange (public key request, RSA-OAEP), then the fast path from the cache;
// a wrong password fails with a clear message. Our openConnection and the mqt CLI both.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openConnection, type ConnectionSpec } from '../../src/core/session/connection';
import { makeCertificates } from '../../src/sandbox/tls';
import type { Reply } from './server';
import { startSha2Server, type Sha2Server } from './sha2';

const PASSWORD = 'Sekr3t-pw-4-sha2';
const dir = mkdtempSync(path.join(tmpdir(), 'mqt-sha2-'));
const tlsDir = path.join(dir, 'tls');
let tlsFiles: { key: string; cert: string };
const ca = path.join(tlsDir, 'ca.pem');
before(async () => {
  await makeCertificates(tlsDir);
  tlsFiles = { key: readFileSync(path.join(tlsDir, 'server-key.pem'), 'utf8'), cert: readFileSync(path.join(tlsDir, 'server-cert.pem'), 'utf8') };
});
after(() => rmSync(dir, { recursive: true, force: true }));

function answer(sql: string): Reply {
  if (/^SELECT 1\b/.test(sql)) return { columns: ['1'], rows: [['1']] };
  if (/^SELECT CURRENT_USER\(\)/i.test(sql)) return { columns: ['u'], rows: [['app@%']] };
  return { ok: true };
}

async function selectOne(spec: ConnectionSpec): Promise<{ one: string; encrypted: boolean }> {
  const conn = await openConnection(spec);
  try {
    const [rows] = await conn.query('SELECT 1');
    const stream = (conn as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream;
    return { one: String((rows as Array<Record<string, unknown>>)[0]['1']), encrypted: stream.encrypted === true };
  } finally {
    await conn.end();
  }
}

const deniedMessage = /Access denied for 127\.0\.0\.1:\d+: check the user and password/;

describe('caching_sha2_password over TLS (verify-full)', () => {
  let server: Sha2Server;
  let spec: ConnectionSpec;
  before(async () => {
    server = await startSha2Server({ users: { app: PASSWORD }, tls: tlsFiles }, answer);
    spec = { host: '127.0.0.1', port: server.port, user: 'app', password: PASSWORD, tls: 'verify-full', tlsCa: ca };
  });
  after(() => server.close());

  test('first connection: full authentication, the password sent in clear inside TLS', async () => {
    const r = await selectOne(spec);
    assert.deepEqual(r, { one: '1', encrypted: true });
    assert.deepEqual(server.exchanges.at(-1), { user: 'app', tls: true, steps: ['full', 'clear', 'ok'] });
    assert.ok(!server.plainBytes().includes(PASSWORD), 'the password never crossed outside TLS');
  });

  test('second connection: fast authentication from the server cache (0x01 0x03)', async () => {
    const r = await selectOne(spec);
    assert.equal(r.one, '1');
    assert.deepEqual(server.exchanges.at(-1)?.steps, ['fast-ok', 'ok']);
  });

  test('a wrong password: the fast path fails, full authentication too, a clear error without the password', async () => {
    const wrong = 'not-the-password';
    const err = await openConnection({ ...spec, password: wrong }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(err, 'the connection was refused');
    assert.match(err.message, deniedMessage);
    assert.ok(!err.message.includes(wrong), 'no password in the message');
    assert.deepEqual(server.exchanges.at(-1)?.steps, ['full', 'clear', 'denied']);
  });
});

describe('caching_sha2_password without TLS: the RSA key exchange', () => {
  let server: Sha2Server;
  let spec: ConnectionSpec;
  before(async () => {
    server = await startSha2Server({ users: { app: PASSWORD } }, answer);
    spec = { host: '127.0.0.1', port: server.port, user: 'app', password: PASSWORD, tls: 'disabled' };
  });
  after(() => server.close());

  test('full authentication: public key request (0x02), the password RSA-OAEP encrypted', async () => {
    const r = await selectOne(spec);
    assert.deepEqual(r, { one: '1', encrypted: false });
    assert.deepEqual(server.exchanges.at(-1), { user: 'app', tls: false, steps: ['full', 'public-key', 'rsa', 'ok'] });
    assert.ok(!server.plainBytes().includes(PASSWORD), 'the password is not on the wire in clear');
  });

  test('then the fast path; after the cache is flushed, the key exchange again', async () => {
    await selectOne(spec);
    assert.deepEqual(server.exchanges.at(-1)?.steps, ['fast-ok', 'ok']);
    server.flushCache();
    await selectOne(spec);
    assert.deepEqual(server.exchanges.at(-1)?.steps, ['full', 'public-key', 'rsa', 'ok']);
  });

  test('ssl-mode=preferred (the default) on loopback, the server offering no TLS: the same exchange', async () => {
    server.flushCache();
    const r = await selectOne({ ...spec, tls: undefined });
    assert.equal(r.encrypted, false);
    assert.deepEqual(server.exchanges.at(-1)?.steps, ['full', 'public-key', 'rsa', 'ok']);
  });

  test('a wrong password over the key exchange, and an unknown user: a clear error', async () => {
    server.flushCache();
    for (const s of [
      { ...spec, password: 'wrong-one' },
      { ...spec, user: 'nobody' },
    ]) {
      await assert.rejects(openConnection(s), deniedMessage);
      assert.deepEqual(server.exchanges.at(-1)?.steps, ['full', 'public-key', 'rsa', 'denied']);
    }
  });

  test('a server greeting with mysql_native_password switches the client to caching_sha2_password', async () => {
    const old = await startSha2Server({ users: { app: PASSWORD }, greetNative: true }, answer);
    try {
      const s = { ...spec, port: old.port };
      await selectOne(s);
      await selectOne(s);
      assert.deepEqual(
        old.exchanges.map((e) => e.steps),
        [
          ['switch', 'full', 'public-key', 'rsa', 'ok'],
          ['switch', 'fast-ok', 'ok'],
        ],
      );
      await assert.rejects(openConnection({ ...s, password: 'wrong' }), deniedMessage);
    } finally {
      await old.close();
    }
  });
});

test('caching_sha2_password on a Unix socket: the password in clear (the socket counts as secure)', async () => {
  const socketPath = path.join(dir, 'mysqld.sock');
  const server = await startSha2Server({ users: { app: PASSWORD }, socketPath }, answer);
  try {
    const spec: ConnectionSpec = { host: 'localhost', port: 0, socketPath, user: 'app', password: PASSWORD };
    assert.equal((await selectOne(spec)).one, '1');
    await selectOne(spec);
    assert.deepEqual(
      server.exchanges.map((e) => e.steps),
      [
        ['full', 'clear', 'ok'],
        ['fast-ok', 'ok'],
      ],
    );
  } finally {
    await server.close();
  }
});

test('mqt connects with caching_sha2_password (RSA exchange, then TLS), and a wrong password exits 1 with one clear line', async () => {
  const cli = path.join(__dirname, '../../dist/cli.js');
  const mqt = (args: string[], password: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [cli, ...args], { env: { ...process.env, MQT_PASSWORD: password, NO_COLOR: '1' }, timeout: 60_000 }, (e, stdout, stderr) => {
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
      });
    });
  const plain = await startSha2Server({ users: { app: PASSWORD } }, answer);
  const tls = await startSha2Server({ users: { app: PASSWORD }, tls: tlsFiles }, answer);
  try {
    for (const [server, url, steps] of [
      [plain, `mysql://app@127.0.0.1:${plain.port}/?ssl-mode=disabled`, 'full,public-key,rsa,ok'],
      [tls, `mysql://app@127.0.0.1:${tls.port}/?ssl-mode=verify-full&ssl-ca=${encodeURIComponent(ca)}`, 'full,clear,ok'],
    ] as const) {
      const ok = await mqt(['hints', '--url', url, '--sql', 'SELECT 1', '--format', 'json'], PASSWORD);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(server.exchanges.at(-1)?.steps.join(), steps, JSON.stringify(server.exchanges));
      assert.equal(server.exchanges.at(-1)?.tls, server === tls);
      const bad = await mqt(['hints', '--url', url, '--sql', 'SELECT 1'], 'wrong-password');
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stderr, /Access denied for 127\.0\.0\.1:\d+: check the user and password/);
      assert.equal(bad.stderr.trim().split('\n').length, 1, `one line: ${bad.stderr}`);
      assert.ok(!bad.stderr.includes('wrong-password') && !bad.stdout.includes('wrong-password'), 'no password in the output');
    }
  } finally {
    await plain.close();
    await tls.close();
  }
});
