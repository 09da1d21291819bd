// The driver as the build ships it (dist/lib/mysql2.js): node's tls and iconv-lite load on first
// use (scripts/build.mjs, lazy-driver-parts), and both still work when a session needs them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { sandbox, type SandboxInfo } from './helpers';

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
