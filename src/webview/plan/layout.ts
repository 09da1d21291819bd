/**
 * Tree layout in O(n): each subtree gets a band as wide as its children's bands (or one
 * node), so subtrees never overlap, and a parent sits midway between its first and last
 * child (not the band's centre: left-deep join chains then make a staircase with short
 * edges). Root on top; rows flow upwards. Nodes have a fixed size: nothing is measured.
 */
import type { ViewNode } from '../../core/plan/view';

export const NODE_W = 236;
export const NODE_H = 84;
export const GAP_X = 24;
export const GAP_Y = 44;

export interface Layout {
  /** Top-left corner per node id; NaN for nodes hidden under a collapsed parent. */
  x: Float64Array;
  y: Float64Array;
  visible: Uint8Array;
  width: number;
  height: number;
}

export function layoutTree(nodes: ViewNode[], collapsed: ReadonlySet<number>): Layout {
  const n = nodes.length;
  const band = new Float64Array(n);
  const visible = new Uint8Array(n);
  const x = new Float64Array(n).fill(NaN);
  const y = new Float64Array(n).fill(NaN);
  if (n === 0) return { x, y, visible, width: 0, height: 0 };
  // Pre-order ids: parents come before children, so one forward pass marks visibility...
  visible[0] = 1;
  for (let i = 1; i < n; i++) {
    const p = nodes[i].parent;
    visible[i] = visible[p] && !collapsed.has(p) ? 1 : 0;
  }
  // ...and one backward pass (children before parents) sizes bands and places each node in its band.
  const childBand = new Float64Array(n);
  const rel = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (!visible[i]) continue;
    band[i] = Math.max(NODE_W, childBand[i]);
    const kids = collapsed.has(i) ? [] : nodes[i].children;
    if (kids.length) {
      const start = (band[i] - childBand[i]) / 2;
      let cursor = start;
      let first = 0;
      let last = 0;
      kids.forEach((c, k) => {
        if (k === 0) first = cursor + rel[c];
        last = cursor + rel[c];
        cursor += band[c] + GAP_X;
      });
      rel[i] = (first + last) / 2;
    } else rel[i] = (band[i] - NODE_W) / 2;
    const p = nodes[i].parent;
    if (p >= 0) childBand[p] += band[i] + (childBand[p] > 0 ? GAP_X : 0);
  }
  let maxDepth = 0;
  const left = new Float64Array(n);
  left[0] = 0;
  for (let i = 0; i < n; i++) {
    if (!visible[i]) continue;
    const v = nodes[i];
    x[i] = left[i] + rel[i];
    y[i] = v.depth * (NODE_H + GAP_Y);
    maxDepth = Math.max(maxDepth, v.depth);
    if (collapsed.has(i)) continue;
    let cursor = left[i] + (band[i] - childBand[i]) / 2;
    for (const c of v.children) {
      left[c] = cursor;
      cursor += band[c] + GAP_X;
    }
  }
  return { x, y, visible, width: band[0], height: (maxDepth + 1) * NODE_H + maxDepth * GAP_Y };
}
