import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSnapshots, measureObservationCost } from '../../../../src/core/counters/diff';
import { rowWireBytes, snapshotFromRows, type StatusSnapshot } from '../../../../src/core/counters/snapshot';
import { counterGroup } from '../../../../src/core/counters/groups';

const dir = join(__dirname, '../../../fixtures/counters');

/** TSV files with one or more `Variable_name\tValue` blocks. */
function snapshots(file: string): StatusSnapshot[] {
  const out: StatusSnapshot[] = [];
  let rows: Array<{ Variable_name: string; Value: string }> = [];
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [name, value = ''] = line.split('\t');
    if (name === 'Variable_name') {
      if (rows.length) out.push(snapshotFromRows(rows));
      rows = [];
      continue;
    }
    rows.push({ Variable_name: name, Value: value });
  }
  if (rows.length) out.push(snapshotFromRows(rows));
  return out;
}

test('recorded back-to-back snapshots: the observation cost is what DB.md measured', () => {
  const [s1, s2] = snapshots('observation-run-a.raw.tsv');
  const cost = measureObservationCost(s1, s2);
  assert.equal(cost.get('Com_show_status'), 1);
  assert.equal(cost.get('Questions'), 1);
  assert.equal(cost.get('Bytes_received'), 24);
  assert.equal(cost.get('Rows_tmp_read'), 562);
  // Noise is not part of the cost.
  assert.equal(cost.has('Query_time'), false);
  assert.equal(cost.has('Max_memory_used'), false);
});

test('an empty window corrects to exactly zero, Bytes_sent included', () => {
  const [s1, s2, s3] = snapshots('observation-run-a.raw.tsv');
  const cost = measureObservationCost(s1, s2);
  const deltas = diffSnapshots(s2, s3, cost);
  assert.ok(deltas.length > 0, 'raw deltas exist');
  for (const d of deltas) assert.equal(d.corrected, 0, `${d.name} raw ${d.delta} corrected ${d.corrected}`);
  const sent = deltas.find((d) => d.name === 'Bytes_sent')!;
  assert.ok(sent.delta > 16000, 'the raw delta is the previous SHOW result set');
});

// Two snapshots whose rows differ only in the padding value's length.
const padded = (sent: number, pad: number) =>
  snapshotFromRows([
    { Variable_name: 'Bytes_sent', Value: String(sent) },
    { Variable_name: 'Com_show_status', Value: '1' },
    { Variable_name: 'Pad', Value: 'x'.repeat(pad) },
  ]);

// What the real server does (MariaDB 10.11, measured over plain TCP and TLS at buffer sizes of
// 1 and 16 KB): the flushes made while the rows are written are undone, the end packet (9 bytes)
// is written after the restore. Column definitions and headers here: 215 bytes with the end packet.
const OVERHEAD = 215;
const L = 16384;
const rows = (pad: number) => rowWireBytes(padded(10000, pad));
const counted = (total: number) => total - L * Math.max(0, Math.floor((total - 9 - 1) / L));

test('a SHOW result that grows across a 16 KB buffer: MariaDB undoes only the flushes made with its rows', () => {
  const net = { length: L, restoresCounters: true };
  const pad = L - 30 - OVERHEAD - (rows(1000) - 1000); // a calibrating result of 16,354 bytes, counted in full
  const total = rows(pad) + OVERHEAD;
  assert.equal(total, L - 30);
  const cost = (grow: number) => measureObservationCost(padded(10000, pad), padded(10000 + total, pad + grow), net).get('Bytes_sent');
  // 30 bytes longer: exactly one buffer, nothing flushed before the end → counted in full.
  assert.equal(cost(30), L);
  // Up to the end packet's 9 bytes past the buffer, the rows still end inside it: in full (the
  // plain-TCP case that was one buffer off).
  assert.equal(cost(39), L + 9);
  // One byte more and the rows themselves cross: the first buffer is undone.
  assert.equal(cost(40), 10);
  assert.equal(cost(1000), 970);
  for (let grow = 0; grow < 2000; grow += 7) assert.equal(cost(grow), counted(total + grow), `grown by ${grow}`);
  // Without the restore (MySQL), growth just adds its bytes.
  assert.equal(
    measureObservationCost(padded(10000, pad), padded(10000 + total, pad + 40), { length: L, restoresCounters: false }).get('Bytes_sent'),
    total + 40,
  );
});

test("a count below the rows' own size proves the restore on any server", () => {
  // Rows of about 20,000 bytes counted as what follows the first buffer: the server undid it.
  const total = rows(20000) + OVERHEAD;
  const cost = measureObservationCost(padded(10000, 20000), padded(10000 + total - L, 20005), { length: L, restoresCounters: false });
  assert.equal(cost.get('Bytes_sent'), total + 5 - L);
});

test('row wire bytes follow the value lengths', () => {
  const a = snapshotFromRows([{ Variable_name: 'Bytes_sent', Value: '11' }]);
  const b = snapshotFromRows([{ Variable_name: 'Bytes_sent', Value: '16363' }]);
  assert.equal(rowWireBytes(b) - rowWireBytes(a), 3);
});

test('a full-scan query: deltas against the baseline', () => {
  const [baseline] = snapshots('baseline-flush-show.status.tsv');
  const [after] = snapshots('q02-fullscan.status.tsv');
  const byName = new Map(diffSnapshots(baseline, after).map((d) => [d.name, d]));
  assert.equal(byName.get('Handler_read_rnd_next')?.delta, 100001);
  assert.equal(byName.get('Select_scan')?.delta, 1);
  assert.equal(byName.get('Rows_read')?.delta, 100000);
  assert.equal(byName.get('Handler_read_rnd_next')?.group, 'full scans');
  assert.equal(byName.has('Last_query_cost'), false, 'noise is dropped');
});

test('counter groups', () => {
  assert.equal(counterGroup('Handler_read_key'), 'index reads');
  assert.equal(counterGroup('Handler_read_rnd_next'), 'full scans');
  assert.equal(counterGroup('Select_full_join'), 'full scans');
  assert.equal(counterGroup('Sort_merge_passes'), 'sorts');
  assert.equal(counterGroup('Created_tmp_disk_tables'), 'temporary tables');
  assert.equal(counterGroup('Bytes_sent'), 'network');
  assert.equal(counterGroup('Something_new'), 'other');
});

test('a variable left out of a snapshot (STATUS_SQL drops the zeros) reads as 0 in the cost and in the diff', () => {
  const first = new Map([['Com_show_status', '1']]);
  const second = new Map([
    ['Com_show_status', '2'],
    ['Rows_tmp_read', '562'],
  ]);
  const cost = measureObservationCost(first, second);
  assert.equal(cost.get('Rows_tmp_read'), 562);
  const after = new Map([
    ['Com_show_status', '3'],
    ['Rows_tmp_read', '1124'],
    ['Handler_read_key', '1'],
  ]);
  const d = Object.fromEntries(diffSnapshots(second, after, cost).map((c) => [c.name, [c.delta, c.corrected]]));
  assert.deepEqual(d.Rows_tmp_read, [562, 0]);
  assert.deepEqual(d.Handler_read_key, [1, 1]);
});
