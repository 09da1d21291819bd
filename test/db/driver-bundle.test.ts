// The driver as the build ships it (dist/lib/mysql2.js): node's tls and crypto, iconv-lite
// (dist/lib/iconv-lite.js) and the error names (dist/lib/mysql2-errors.js) load on first use
// (scripts/build.mjs), and each still works when a session needs it; the mysql_native_password
// login takes its SHA-1 from scripts/driverSha1.cjs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { openConnection } from '../../src/core/session/connection';
import { sandbox, sandboxSpec, type SandboxInfo } from './helpers';

const bundle = join(__dirname, '../../dist/lib/mysql2.js');
let info: SandboxInfo;

before(async () => {
  info = await sandbox();
});

const SCRIPT = `
const mysql = require(process.env.BUNDLE);
const tlsLoaded = () => process.moduleLoadList.includes('NativeModule tls');
const base = { host: process.env.H, port: Number(process.env.P), user: process.env.U, password: process.env.W, database: process.env.D };
(async () => {
  const out = { tlsAtLoad: tlsLoaded() };
  // cp1251 is not one of node's own encodings: mysql2 decodes it with iconv-lite.
  const plain = await mysql.createConnection({ ...base, charset: 'CP1251_GENERAL_CI' });
  const [rows] = await plain.query("SELECT 'привет, мир' AS a, @@character_set_results AS cs");
  Object.assign(out, { text: rows[0].a, charset: rows[0].cs, tlsAfterPlain: tlsLoaded() });
  await plain.end();
  const secure = await mysql.createConnection({ ...base, ssl: { ca: require('fs').readFileSync(process.env.CA, 'utf8') } });
  const [[cipher]] = await secure.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
  Object.assign(out, { cipher: cipher.Value, tlsAfterTls: tlsLoaded() });
  await secure.end();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('the bundled driver loads tls only for a TLS session, and decodes a cp1251 session through the lazily loaded iconv-lite', () => {
  assert.ok(existsSync(bundle), 'dist/lib/mysql2.js is missing: run npm run build first');
  assert.ok(info.tlsCa, 'the sandbox has a CA');
  const env = { ...process.env, BUNDLE: bundle, H: info.host, P: String(info.port), U: info.user, W: info.password, D: info.database, CA: info.tlsCa };
  const r = spawnSync(process.execPath, ['-e', SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(out.tlsAtLoad, false, 'tls is not loaded with the driver');
  assert.equal(out.charset, 'cp1251');
  assert.equal(out.text, 'привет, мир');
  assert.equal(out.tlsAfterPlain, false, 'a plain-text session does not load tls');
  assert.match(String(out.cipher), /\w/);
  assert.equal(out.tlsAfterTls, true);
});

// From a file, not \`node -e\`: node's -e loads node:crypto itself.
const LOGIN = `
const mysql = require(process.env.BUNDLE);
const loaded = () => process.moduleLoadList.includes('NativeModule crypto');
const base = { host: process.env.H, port: Number(process.env.P), user: process.env.U, database: process.env.D };
(async () => {
  const out = { cryptoAtLoad: loaded() };
  const c = await mysql.createConnection({ ...base, password: process.env.W });
  const [rows] = await c.query('SELECT CURRENT_USER() AS u');
  const plugin = c.connection._handshakePacket && c.connection._handshakePacket.authPluginName;
  await c.end();
  Object.assign(out, { user: rows[0].u, plugin, cryptoAfterLogin: loaded(), iconvFiles: Object.keys(require.cache).filter((k) => /iconv-lite|mysql2-errors/.test(k)).length });
  try {
    await (await mysql.createConnection({ ...base, password: process.env.W + 'x' })).end();
    out.wrong = 'accepted';
  } catch (e) {
    out.wrong = e.errno;
    out.wrongCode = e.code;
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('the bundled driver logs in with a password without loading node:crypto, and a wrong password is still refused', () => {
  assert.ok(existsSync(bundle), 'dist/lib/mysql2.js is missing: run npm run build first');
  const file = join(mkdtempSync(join(tmpdir(), 'mqt-login-')), 'login.js');
  writeFileSync(file, LOGIN);
  const env = { ...process.env, BUNDLE: bundle, H: info.host, P: String(info.port), U: info.user, W: info.password, D: info.database };
  const r = spawnSync(process.execPath, [file], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(out.cryptoAtLoad, false);
  assert.match(String(out.user), new RegExp(`^${info.user}@`));
  assert.equal(out.plugin, 'mysql_native_password', 'the server asked for mysql_native_password');
  assert.equal(out.cryptoAfterLogin, false, 'the login took its SHA-1 without node:crypto');
  assert.equal(out.iconvFiles, 0, 'a utf8mb4 session loads neither dist/lib/iconv-lite.js nor the error names');
  assert.equal(out.wrong, 1045, 'a wrong password: ER_ACCESS_DENIED_ERROR');
  assert.equal(out.wrongCode, 'ER_ACCESS_DENIED_ERROR', 'the error names come from dist/lib/mysql2-errors.js');
});

test("the driver's caches are sized for what a session uses: 16 statements per connection, 1,000 row parsers in the bundle", async () => {
  // A connection of the project's own (driverOptions): nothing is prepared, so 16 statement slots.
  const conn = await openConnection(sandboxSpec(info));
  try {
    const statements = (conn as unknown as { connection: { _statements: { max: number } } }).connection._statements;
    assert.equal(statements.max, 16);
    const [rows] = await conn.query('SELECT 1 AS one');
    assert.deepEqual(rows, [{ one: 1 }]);
  } finally {
    await conn.end();
  }
  // The bundle's row-parser cache (scripts/build.mjs edits mysql2's 15,000 at build time).
  assert.ok(existsSync(bundle), 'dist/lib/mysql2.js is missing: run npm run build first');
  const text = readFileSync(bundle, 'utf8');
  // (minified: createLRU is renamed, 1000 is written 1e3)
  assert.ok(/\(\{\s*max:\s*(1e3|1000),?\s*\}\)/.test(text), 'the parser cache holds 1,000 shapes');
  assert.ok(!/max:\s*(15e3|15000)\b/.test(text), "mysql2's own 15,000 is gone");
});

// Every value type a report reads, through the project's connection (driverOptions: the static
// row reader) and through the driver's compiled one, as objects and as arrays.
const TYPED = `SELECT 42 AS i, -9007199254740993 AS big, 18446744073709551615 AS ubig, CAST(12345678901234567890.123456789 AS DECIMAL(40,9)) AS dec_,
  1e300 AS dbl, CAST(1.5 AS FLOAT) AS flt, DATE '2026-12-03' AS d, TIMESTAMP '2026-12-03 11:52:04.123456' AS ts, CAST('838:59:59.5' AS TIME(1)) AS tm,
  YEAR(NOW()) AS y, JSON_OBJECT('a', 1, 'b', JSON_ARRAY('x', NULL)) AS j, 'héllo 😀' AS s, X'00FF10' AS b, b'101' AS bits, NULL AS n,
  (SELECT rating FROM film WHERE film_id = 1) AS en, (SELECT special_features FROM film WHERE film_id = 1) AS st, (SELECT last_update FROM customer WHERE customer_id = 1) AS lu,
  (SELECT payment_date FROM payment WHERE payment_id = 1) AS pd, (SELECT amount FROM payment WHERE payment_id = 1) AS amt`;

test("the static row reader (the project's default) reads every type as the driver's compiled reader does", async () => {
  const conn = await openConnection(sandboxSpec(info));
  try {
    const read = async (disableEval: boolean, rowsAsArray: boolean) =>
      (await conn.query({ sql: TYPED, rowsAsArray, disableEval } as Parameters<typeof conn.query>[0]))[0];
    for (const rowsAsArray of [false, true]) {
      const staticRows = await read(true, rowsAsArray);
      const compiled = await read(false, rowsAsArray);
      assert.deepEqual(staticRows, compiled, rowsAsArray ? 'as arrays' : 'as objects');
    }
    assert.equal((conn as unknown as { connection: { config: { disableEval: boolean } } }).connection.config.disableEval, true, 'static by default');
    const [[row]] = (await conn.query(TYPED)) as unknown as [[Record<string, unknown>]];
    assert.equal(row.big, '-9007199254740993', 'big numbers as strings');
    assert.equal(row.ubig, '18446744073709551615');
    assert.equal(row.dec_, '12345678901234567890.123456789');
    assert.equal(row.ts, '2026-12-03 11:52:04.123456', 'dates as strings');
    assert.equal(row.s, 'héllo 😀');
    assert.deepEqual(row.b, Buffer.from([0, 255, 16]));
    assert.equal(row.n, null);
  } finally {
    await conn.end();
  }
});
