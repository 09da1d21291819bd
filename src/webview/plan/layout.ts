/**
 * Tree layout in O(n): each subtree gets a band as wide as its children's bands (or one
 * node), so subtrees never overlap, and a parent sits midway between its first and last
 * child (not the band's centre: left-deep join chains then make a staircase with short
 * edges). Many leaf children (MariaDB's flat nested loop of 61 tables) are stacked in an
 * indented column instead of a row 15,000 px wide. Root on top; rows flow upwards. Nodes
 * have a fixed size: nothing is measured in the DOM.
 */
import type { ViewNode } from '../../core/plan/view';

export const NODE_W = 236;
export const NODE_H = 84;
export const GAP_X = 24;
export const GAP_Y = 44;
/** A node with more leaf children than this stacks them. */
export const STACK_MIN = 6;
export const STACK_INDENT = 36;
export const STACK_GAP = 14;

export interface Layout {
  /** Top-left corner per node id; NaN for nodes hidden under a collapsed parent. */
  x: Float64Array;
  y: Float64Array;
  visible: Uint8Array;
  /** 1 for a node whose children are stacked in a column under it. */
  stacked: Uint8Array;
  width: number;
  height: number;
}

/** Pre-order ids: parents come before children, so one forward pass marks visibility. */
function markVisible(nodes: ViewNode[], collapsed: ReadonlySet<number>): Uint8Array {
  const visible = new Uint8Array(nodes.length);
  visible[0] = 1;
  for (let i = 1; i < nodes.length; i++) {
    const p = nodes[i].parent;
    visible[i] = visible[p] && !collapsed.has(p) ? 1 : 0;
  }
  return visible;
}

interface Bands {
  /** Width of each node's band (its subtree's). */
  band: Float64Array;
  /** Width of each node's children's bands side by side. */
  childBand: Float64Array;
  /** Each node's x inside its own band. */
  rel: Float64Array;
  stacked: Uint8Array;
}

/** One backward pass (children before parents) sizes bands and places each node in its band. */
function sizeBands(nodes: ViewNode[], collapsed: ReadonlySet<number>, visible: Uint8Array): Bands {
  const n = nodes.length;
  const bands: Bands = { band: new Float64Array(n), childBand: new Float64Array(n), rel: new Float64Array(n), stacked: new Uint8Array(n) };
  const { band, childBand, rel, stacked } = bands;
  for (let i = n - 1; i >= 0; i--) {
    if (!visible[i]) continue;
    const kids = collapsed.has(i) ? [] : nodes[i].children;
    if (kids.length > STACK_MIN && kids.every((c) => nodes[c].children.length === 0 || collapsed.has(c))) {
      stacked[i] = 1;
      band[i] = NODE_W + STACK_INDENT;
      rel[i] = 0;
    } else {
      band[i] = Math.max(NODE_W, childBand[i]);
      rel[i] = kids.length ? parentX(kids, band[i] - childBand[i], bands) : (band[i] - NODE_W) / 2;
    }
    const p = nodes[i].parent;
    if (p >= 0) childBand[p] += band[i] + (childBand[p] > 0 ? GAP_X : 0);
  }
  return bands;
}

/** Midway between the first and the last child, in a band whose children start at `slack / 2`. */
function parentX(kids: number[], slack: number, { band, rel }: Bands): number {
  let cursor = slack / 2;
  let first = 0;
  let last = 0;
  kids.forEach((c, k) => {
    if (k === 0) first = cursor + rel[c];
    last = cursor + rel[c];
    cursor += band[c] + GAP_X;
  });
  return (first + last) / 2;
}

export function layoutTree(nodes: ViewNode[], collapsed: ReadonlySet<number>): Layout {
  const n = nodes.length;
  const x = new Float64Array(n).fill(NaN);
  const y = new Float64Array(n).fill(NaN);
  if (n === 0) return { x, y, visible: new Uint8Array(0), stacked: new Uint8Array(0), width: 0, height: 0 };
  const visible = markVisible(nodes, collapsed);
  const bands = sizeBands(nodes, collapsed, visible);
  const { band, childBand, rel, stacked } = bands;
  // A forward pass hands each node's children their left edges, top-down.
  const left = new Float64Array(n);
  let bottom = 0;
  for (let i = 0; i < n; i++) {
    if (!visible[i]) continue;
    const v = nodes[i];
    x[i] = left[i] + rel[i];
    if (v.parent < 0) y[i] = 0;
    else if (!stacked[v.parent]) y[i] = y[v.parent] + NODE_H + GAP_Y;
    bottom = Math.max(bottom, y[i] + NODE_H);
    if (collapsed.has(i)) continue;
    if (stacked[i]) {
      v.children.forEach((c, k) => {
        left[c] = x[i] + STACK_INDENT;
        rel[c] = 0;
        y[c] = y[i] + (k + 1) * (NODE_H + STACK_GAP) + GAP_Y / 2;
      });
      continue;
    }
    let cursor = left[i] + (band[i] - childBand[i]) / 2;
    for (const c of v.children) {
      left[c] = cursor;
      cursor += band[c] + GAP_X;
    }
  }
  return { x, y, visible, stacked, width: band[0], height: bottom };
}
