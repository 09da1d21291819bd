// Verified TLS against the sandbox's own CA, plain TCP root refused, the Unix socket.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import mysql from 'mysql2/promise';
import { onConnectionWarning, openConnection, parseConnectionUrl, resetConnectionWarnings, type ConnectionSpec } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';
import { sandboxUrl, type SandboxInfo } from '../../src/sandbox/index';
import { makeCertificates } from '../../src/sandbox/tls';
import { sandbox } from './helpers';

let info: SandboxInfo;
let spec: ConnectionSpec;
let scratch: string;
const warnings: string[] = [];

before(async () => {
  info = await sandbox();
  spec = parseConnectionUrl(sandboxUrl(info, { tls: true }));
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mqt-tls-'));
  onConnectionWarning((m) => warnings.push(m));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

async function cipherOf(s: ConnectionSpec): Promise<string> {
  const conn = await openConnection(s);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    return String(rows[0]?.Value ?? '');
  } finally {
    await conn.end();
  }
}

test('sandbox url --tls is verify-full with the sandbox CA, and it verifies', async () => {
  assert.equal(spec.tls, 'verify-full');
  assert.equal(spec.tlsCa, path.join(info.dir, 'tls', 'ca.pem'));
  assert.match(await cipherOf(spec), /\w/, 'a TLS cipher is in use');
  assert.match(await cipherOf({ ...spec, host: 'localhost' }), /\w/, 'localhost is in the certificate too');
  const out = execFileSync(process.execPath, [path.join(__dirname, '../../dist/cli.js'), 'sandbox', 'url', '--tls'], { encoding: 'utf8' }).trim();
  assert.equal(out, sandboxUrl(info, { tls: true }));
});

test('verify-full fails with a CA that did not sign the server certificate', async () => {
  const other = path.join(scratch, 'other');
  await makeCertificates(other, ['localhost', '127.0.0.1'], 'Some other CA');
  await assert.rejects(openConnection({ ...spec, tlsCa: path.join(other, 'ca.pem') }), (e: Error) => {
    assert.match(e.message, /TLS verification failed for 127\.0\.0\.1:\d+: .*\(is ssl-ca the CA that signed/);
    assert.doesNotMatch(e.message, new RegExp(info.password));
    return true;
  });
});

test('verify-full fails for a host name the certificate does not name', async () => {
  // 127.0.0.2 reaches the sandbox through a small TCP relay, but the certificate names only localhost and 127.0.0.1.
  const relay = net.createServer((client) => {
    const upstream = net.connect(info.port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.2', r));
  const port = (relay.address() as net.AddressInfo).port;
  try {
    await assert.rejects(
      openConnection({ ...spec, host: '127.0.0.2', port }),
      /TLS verification failed for 127\.0\.0\.2:\d+: the server.s certificate does not name this host .*127\.0\.0\.2 is not in the cert/,
    );
    // The same relay with TLS required but not verified gets through: the name check is what refused.
    assert.match(await cipherOf({ ...spec, host: '127.0.0.2', port, tls: 'required', tlsCa: undefined as unknown as string }), /\w/);
  } finally {
    relay.close();
  }
});

test('preferred is plain text straight to loopback, TLS otherwise; required is TLS; loopback gets no warning', async () => {
  resetConnectionWarnings();
  warnings.length = 0;
  const plain: ConnectionSpec = { host: info.host, port: info.port, user: info.user, password: info.password, database: info.database };
  assert.equal(await cipherOf(plain), '', 'the default (preferred) to 127.0.0.1 is plain text');
  assert.equal(await cipherOf({ ...plain, host: 'localhost' }), '', 'and to localhost');
  assert.match(await cipherOf({ ...plain, tls: 'required' }), /\w/, 'required is TLS on loopback too');
  assert.match(await cipherOf({ ...plain, tls: 'preferred', tlsCa: spec.tlsCa! }), /\w/, 'a TLS file given: TLS');
  assert.equal(await cipherOf({ ...plain, tls: 'disabled' }), '');
  assert.deepEqual(warnings, []);
  // Through a stream (as an SSH tunnel's), to loopback or to a name: preferred negotiates TLS.
  const stream = () => Promise.resolve(net.connect(info.port, '127.0.0.1'));
  for (const host of ['127.0.0.1', 'db.example.test']) {
    const conn = await openConnection({ ...plain, host, database: undefined as unknown as string }, { stream });
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
      assert.match(String(rows[0]?.Value ?? ''), /\w/, `preferred through a stream to ${host}`);
    } finally {
      conn.destroy();
    }
  }
});

test('a full analysis over verify-full TLS and over the Unix socket', async () => {
  const tlsSession = new ProfilerSession(spec);
  try {
    const r = await tlsSession.analyze('SELECT COUNT(*) FROM film');
    assert.equal(r.execution.executed, true);
  } finally {
    await tlsSession.close();
  }
  assert.ok(info.socket);
  const sock = new ProfilerSession({
    host: 'localhost',
    port: 0,
    socketPath: info.socket,
    user: info.user,
    password: info.password,
    database: info.database,
    tls: 'disabled',
  });
  try {
    const r = await sock.analyze('SELECT title FROM film WHERE film_id = 7');
    assert.equal(r.execution.executed, true);
    assert.equal(r.execution.rows, 1);
  } finally {
    await sock.close();
  }
  // The session's own view of how it is connected: through the socket, as mqt@localhost.
  const conn = await openConnection({ host: 'localhost', port: 0, socketPath: info.socket, user: info.user, password: info.password, tls: 'disabled' });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT CURRENT_USER() AS u');
    assert.equal(rows[0]?.u, `${info.user}@localhost`);
  } finally {
    await conn.end();
  }
});

test('root cannot log in over TCP without a password; the socket still works for the sandbox itself', async () => {
  for (const host of ['127.0.0.1', 'localhost']) {
    await assert.rejects(
      mysql.createConnection({ host, port: info.port, user: 'root', password: '', connectTimeout: 3000 }),
      { code: 'ER_ACCESS_DENIED_ERROR' },
      host,
    );
  }
  const [rows] = await (async () => {
    const c = await mysql.createConnection({ socketPath: info.socket!, user: 'root' });
    try {
      return await c.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM mysql.user WHERE User = 'root' AND Host <> 'localhost' OR User = ''");
    } finally {
      await c.end();
    }
  })();
  assert.equal(Number(rows[0]?.n), 0, 'no root account but the socket one, no anonymous account');
});

test('secure_file_priv keeps INTO OUTFILE inside .sandbox/files', async () => {
  const conn = await mysql.createConnection({ host: info.host, port: info.port, user: info.user, password: info.password });
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT @@secure_file_priv AS p');
    assert.equal(path.resolve(String(rows[0]?.p)), path.join(info.dir, 'files'));
    const outside = path.join(scratch, 'leak.txt');
    await assert.rejects(conn.query(`SELECT 1 INTO OUTFILE '${outside}'`), { errno: 1290 });
  } finally {
    await conn.end();
  }
});

test('unverified TLS to a host that is not loopback warns once per host', async () => {
  resetConnectionWarnings();
  warnings.length = 0;
  // db.example.test is only a name here: the stream goes to the sandbox (as an SSH tunnel's would).
  const far: ConnectionSpec = { host: 'db.example.test', port: 3306, user: info.user, password: info.password, tls: 'required' };
  const stream = () => Promise.resolve(net.connect(info.port, '127.0.0.1'));
  for (let i = 0; i < 2; i++) (await openConnection(far, { stream })).destroy();
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /TLS to db\.example\.test:3306 is not verified \(ssl-mode=required\).*verify-full/);
  // verify-full by name through the same stream: the certificate does not name db.example.test.
  await assert.rejects(openConnection({ ...far, tls: 'verify-full', tlsCa: spec.tlsCa! }, { stream }), /does not name this host/);
  assert.equal(warnings.length, 1);
});

test('mqt through its launcher: node starts without NODE_EXTRA_CA_CERTS, and verify-full still trusts that file', () => {
  // A `node` first on PATH that logs the two variables it was started with, then runs the real node.
  const bin = path.join(scratch, 'bin');
  const log = path.join(scratch, 'node-env.log');
  mkdirSync(bin, { recursive: true });
  const fakeNode = `#!/bin/sh\nprintf '%s|%s\\n' "\${NODE_EXTRA_CA_CERTS-unset}" "\${MQT_NODE_EXTRA_CA_CERTS-unset}" >> '${log}'\nexec '${process.execPath}' "$@"\n`;
  writeFileSync(path.join(bin, 'node'), fakeNode, { mode: 0o755 });
  // verify-full with no ssl-ca: only node's default CAs, and whatever NODE_EXTRA_CA_CERTS adds.
  const url = `${sandboxUrl(info)}?ssl-mode=verify-full`;
  const mqt = (extra: string | undefined) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, MQT_URL: url };
    delete env.NODE_EXTRA_CA_CERTS;
    if (extra !== undefined) env.NODE_EXTRA_CA_CERTS = extra;
    // The file itself, as the `mqt` bin runs: its first line picks sh.
    return spawnSync(path.join(__dirname, '../../dist/cli.js'), ['analyze', '--sql', 'SELECT COUNT(*) FROM film', '--format', 'json'], {
      env,
      encoding: 'utf8',
      timeout: 60000,
    });
  };
  const ca = path.join(info.dir, 'tls', 'ca.pem');
  const trusted = mqt(ca);
  assert.equal(trusted.status, 0, trusted.stderr);
  assert.equal(JSON.parse(trusted.stdout).execution.executed, true);
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [`unset|${ca}`], 'node started with the file handed over, not to parse');

  const untrusted = mqt(undefined);
  assert.equal(untrusted.status, 1);
  assert.match(untrusted.stderr, /TLS verification failed for 127\.0\.0\.1:\d+/);

  const missing = mqt(path.join(scratch, 'no-such-ca.pem'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Ignoring extra certs from `.*no-such-ca\.pem`, load failed: ENOENT/);
  assert.match(missing.stderr, /TLS verification failed/);
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n').slice(1), ['unset|unset', `unset|${path.join(scratch, 'no-such-ca.pem')}`]);
});
