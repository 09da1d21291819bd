import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanText, planNode, type Plan } from '../../../../src/core/plan';
import {
  badgesFor,
  buildPlanView,
  edgeWidth,
  estimateOf,
  heatLevel,
  nodeForTable,
  nodeTitle,
  ownValues,
  sourceRangeFor,
  THRESHOLDS,
} from '../../../../src/core/plan/view';
import { locateTables } from '../../../../src/core/sql/locate';
import { FIXTURE_ROOT, loadFixtures } from './fixtures';

const kinds = (n: Parameters<typeof badgesFor>[0], shares = {}) => badgesFor(n, shares).map((b) => b.kind);
const sandbox = (f: string): Plan => parsePlanText(readFileSync(join(FIXTURE_ROOT, 'mariadb-sandbox', f), 'utf8'));

test('flattens in pre-order with parent, children and depth', () => {
  const plan: Plan = { format: 'classic', root: planNode('select', { children: [planNode('a', { children: [planNode('a1')] }), planNode('b')] }) };
  const v = buildPlanView(plan);
  assert.deepEqual(
    v.nodes.map((n) => n.node.op),
    ['select', 'a', 'a1', 'b'],
  );
  assert.deepEqual(
    v.nodes.map((n) => n.parent),
    [-1, 0, 1, 0],
  );
  assert.deepEqual(
    v.nodes.map((n) => n.depth),
    [0, 1, 2, 1],
  );
  assert.deepEqual(v.nodes[0].children, [1, 3]);
});

test('a 400-level deep plan flattens without recursion', () => {
  let node = planNode('leaf');
  for (let i = 0; i < 400; i++) node = planNode('wrap', { children: [node] });
  assert.equal(buildPlanView(node).nodes.length, 401);
});

test('own values: inclusive formats subtract the children, others decide per node', () => {
  // root 10 includes children 4 + 5; child 5 is exclusive (its child 3 is bigger than "most of" 5? no: 5 >= 0.9*3)
  assert.deepEqual(ownValues([-1, 0, 0], [10, 4, 5], true), [1, 4, 5]);
  // a filesort's own 0.2 under tables worth 5: exclusive, and the block above (5.3) includes both
  assert.deepEqual(
    ownValues([-1, 0, 1, 1], [5.3, 0.2, 2, 3], false).map((x) => x?.toFixed(2)),
    ['0.10', '0.20', '2.00', '3.00'],
  );
  // unknown values pass their subtree up
  assert.deepEqual(ownValues([-1, 0, 1], [10, undefined, 6], true), [4, undefined, 6]);
  // never negative
  assert.deepEqual(ownValues([-1, 0], [1, 2], true), [0, 2]);
});

test('MariaDB ANALYZE join: time shares add up, the ref lookup is the slow node', () => {
  const v = buildPlanView(sandbox('q03-join.analyze.json'));
  assert.equal(v.metric, 'time');
  assert.ok(v.hasActual);
  const total = v.nodes.reduce((a, n) => a + (n.timeShare ?? 0), 0);
  assert.ok(Math.abs(total - 1) < 1e-9, `shares sum to ${total}`);
  const r = v.nodes.find((n) => n.node.table === 'r');
  assert.ok(r?.badges.some((b) => b.kind === 'slow'));
  assert.equal(
    v.nodes[0].badges.some((b) => b.kind === 'slow'),
    false,
    'the select block is not slow: its time is its children',
  );
  assert.ok(v.nodes.some((n) => n.badges.some((b) => b.kind === 'filesort')));
  assert.ok(v.nodes.some((n) => n.badges.some((b) => b.kind === 'temporary')));
});

test('plain EXPLAIN: no actual rows; classic plans colour by rows', () => {
  const json = buildPlanView(sandbox('q03-join.explain.json'));
  assert.equal(json.hasActual, false);
  const classic = buildPlanView(sandbox('q03-join.explain.txt'));
  assert.equal(classic.metric, 'rows');
  assert.ok(classic.nodes.some((n) => n.heat > 0));
});

test('full scan badge on a big table only', () => {
  assert.ok(kinds(planNode('table', { accessType: 'ALL', rowsEstimated: THRESHOLDS.fullScanRows })).includes('fullscan'));
  assert.ok(!kinds(planNode('table', { accessType: 'ALL', rowsEstimated: 9_999 })).includes('fullscan'));
  assert.ok(!kinds(planNode('table', { accessType: 'ref', rowsEstimated: 1e6 })).includes('fullscan'));
  assert.ok(kinds(planNode('table', { accessType: 'ALL', rowsEstimated: 10, rowsActual: 50_000 })).includes('fullscan'));
});

