import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanText, planNode, type PlanNode } from '../../../src/core/plan';
import { buildPlanView } from '../../../src/core/plan/view';
import { layoutTree, NODE_H, NODE_W } from '../../../src/webview/plan/layout';
import { loadFixtures } from '../core/plan/fixtures';

function assertNoOverlap(root: PlanNode, collapsed: number[] = [], name = '') {
  const view = buildPlanView(root);
  const l = layoutTree(view.nodes, new Set(collapsed));
  const shown = view.nodes.filter((v) => l.visible[v.id]);
  for (const a of shown) {
    assert.ok(l.x[a.id] >= 0 && l.x[a.id] + NODE_W <= l.width + 1e-6, `${name}: node ${a.id} inside the width`);
    assert.ok(l.y[a.id] + NODE_H <= l.height + 1e-6, `${name}: node ${a.id} inside the height`);
    if (a.parent >= 0) assert.ok(l.y[a.id] > l.y[a.parent], `${name}: children below parents`);
    for (const b of shown) {
      if (a.id >= b.id) continue;
      const apart = Math.abs(l.x[a.id] - l.x[b.id]) >= NODE_W || Math.abs(l.y[a.id] - l.y[b.id]) >= NODE_H;
      assert.ok(apart, `${name}: nodes ${a.id} and ${b.id} overlap`);
    }
  }
  return { view, l };
}

test('no two nodes overlap in any recorded plan', () => {
  for (const f of loadFixtures()) assertNoOverlap(parsePlanText(f.text).root, [], f.name);
});

test('left-deep join chain: a staircase, parents between their children', () => {
  let node = planNode('table', { table: 't1' });
  for (let i = 2; i <= 61; i++) node = planNode('nested loop', { children: [node, planNode('table', { table: `t${i}` })] });
  const { view, l } = assertNoOverlap(node);
  const root = view.nodes[0];
  const [a, b] = root.children;
  assert.equal(l.x[root.id], (l.x[a] + l.x[b]) / 2);
  assert.ok(l.width < 62 * NODE_W * 1.2);
});

test('many leaf children are stacked in a column; collapsing hides a subtree', () => {
  const kids = Array.from({ length: 61 }, (_, i) => planNode('table', { table: `t${i}` }));
  const { l } = assertNoOverlap(planNode('select', { children: [planNode('nested loop', { children: kids })] }));
  assert.equal(l.stacked[1], 1);
  assert.ok(l.width < 2 * NODE_W, 'a column, not a 15,000 px row');
  const few = planNode('nested loop', { children: kids.slice(0, 4) });
  assert.equal(layoutTree(buildPlanView(few).nodes, new Set()).stacked[0], 0);
  const { l: c } = assertNoOverlap(planNode('select', { children: [planNode('nested loop', { children: kids })] }), [1]);
  assert.equal(
    c.visible.reduce((s, v) => s + v, 0),
    2,
  );
});
