/**
 * The visual plan: fixed-size node boxes (nodes.ts) positioned absolutely over one SVG of
 * edges (edges.ts), in a stage that is panned and zoomed with a CSS transform (viewport.ts).
 * Each node's box and edge is made once; collapsing re-runs the O(n) layout and moves them.
 * Nothing reads a size while building. A small plan is built whole, into the detached stage.
 * A large one is built in view first: the first frame callback places the view (one layout,
 * of a stage with no boxes yet), the boxes that view shows are made and painted in that
 * frame, and the others follow in idle time, or at once when the view first moves or a node
 * is asked for. Boxes stay in id (tree) order in the DOM either way.
 */
import type { PlanView } from '../../core/plan/view';
import { h, icon } from '../dom';
import { edgeElement, edgeLayer, edgePath } from './edges';
import { layoutTree, NODE_H, NODE_W, type Layout } from './layout';
import { markCollapsed, nodeElement, nodeTooltip } from './nodes';
import { Viewport, type StageRect } from './viewport';

/** Plans up to this many nodes are built whole, before the first frame. */
export const BUILD_AT_ONCE = 64;
/** Ids of the visible nodes whose boxes meet `rect`. */
export function nodesIn(layout: Layout, rect: StageRect): number[] {
  const ids: number[] = [];
  const { x, y, visible } = layout;
  for (let i = 0; i < visible.length; i++) {
    if (visible[i] && x[i] < rect.x1 && x[i] + NODE_W > rect.x0 && y[i] < rect.y1 && y[i] + NODE_H > rect.y0) ids.push(i);
  }
  return ids;
}

interface IdleDeadline {
  timeRemaining(): number;
}
declare function requestIdleCallback(cb: (d: IdleDeadline) => void, opts?: { timeout: number }): number;
declare function cancelIdleCallback(handle: number): void;

export class PlanGraph {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly edgeLayer: SVGSVGElement;
  private readonly viewport: Viewport;
  /** Per node id, its box and its edge to the parent, once made. */
  private readonly nodeEls: Array<HTMLElement | undefined>;
  private readonly edgeEls: Array<SVGPathElement | undefined>;
  private unbuilt: number;
  /** Every id below this has its box (the idle build's cursor). */
  private scan = 0;
  private idle: number | undefined;
  private readonly below: Int32Array;
  private readonly childIndex: Int32Array;
  private readonly collapsed = new Set<number>();
  private layout: Layout;
  private selected = -1;

  constructor(
    private readonly view: PlanView,
    private readonly onSelect: (id: number) => void,
  ) {
    const nodes = view.nodes;
    this.below = new Int32Array(nodes.length);
    for (let i = nodes.length - 1; i > 0; i--) this.below[nodes[i].parent] += this.below[i] + 1;
    this.childIndex = new Int32Array(nodes.length);
    for (const v of nodes)
      v.children.forEach((c, k) => {
        this.childIndex[c] = k;
      });
    this.edgeLayer = edgeLayer();
    this.nodeEls = new Array<HTMLElement | undefined>(nodes.length);
    this.edgeEls = new Array<SVGPathElement | undefined>(nodes.length);
    this.unbuilt = nodes.length;
    this.stage = h('div', { class: 'stage', role: 'tree', 'aria-label': 'Query plan; arrow keys move, Enter collapses' }, this.edgeLayer);
    this.canvas = h('div', { class: 'plan-canvas' }, this.stage);
    const zoomLabel = h('span', { class: 'zoom-label muted' }, '100%');
    // Plain buttons styled as vscode-toolbar-button (media/plan.css): seven of those components
    // were fourteen shadow roots, each loading the icon stylesheet, in the first frame.
    const tool = (id: string, iconName: string, label: string) =>
      h('button', { type: 'button', class: 'tool', 'data-tool': id, 'aria-label': label, title: label }, icon(iconName));
    const toolbar = h(
      'div',
      { class: 'plan-toolbar' },
      tool('zoom-out', 'zoom-out', 'Zoom out (-)'),
      zoomLabel,
      tool('zoom-in', 'zoom-in', 'Zoom in (+)'),
      tool('fit', 'screen-full', 'Fit to view (0)'),
      tool('actual', 'screen-normal', 'Actual size (1)'),
      tool('expand', 'expand-all', 'Expand all'),
      tool('collapse', 'collapse-all', 'Collapse below the selected node'),
    );
    this.element = h('div', { class: 'plan-graph' }, toolbar, this.canvas);
    this.viewport = new Viewport(this.canvas, this.stage, zoomLabel, () => this.layout, {
      placed: (shown) => this.firstView(shown),
      moving: () => this.buildAll(),
    });
    this.layout = layoutTree(nodes, this.collapsed);
    this.applyLayout();
    if (nodes.length <= BUILD_AT_ONCE) this.buildAll();
    else this.element.setAttribute('aria-busy', 'true');
    this.wire(toolbar);
    // After the view is placed (the viewport's frame callback comes first); a canvas with no
    // size yet (a hidden tab) gets its boxes in idle time too.
    requestAnimationFrame(() => {
      if (this.unbuilt) this.idle ??= requestIdleCallback((d) => this.buildIdle(d), { timeout: 500 });
    });
  }

