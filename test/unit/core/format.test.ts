import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareNames, formatNumber } from '../../../src/core/format';

test('formatNumber writes what toLocaleString("en-US") writes', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values = [
    0,
    -0.0004,
    1,
    999,
    1000,
    1234.5,
    -1234.5,
    0.5,
    1.5,
    2.5,
    -2.5,
    1.005,
    0.125,
    99.995,
    1e6,
    123456789.987654,
    -1e20,
    NaN,
    Infinity,
    -Infinity,
    1e22,
  ];
  for (let i = 0; i < 5000; i++) values.push((rnd() - 0.3) * 10 ** Math.floor(rnd() * 14 - 3));
  for (const v of values) {
    for (const digits of [0, 1, 2, 3])
      assert.equal(formatNumber(v, digits), v.toLocaleString('en-US', { maximumFractionDigits: digits }), `${v} with ${digits}`);
  }
  assert.equal(formatNumber(1234567.891), '1,234,567.891');
});

test('compareNames sorts status counter names and rule ids as localeCompare does', () => {
  const names = readFileSync(join(__dirname, '../../fixtures/counters/q01-range.status.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t')[0])
    .filter((n) => /^[A-Za-z_]+$/.test(n));
  assert.ok(names.length > 100, `${names.length} names`);
  const ids = [
    'select-star',
    'like-leading-wildcard',
    'function-on-column',
    'non-sargable-date',
    'in-subquery',
    'implicit-conversion',
    'order-by-rand',
    'order-across-tables',
    'dml-limit-without-order',
    'dml-without-where',
  ];
  for (const list of [names, ids, ['b', 'B', 'a', 'A', 'a_b', 'aB', 'ab', 'Ab']]) {
    assert.deepEqual(
      [...list].sort(compareNames),
      [...list].sort((a, b) => a.localeCompare(b)),
    );
  }
});
