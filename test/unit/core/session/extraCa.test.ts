// The CA file the `mqt` launcher hands over: given back to the environment, and trusted by a real
// TLS handshake (a loopback server with a certificate from a CA of its own) only where node's
// default store is used.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { after, before, test } from 'node:test';
import { HANDED_VAR, takeHandedCaFile, trustHandedCas } from '../../../../src/core/session/extraCa';
import { makeCertificates } from '../../../../src/sandbox/tls';

// The server sends its own certificate alone, so an unknown CA reads as an unverifiable leaf.
const UNTRUSTED = 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
let dir: string;
let server: tls.Server;
let port: number;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-extra-ca-'));
  await makeCertificates(path.join(dir, 'ours'), ['127.0.0.1'], 'Extra CA test');
  await makeCertificates(path.join(dir, 'other'), ['127.0.0.1'], 'Some other CA');
  const f = (name: string) => readFileSync(path.join(dir, 'ours', name));
  server = tls.createServer({ cert: f('server-cert.pem'), key: f('server-key.pem') }, (s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** '' when the handshake verified the server, else the client's error code. */
function handshake(options: tls.ConnectionOptions = {}): Promise<string> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: true, ...options }, () => {
      s.destroy();
      resolve('');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

test('no hand-over: nothing changes, the environment included', () => {
  const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/x.pem' };
  assert.equal(takeHandedCaFile(env), undefined);
  assert.deepEqual(env, { NODE_EXTRA_CA_CERTS: '/x.pem' });
  // An empty hand-over (the launcher never makes one) is dropped.
  const empty: NodeJS.ProcessEnv = { [HANDED_VAR]: '' };
  assert.equal(takeHandedCaFile(empty), undefined);
  assert.deepEqual(empty, {});
});

test('the handed CA file is trusted only where node would have trusted it', async () => {
  const ca = path.join(dir, 'ours', 'ca.pem');
  assert.equal(await handshake(), UNTRUSTED, 'the test CA is not in node’s store to begin with');
  trustHandedCas();
  assert.equal(await handshake(), UNTRUSTED, 'nothing was handed over, so nothing is added');

  const env: NodeJS.ProcessEnv = { [HANDED_VAR]: ca, PATH: '/bin' };
  assert.equal(takeHandedCaFile(env), ca);
  assert.deepEqual(env, { NODE_EXTRA_CA_CERTS: ca, PATH: '/bin' }, 'child processes see the variable as the user set it');
  trustHandedCas();
  assert.equal(await handshake(), '', 'node’s default store, and the handed CA with it');
  // An explicit CA list replaces the default store, with or without NODE_EXTRA_CA_CERTS.
  assert.equal(await handshake({ ca: readFileSync(path.join(dir, 'other', 'ca.pem')) }), UNTRUSTED);
  assert.equal(await handshake({ ca: readFileSync(ca) }), '');
  // The name is still checked.
  assert.equal(await handshake({ servername: 'localhost' }), 'ERR_TLS_CERT_ALTNAME_INVALID');
});
