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

test('nodesIn: the visible boxes that meet a rectangle of the stage, and no others', async () => {
  const { nodesIn } = await import('../../../src/webview/plan/graph');
  const kids = Array.from({ length: 4 }, (_, i) =>
    planNode('nested loop', { children: [planNode('table', { table: `a${i}` }), planNode('table', { table: `b${i}` })] }),
  );
  const view = buildPlanView(planNode('union', { children: kids }));
  const l = layoutTree(view.nodes, new Set());
  const all = nodesIn(l, { x0: 0, y0: 0, x1: l.width, y1: l.height });
  assert.deepEqual(
    all,
    view.nodes.map((v) => v.id),
    'the whole stage: every node, in id order',
  );
  // a window around the root only: the root, not the leaves two rows down
  const root = { x0: l.x[0], y0: 0, x1: l.x[0] + NODE_W, y1: NODE_H };
  assert.deepEqual(nodesIn(l, root), [0]);
  // a box that only touches the rectangle's edge does not count
  assert.deepEqual(nodesIn(l, { x0: l.x[0] + NODE_W, y0: 0, x1: l.x[0] + NODE_W + 1, y1: 1 }), []);
  // collapsed nodes' children are hidden, so never in view
  const collapsed = layoutTree(view.nodes, new Set([0]));
  assert.deepEqual(nodesIn(collapsed, { x0: -1e9, y0: -1e9, x1: 1e9, y1: 1e9 }), [0]);
});