test('bad estimate: per-loop estimate vs per-loop actual, 10x either way', () => {
  assert.deepEqual(estimateOf(planNode('t', { rowsEstimated: 25, rowsActual: 50, loops: 44 })), { estimated: 25, actual: 50, loops: 44, ratio: 2 });
  assert.ok(kinds(planNode('t', { rowsEstimated: 10, rowsActual: 100 })).includes('misestimate'));
  assert.ok(kinds(planNode('t', { rowsEstimated: 100_163, rowsActual: 2000 })).includes('misestimate'));
  assert.ok(!kinds(planNode('t', { rowsEstimated: 10, rowsActual: 99 })).includes('misestimate'));
  assert.ok(!kinds(planNode('t', { rowsEstimated: 1, rowsActual: 0.244, loops: 82 })).includes('misestimate'), 'fractions under one row are not 10x off');
  assert.equal(estimateOf(planNode('t', { rowsEstimated: 10, rowsActual: 0, neverExecuted: true })), undefined);
  const label = badgesFor(planNode('t', { rowsEstimated: 100_163, rowsActual: 2000 }), {}).find((b) => b.kind === 'misestimate')?.label;
  assert.equal(label, 'over-estimate 50x');
});

test('rows removed by a filter: low kept share over enough rows, actual before estimated', () => {
  assert.ok(kinds(planNode('t', { rowsActual: 100_000, filteredActual: 33.3 })).includes('filtered'));
  assert.ok(!kinds(planNode('t', { rowsActual: 50, filteredActual: 1 })).includes('filtered'), 'too few rows to matter');
  assert.ok(!kinds(planNode('t', { rowsEstimated: 1000, filtered: 10, filteredActual: 90 })).includes('filtered'));
  assert.ok(kinds(planNode('t', { rowsEstimated: 1000, filtered: 10 })).includes('filtered'));
});

test('slow and costly from shares; filesort and temporary from Extra or the operation', () => {
  assert.deepEqual(kinds(planNode('t'), { time: 0.3, cost: 0.29 }), ['slow']);
  assert.deepEqual(kinds(planNode('t'), { cost: 0.5 }), ['costly']);
  assert.deepEqual(kinds(planNode('t', { extra: ['Using where', 'Using temporary', 'Using filesort'] })), ['filesort', 'temporary']);
  assert.deepEqual(kinds(planNode('Sort')), ['filesort']);
  assert.deepEqual(kinds(planNode('Aggregate using temporary table')), ['temporary']);
  assert.deepEqual(kinds(planNode('t', { neverExecuted: true })), ['never']);
});

test('titles, heat levels and edge widths', () => {
  assert.equal(nodeTitle(planNode('table', { accessType: 'ALL' })), 'Full table scan');
  assert.equal(nodeTitle(planNode('select', { selectId: 2, selectType: 'DEPENDENT SUBQUERY' })), 'Select #2 (DEPENDENT SUBQUERY)');
  assert.equal(nodeTitle(planNode('nested loop')), 'Nested loop');
  assert.deepEqual([0, 0.05, 0.2, 0.4, 0.9].map(heatLevel), [0, 1, 2, 3, 4]);
  assert.equal(edgeWidth(undefined, 100), 1.5);
  assert.ok(edgeWidth(10, 1e6) < edgeWidth(1e4, 1e6));
  assert.equal(edgeWidth(1e6, 1e6), 9.5);
});

test('source ranges: by alias, then by table; and nodes for a table name from the editor', () => {
  const sql = 'SELECT * FROM customer c JOIN rental r ON 1 JOIN film ON 1';
  const refs = locateTables(sql);
  const range = (n: Parameters<typeof sourceRangeFor>[0]) => {
    const r = sourceRangeFor(n, refs);
    return r && sql.slice(r.start, r.end);
  };
  assert.equal(range(planNode('table', { table: 'c' })), 'customer c', 'MySQL/MariaDB JSON name the alias as the table');
  assert.equal(range(planNode('table', { table: 'rental', alias: 'r' })), 'rental r');
  assert.equal(range(planNode('table', { table: 'film' })), 'film');
  assert.equal(range(planNode('table', { table: '<derived2>' })), undefined);
  const view = buildPlanView(sandbox('q03-join.analyze.json'));
  assert.equal(nodeForTable(view, 'R')?.node.table, 'r');
  assert.equal(nodeForTable(view, 'nope'), undefined);
});

test('every recorded fixture builds a view with a badge set and finite shares', () => {
  for (const f of loadFixtures()) {
    const v = buildPlanView(parsePlanText(f.text));
    assert.ok(v.nodes.length > 0, f.name);
    for (const n of v.nodes) {
      assert.ok(Number.isFinite(n.heat) && n.heat >= 0 && n.heat <= 1 + 1e-9, `${f.name}: heat ${n.heat}`);
      assert.ok(Array.isArray(n.badges));
    }
  }
});
