import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TLS, driverOptions, isLoopback, plainOnLoopback } from '../../../../src/core/session/connection';

test('loopback is a socket, localhost, 127/8 or ::1; nothing else', () => {
  for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'LOCALHOST']) assert.equal(isLoopback({ host }), true, host);
  for (const host of ['db.example.com', '10.0.0.5', '192.168.1.1', '128.0.0.1', '::2', 'localhost.evil.com', '0.0.0.0'])
    assert.equal(isLoopback({ host }), false, host);
  assert.equal(isLoopback({ host: 'db.example.com', socketPath: '/run/mysqld/mysqld.sock' }), true);
});

test('one default, and verify-full asks mysql2 for the host name check', () => {
  assert.equal(DEFAULT_TLS, 'preferred');
  const spec = { host: 'db.example.com', port: 3306, user: 'u' };
  const full = driverOptions({ ...spec, tls: 'verify-full' }, true).ssl as { rejectUnauthorized?: boolean; verifyIdentity?: boolean };
  assert.deepEqual([full.rejectUnauthorized, full.verifyIdentity], [true, true]);
  const req = driverOptions({ ...spec, tls: 'required' }, true).ssl as { rejectUnauthorized?: boolean; verifyIdentity?: boolean };
  assert.deepEqual([req.rejectUnauthorized, req.verifyIdentity], [false, false]);
  assert.equal(driverOptions({ ...spec, tls: 'disabled' }, false).ssl, undefined);
});

test('preferred goes without TLS only straight to loopback and with no TLS file', () => {
  const local = { host: '127.0.0.1', port: 3306, user: 'u' };
  assert.equal(plainOnLoopback(local, false), true, 'the default, preferred');
  assert.equal(plainOnLoopback({ ...local, host: '::1', tls: 'preferred' }, false), true);
  assert.equal(plainOnLoopback({ ...local, host: 'db', socketPath: '/run/mysqld/mysqld.sock' }, false), true, 'a socket');
  assert.equal(plainOnLoopback({ ...local, tls: 'required' }, false), false);
  assert.equal(plainOnLoopback({ ...local, tls: 'verify-full' }, false), false);
  assert.equal(plainOnLoopback({ ...local, host: '10.0.0.5' }, false), false, 'another machine');
  assert.equal(plainOnLoopback({ ...local, host: 'localhost.evil.com' }, false), false);
  assert.equal(plainOnLoopback(local, true), false, 'through a stream (an SSH tunnel)');
  assert.equal(plainOnLoopback({ ...local, via: { label: 'ssh', stream: () => Promise.reject(new Error('unused')) } }, false), false);
  for (const file of ['tlsCa', 'tlsCert', 'tlsKey']) assert.equal(plainOnLoopback({ ...local, [file]: '/x.pem' }, false), false, file);
});
