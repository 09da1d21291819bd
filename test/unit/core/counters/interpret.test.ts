import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpretCounters, rowsSummary } from '../../../../src/core/counters/interpret';
import { attributeCounters } from '../../../../src/core/counters/attribute';
import { counterGroup } from '../../../../src/core/counters/groups';
import type { CounterDelta } from '../../../../src/core/counters/diff';
import { parsePlanText, walkPlan } from '../../../../src/core/plan';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const deltas = (o: Record<string, number>): CounterDelta[] =>
  Object.entries(o).map(([name, v]) => ({ name, before: 0, after: v, delta: v, corrected: v, group: counterGroup(name) }));

// The corpus's q02 (full scan of payment, 1 row returned) and q04 (GROUP BY with a temporary table).
const q02 = deltas({ Handler_read_rnd_next: 100001, Select_scan: 1, Rows_read: 100000, Rows_sent: 1 });
const q04 = deltas({
  Created_tmp_tables: 1,
  Handler_tmp_write: 2000,
  Handler_tmp_update: 98000,
  Sort_priority_queue_sorts: 1,
  Sort_rows: 10,
  Sort_scan: 1,
  Handler_read_next: 100000,
  Handler_read_first: 1,
  Rows_read: 100000,
  Rows_sent: 10,
});

test('rows examined vs returned', () => {
  assert.deepEqual(rowsSummary(q02, 1), { examined: 100000, returned: 1, ratio: 100000 });
  const noRowsRead = deltas({ Handler_read_key: 1, Handler_read_next: 30 });
  assert.deepEqual(rowsSummary(noRowsRead, 0), { examined: 31, returned: 0 });
});

test('a full scan returning one row is flagged: examined/returned and full scan', () => {
  const ids = interpretCounters(q02, 1).map((f) => f.id);
  assert.ok(ids.includes('examined-returned'));
  assert.ok(ids.includes('full-scan'));
  assert.equal(interpretCounters(q02, 1).find((f) => f.id === 'full-scan')?.hint, 'full-scan');
});

test('GROUP BY: temporary table and a priority-queue sort, no false error', () => {
  const f = interpretCounters(q04, 10);
  assert.ok(f.some((x) => x.id === 'tmp-table' && x.severity === 'info'));
  assert.ok(f.some((x) => x.id === 'filesort' && /priority queue/.test(x.detail)));
  assert.equal(
    f.some((x) => x.severity === 'error'),
    false,
  );
});

test('the serious ones: full join, disk temporary table, sort merge passes', () => {
  const f = interpretCounters(deltas({ Select_full_join: 1, Created_tmp_tables: 1, Created_tmp_disk_tables: 1, Sort_merge_passes: 3 }), 5);
  assert.deepEqual(
    f.slice(0, 2).map((x) => x.severity),
    ['error', 'error'],
  );
  assert.ok(f.some((x) => x.id === 'full-join'));
  assert.ok(f.some((x) => x.id === 'disk-tmp-table'));
  assert.ok(f.some((x) => x.id === 'sort-merge-passes'));
  assert.equal(
    f.some((x) => x.id === 'tmp-table'),
    false,
    'the disk finding covers it',
  );
});

test('an indexed lookup says nothing', () => {
  assert.deepEqual(interpretCounters(deltas({ Handler_read_key: 1, Rows_read: 1, Rows_sent: 1 }), 1), []);
});

const fixture = (f: string) => readFileSync(join(__dirname, '../../../fixtures/plan/mariadb-sandbox', f), 'utf8');

test('counters are attributed to the plan nodes that caused them', () => {
  const plan = parsePlanText(fixture('q04-groupby.explain.json'));
  const root = attributeCounters(plan.root, q04);
  const nodes = [...walkPlan(root)].map((x) => x.node);
  const tmp = nodes.find((n) => n.evidence?.some((e) => e.counter === 'Created_tmp_tables'));
  assert.ok(tmp && /temporary/i.test(tmp.op));
  const sort = nodes.find((n) => n.evidence?.some((e) => e.counter === 'Sort_rows'));
  assert.ok(sort && /filesort/i.test(sort.op));
  assert.equal(
    [...walkPlan(plan.root)].some((x) => x.node.evidence),
    false,
    'the input plan is not changed',
  );
});

test('a scan counter shared by two full scans is split by estimated rows and says so', () => {
  const plan = parsePlanText(fixture('q02-fullscan.explain.json'));
  const two = { ...plan.root, children: [plan.root, structuredClone(plan.root)] };
  const nodes = [...walkPlan(attributeCounters(two, q02))].map((x) => x.node).filter((n) => n.evidence?.length);
  const scans = nodes.filter((n) => n.evidence!.some((e) => e.counter === 'Handler_read_rnd_next'));
  assert.equal(scans.length, 2);
  assert.match(scans[0].evidence![0].note, /split/);
});
