// The SHA-1 the driver bundle's mysql_native_password login uses instead of node:crypto
// (scripts/driverSha1.cjs): the same digests as node's, over strings, buffers and several updates.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';

type Hash = { update(d: string | Buffer, e?: BufferEncoding): Hash; digest(e?: BufferEncoding): Buffer | string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shim = require('../../../scripts/driverSha1.cjs') as { createHash(algorithm: string): Hash };

const node = (parts: (string | Buffer)[]) => parts.reduce((h, p) => h.update(p), createHash('sha1')).digest();
const ours = (parts: (string | Buffer)[]) => parts.reduce((h, p) => h.update(p), shim.createHash('sha1')).digest() as Buffer;

test('SHA-1 digests equal node:crypto for the login scramble shapes (password, then seed parts and stage 2)', () => {
  const cases: (string | Buffer)[][] = [
    [''],
    ['secret'],
    ['pässwörd ключ 密码'],
    [Buffer.from('0123456789abcdef0123', 'latin1')],
    [Buffer.alloc(8, 7), Buffer.alloc(12, 200), createHash('sha1').update('x').digest()],
    ['a'.repeat(1000)],
    [Buffer.alloc(64, 1), Buffer.alloc(55, 2), Buffer.alloc(56, 3)],
  ];
  for (const c of cases) {
    const got = ours(c);
    assert.ok(Buffer.isBuffer(got), 'the digest is a Buffer, as the driver expects');
    assert.equal(got.toString('hex'), node(c).toString('hex'), JSON.stringify(c.map(String)));
  }
  assert.equal(shim.createHash('SHA1').update('abc').digest('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
});

test('any other algorithm is node:crypto itself', () => {
  assert.equal(shim.createHash('sha256').update('abc').digest('hex'), createHash('sha256').update('abc').digest('hex'));
});
