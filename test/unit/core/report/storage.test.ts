import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Report } from '../../../../src/core/report/model';
import { boundEntries, MAX_STORED_STATEMENT, trimForStorage } from '../../../../src/core/report/storage';

const report = (statement: string, raw: Report['raw']): Report => ({ statement, raw, execution: { executed: true, rows: 1, ms: 1 } }) as unknown as Report;

test('stored reports drop raw outputs and cut huge statements', () => {
  const big = `SELECT * FROM t WHERE id IN (${'1,'.repeat(1_500_000)}1)`;
  const r = trimForStorage(report(big, { explainJson: 'x'.repeat(1_000_000) }));
  assert.deepEqual(r.raw, {});
  assert.ok(r.statement.length < MAX_STORED_STATEMENT + 100);
  assert.match(r.statement, /more characters not kept\)$/);
  const small = trimForStorage(report('SELECT 1', {}));
  assert.equal(small.statement, 'SELECT 1');
});

test('the history keeps the newest entries within the entry and byte bounds', () => {
  const entries = Array.from({ length: 50 }, (_, i) => ({ id: i, pad: 'x'.repeat(1000) }));
  assert.equal(boundEntries(entries, 10, 1e9).length, 10);
  const kept = boundEntries(entries, 100, 10_500);
  assert.deepEqual(
    kept.map((e) => e.id),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.ok(Buffer.byteLength(JSON.stringify(kept)) <= 10_600);
  assert.equal(boundEntries([{ id: 0, pad: 'y'.repeat(50_000) }], 100, 10).length, 1, 'the newest is kept even when alone it is over');
});