  /** The first view is placed: make the boxes it shows now, the rest in idle time. */
  private firstView(shown: StageRect): void {
    if (!this.unbuilt) return;
    this.build(nodesIn(this.layout, shown));
    this.idle ??= requestIdleCallback((d) => this.buildIdle(d), { timeout: 500 });
  }

  /** Slices of eight boxes while the page is idle (at least two a call, so a busy page still finishes). */
  private buildIdle(deadline: IdleDeadline): void {
    this.idle = undefined;
    let slices = 0;
    while (this.unbuilt && (slices < 2 || deadline.timeRemaining() > 2)) {
      const ids: number[] = [];
      for (; this.scan < this.nodeEls.length && ids.length < 8; this.scan++) if (!this.nodeEls[this.scan]) ids.push(this.scan);
      this.build(ids);
      slices++;
    }
    if (this.unbuilt) this.idle = requestIdleCallback((d) => this.buildIdle(d), { timeout: 500 });
  }

  /** Makes every box not made yet (before the view moves, or a node is needed). */
  buildAll(): void {
    if (!this.unbuilt) return;
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    this.idle = undefined;
    const ids: number[] = [];
    for (let i = 0; i < this.nodeEls.length; i++) if (!this.nodeEls[i]) ids.push(i);
    this.build(ids);
  }

  /** Makes the boxes and edges of `ids` (ascending), placed, inserted in id order. */
  private build(ids: number[]): void {
    let run: number[] = [];
    for (const i of ids) {
      // A run of ids with no made box between them goes in as one fragment.
      if (run.length && this.nextMade(run[run.length - 1], i) !== undefined) {
        this.insertRun(run);
        run = [];
      }
      run.push(i);
    }
    if (run.length) this.insertRun(run);
    if (!this.unbuilt) this.element.removeAttribute('aria-busy');
  }

  private insertRun(run: number[]): void {
    const nodes = this.view.nodes;
    const boxes = document.createDocumentFragment();
    const edges = document.createDocumentFragment();
    for (const i of run) {
      const el = nodeElement(nodes[i], this.view, this.below[i]);
      if (this.collapsed.has(i)) markCollapsed(el, true, this.below[i]);
      const edge = edgeElement(nodes[i], this.view);
      this.nodeEls[i] = el;
      this.edgeEls[i] = edge;
      this.position(i);
      boxes.append(el);
      if (edge) edges.append(edge);
      this.unbuilt--;
    }
    const before = this.nextMade(run[run.length - 1], this.nodeEls.length);
    this.stage.insertBefore(boxes, before === undefined ? null : (this.nodeEls[before] as HTMLElement));
    this.edgeLayer.insertBefore(edges, (before === undefined ? undefined : this.nextEdge(before)) ?? null);
  }

  /** The first made box after `i` and before `end`. */
  private nextMade(i: number, end: number): number | undefined {
    for (let j = i + 1; j < end; j++) if (this.nodeEls[j]) return j;
    return undefined;
  }

  private nextEdge(from: number): SVGPathElement | undefined {
    for (let j = from; j < this.edgeEls.length; j++) if (this.edgeEls[j]) return this.edgeEls[j];
    return undefined;
  }

  fit(): void {
    this.viewport.fit();
  }

  zoom(factor: number, px?: number, py?: number): void {
    this.viewport.zoom(factor, px, py);
  }

  private applyLayout(): void {
    const { width, height } = this.layout;
    const nodes = this.view.nodes;
    this.stage.style.width = `${width}px`;
    this.stage.style.height = `${height}px`;
    this.edgeLayer.setAttribute('width', String(width));
    this.edgeLayer.setAttribute('height', String(height));
    for (let i = 0; i < nodes.length; i++) if (this.nodeEls[i]) this.position(i);
  }

  /** Moves node `i`'s box and edge to where the layout puts them (or hides them). */
  private position(i: number): void {
    const { x, y, visible } = this.layout;
    const el = this.nodeEls[i] as HTMLElement;
    const edge = this.edgeEls[i];
    el.hidden = !visible[i];
    if (!visible[i]) {
      edge?.setAttribute('visibility', 'hidden');
      return;
    }
    el.style.left = `${x[i]}px`;
    el.style.top = `${y[i]}px`;
    if (edge) {
      edge.setAttribute('d', edgePath(this.layout, this.view.nodes, i, this.childIndex[i]));
      edge.removeAttribute('visibility');
    }
  }

  toggle(id: number, collapse = !this.collapsed.has(id)): void {
    const v = this.view.nodes[id];
    if (!v || !v.children.length || collapse === this.collapsed.has(id)) return;
    this.buildAll();
    this.setCollapsed(id, collapse);
    this.relayout();
  }

  private setCollapsed(id: number, collapse: boolean): void {
    if (collapse) this.collapsed.add(id);
    else this.collapsed.delete(id);
    const el = this.nodeEls[id];
    if (el) markCollapsed(el, collapse, this.below[id]);
  }

