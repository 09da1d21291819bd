// iconv-lite as the driver bundle sees it (scripts/driverIconv.cjs): the handshake's ASCII CESU-8
// is decoded without loading iconv-lite; anything else is iconv-lite's own answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as iconv from 'iconv-lite';

type Decoder = { write(b: Buffer): string; end(): string | number | undefined };
type Front = { getDecoder(e: string, o?: object): Decoder; getEncoder(e: string, o?: object): { write(s: string): Buffer; end(): Buffer | undefined } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const front = require('../../../scripts/driverIconv.cjs') as (load: () => typeof iconv) => Front;

function counted() {
  let loads = 0;
  return { lite: front(() => (loads++, iconv)), loads: () => loads };
}
// As mysql2's parsers/string.js reads a decoder (iconv-lite's CESU-8 end() gives 0).
const decode = (d: Decoder, b: Buffer) => {
  const res = d.write(b);
  const trail = d.end();
  return trail ? res + trail : res;
};

test('a server version in CESU-8 is decoded as iconv-lite would, without loading it', () => {
  const { lite, loads } = counted();
  for (const v of ['5.5.5-10.11.19-MariaDB-0+deb12u1', '8.0.36', '']) {
    const b = Buffer.from(v, 'latin1');
    assert.equal(decode(lite.getDecoder('cesu8'), b), iconv.decode(b, 'cesu8'));
  }
  assert.equal(loads(), 0);
});

test('CESU-8 that is not ASCII (a surrogate pair, BMP letters) is iconv-lite decoding it, also after ASCII on the same decoder', () => {
  const { lite, loads } = counted();
  const emoji = Buffer.from([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]); // U+1F600 as CESU-8
  const words = Buffer.from('Grüße, мир', 'utf8');
  const d = lite.getDecoder('CESU-8');
  assert.equal(decode(d, Buffer.from('v1 ')), 'v1 ');
  assert.equal(decode(d, emoji), iconv.decode(emoji, 'cesu8'));
  assert.equal(decode(d, emoji), '\u{1F600}');
  assert.equal(decode(d, words), 'Grüße, мир');
  assert.equal(decode(d, Buffer.from('plain')), 'plain');
  assert.equal(loads(), 1);
});

test('other encodings and every encoder are iconv-lite', () => {
  const { lite, loads } = counted();
  const cp = iconv.encode('привет', 'cp1251');
  assert.equal(decode(lite.getDecoder('cp1251'), cp), 'привет');
  const e = lite.getEncoder('cesu8');
  const out = Buffer.concat([e.write('\u{1F600}'), e.end() ?? Buffer.alloc(0)]);
  assert.deepEqual([...out], [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);
  assert.equal(loads(), 1);
});
