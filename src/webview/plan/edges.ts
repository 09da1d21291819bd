/**
 * The graph's edges: one SVG under the node boxes, one path per child (rows flow up to the
 * parent; width by rows). The layer is `pointer-events: none` and aria-hidden, so a path
 * carries no tooltip of its own: a node's box says its rows.
 */
import { edgeWidth, type PlanView, type ViewNode } from '../../core/plan/view';
import { svg } from '../dom';
import { NODE_H, NODE_W, STACK_INDENT, type Layout } from './layout';

/** The layer with its arrow marker; the paths are added per node (`edgeElement`). */
export function edgeLayer(): SVGSVGElement {
  const element = svg('svg', { class: 'edges', 'aria-hidden': 'true' });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'mqt-arrow',
    viewBox: '0 0 10 10',
    refX: '8',
    refY: '5',
    markerWidth: '9',
    markerHeight: '9',
    markerUnits: 'userSpaceOnUse',
    orient: 'auto-start-reverse',
  });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
  defs.append(marker);
  element.append(defs);
  return element;
}

/** The path from node `v` up to its parent (none for the root); `edgePath` gives its shape. */
export function edgeElement(v: ViewNode, view: PlanView): SVGPathElement | undefined {
  if (v.parent < 0) return undefined;
  return svg('path', { class: 'edge', 'marker-end': 'url(#mqt-arrow)', 'stroke-width': String(edgeWidth(v.rowsOut, view.maxRowsOut)) });
}

/**
 * The path from node `i` up to its parent. `index` is the node's place among its siblings:
 * siblings arrive side by side along the parent's bottom edge, not all at one point.
 */
export function edgePath(layout: Layout, nodes: ViewNode[], i: number, index: number): string {
  const { x, y } = layout;
  const p = nodes[i].parent;
  if (layout.stacked[p]) {
    // an elbow from the child's left side up a trunk under the parent's left part
    const tx = x[p] + STACK_INDENT / 2;
    const cy = y[i] + NODE_H / 2;
    return `M${x[i]},${cy} L${tx + 8},${cy} Q${tx},${cy} ${tx},${cy - 8} L${tx},${y[p] + NODE_H + 4}`;
  }
  const x1 = x[i] + NODE_W / 2;
  const y1 = y[i];
  const k = nodes[p].children.length;
  const spread = Math.min(22, (NODE_W - 60) / Math.max(1, k - 1));
  const x2 = x[p] + NODE_W / 2 + (index - (k - 1) / 2) * spread;
  const y2 = y[p] + NODE_H + 4;
  const my = (y1 + y2) / 2;
  return `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
}