  private relayout(): void {
    this.layout = layoutTree(this.view.nodes, this.collapsed);
    this.applyLayout();
  }

  private expandAll(): void {
    this.buildAll();
    for (const id of [...this.collapsed]) this.setCollapsed(id, false);
    this.relayout();
  }

  /** Collapses every node with children under `id` (so its direct children stay visible). */
  private collapseBelow(id: number): void {
    this.buildAll();
    const stack = [...this.view.nodes[id].children];
    while (stack.length) {
      const i = stack.pop() as number;
      const v = this.view.nodes[i];
      if (!v.children.length) continue;
      this.setCollapsed(i, true);
      stack.push(...v.children);
    }
    this.relayout();
  }

  /** Selects a node: expands what hides it, moves focus (when asked) and keeps it in view. */
  select(id: number, opts: { focus?: boolean; reveal?: boolean } = {}): void {
    const v = this.view.nodes[id];
    if (!v) return;
    this.buildAll();
    let expanded = false;
    for (let p = v.parent; p >= 0; p = this.view.nodes[p].parent) {
      if (this.collapsed.has(p)) {
        this.setCollapsed(p, false);
        expanded = true;
      }
    }
    if (expanded) this.relayout();
    if (this.selected >= 0) {
      const old = this.nodeEls[this.selected] as HTMLElement;
      old.classList.remove('selected');
      old.setAttribute('aria-selected', 'false');
      old.tabIndex = -1;
      this.edgeEls[this.selected]?.classList.remove('selected');
    }
    this.selected = id;
    const el = this.nodeEls[id] as HTMLElement;
    el.classList.add('selected');
    el.setAttribute('aria-selected', 'true');
    el.tabIndex = 0;
    this.edgeEls[id]?.classList.add('selected');
    if (opts.focus) el.focus({ preventScroll: true });
    if (opts.reveal !== false) this.viewport.reveal(id);
  }

  get selectedId(): number {
    return this.selected;
  }

  private pick(id: number): void {
    this.select(id, { focus: true });
    this.onSelect(id);
  }

  private onKey(e: KeyboardEvent): void {
    const nodes = this.view.nodes;
    const cur = this.selected >= 0 ? this.selected : 0;
    const v = nodes[cur];
    const siblings = v.parent >= 0 ? nodes[v.parent].children : [cur];
    const at = siblings.indexOf(cur);
    let next: number | undefined;
    // in a stacked column, up and down walk the column
    const column = v.parent >= 0 && this.layout.stacked[v.parent] === 1;
    if (column && e.key === 'ArrowDown' && at < siblings.length - 1 && !v.children.length) {
      e.preventDefault();
      this.pick(siblings[at + 1]);
      return;
    }
    if (column && e.key === 'ArrowUp' && at > 0) {
      e.preventDefault();
      this.pick(siblings[at - 1]);
      return;
    }
    switch (e.key) {
      case 'ArrowUp':
        next = v.parent >= 0 ? v.parent : undefined;
        break;
      case 'ArrowDown':
        next = v.children.length && !this.collapsed.has(cur) ? v.children[0] : undefined;
        break;
      case 'ArrowLeft':
        next = at > 0 ? siblings[at - 1] : undefined;
        break;
      case 'ArrowRight':
        next = at < siblings.length - 1 ? siblings[at + 1] : undefined;
        break;
      case 'Home':
        next = 0;
        break;
      case 'Enter':
      case ' ':
        this.toggle(cur);
        this.viewport.reveal(cur);
        break;
      case '+':
      case '=':
        this.zoom(1.25);
        break;
      case '-':
        this.zoom(0.8);
        break;
      case '0':
        this.fit();
        break;
      case '1':
        this.zoom(1 / this.viewport.scale);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) this.pick(next);
  }

  private wire(toolbar: HTMLElement): void {
    toolbar.addEventListener('click', (e) => {
      const tool = (e.target as Element).closest('[data-tool]')?.getAttribute('data-tool');
      if (tool === 'zoom-in') this.zoom(1.25);
      else if (tool === 'zoom-out') this.zoom(0.8);
      else if (tool === 'fit') this.fit();
      else if (tool === 'actual') this.zoom(1 / this.viewport.scale);
      else if (tool === 'expand') this.expandAll();
      else if (tool === 'collapse') this.collapseBelow(this.selected >= 0 ? this.selected : 0);
    });
    this.canvas.addEventListener('click', (e) => {
      if (this.viewport.justDragged) return;
      const target = e.target as Element;
      const toggle = target.closest('[data-toggle]');
      if (toggle) {
        this.toggle(Number(toggle.getAttribute('data-toggle')));
        return;
      }
      const node = target.closest('.node');
      if (node) this.pick(Number(node.getAttribute('data-id')));
    });
    // The hover text is made when a node is first hovered.
    this.canvas.addEventListener('pointerover', (e) => {
      const node = (e.target as Element).closest<HTMLElement>('.node');
      if (node && !node.title) node.title = nodeTooltip(this.view.nodes[Number(node.dataset.id)]);
    });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.wire();
  }
}
