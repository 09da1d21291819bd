// A server that offers no TLS (mysql2's server mode never does): what each ssl-mode does with it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { onConnectionWarning, openConnection, type ConnectionSpec } from '../../src/core/session/connection';
import { startReplayServer, type ReplayServer } from './server';

let server: ReplayServer;
let spec: ConnectionSpec;
const warnings: string[] = [];

before(async () => {
  server = await startReplayServer('8.0.36', (sql) => (/^SELECT 1/.test(sql) ? { columns: ['1'], rows: [['1']] } : { ok: true }));
  spec = { host: '127.0.0.1', port: server.port, user: 'app', password: 'pw' };
  onConnectionWarning((m) => warnings.push(m));
});
after(() => server.close());

test('required and verify-full refuse a server without TLS, with a clear message', async () => {
  for (const tls of ['required', 'verify-full'] as const) {
    await assert.rejects(openConnection({ ...spec, tls }), /TLS is required but 127\.0\.0\.1:\d+ does not offer it/, tls);
  }
});

test('preferred (the default) falls back to plain text on loopback only', async () => {
  for (const s of [{ ...spec, tls: 'preferred' as const }, spec]) {
    const conn = await openConnection(s);
    try {
      assert.ok(!(conn as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream.encrypted, 'plain text');
    } finally {
      conn.destroy();
    }
  }
  assert.deepEqual(warnings, [], 'no warning: no TLS was negotiated, and the host is loopback');
});
