/**
 * The visual plan: fixed-size node boxes (nodes.ts) positioned absolutely over one SVG of
 * edges (edges.ts), in a stage that is panned and zoomed with a CSS transform (viewport.ts).
 * Every node and edge element is made once, into a detached stage, and the stage is attached
 * whole; collapsing re-runs the O(n) layout and moves them. Nothing reads a size while
 * building, so the first frame lays out once.
 */
import type { PlanView } from '../../core/plan/view';
import { h } from '../dom';
import { edgeLayer, edgePath } from './edges';
import { layoutTree, type Layout } from './layout';
import { markCollapsed, nodeElement, nodeTooltip } from './nodes';
import { Viewport } from './viewport';

export class PlanGraph {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly edgeLayer: SVGSVGElement;
  private readonly viewport: Viewport;
  private readonly nodeEls: HTMLElement[];
  private readonly edgeEls: Array<SVGPathElement | undefined>;
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
    const edges = edgeLayer(view);
    this.edgeLayer = edges.element;
    this.edgeEls = edges.paths;
    this.nodeEls = nodes.map((v) => nodeElement(v, view, this.below[v.id]));
    this.stage = h('div', { class: 'stage', role: 'tree', 'aria-label': 'Query plan; arrow keys move, Enter collapses' }, this.edgeLayer);
    this.stage.append(...this.nodeEls);
    this.canvas = h('div', { class: 'plan-canvas' }, this.stage);
    const zoomLabel = h('span', { class: 'zoom-label muted' }, '100%');
    const tool = (id: string, iconName: string, label: string) => h('vscode-toolbar-button', { 'data-tool': id, icon: iconName, label, title: label });
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
    this.viewport = new Viewport(this.canvas, this.stage, zoomLabel, () => this.layout);
    this.layout = layoutTree(nodes, this.collapsed);
    this.applyLayout();
    this.wire(toolbar);
  }

  fit(): void {
    this.viewport.fit();
  }

  zoom(factor: number, px?: number, py?: number): void {
    this.viewport.zoom(factor, px, py);
  }

  private applyLayout(): void {
    const { x, y, visible, width, height } = this.layout;
    const nodes = this.view.nodes;
    this.stage.style.width = `${width}px`;
    this.stage.style.height = `${height}px`;
    this.edgeLayer.setAttribute('width', String(width));
    this.edgeLayer.setAttribute('height', String(height));
    for (let i = 0; i < nodes.length; i++) {
      const el = this.nodeEls[i];
      const edge = this.edgeEls[i];
      el.hidden = !visible[i];
      if (!visible[i]) {
        edge?.setAttribute('visibility', 'hidden');
        continue;
      }
      el.style.left = `${x[i]}px`;
      el.style.top = `${y[i]}px`;
      if (edge) {
        edge.setAttribute('d', edgePath(this.layout, nodes, i, this.childIndex[i]));
        edge.removeAttribute('visibility');
      }
    }
  }

  toggle(id: number, collapse = !this.collapsed.has(id)): void {
    const v = this.view.nodes[id];
    if (!v || !v.children.length || collapse === this.collapsed.has(id)) return;
    this.setCollapsed(id, collapse);
    this.relayout();
  }

  private setCollapsed(id: number, collapse: boolean): void {
    if (collapse) this.collapsed.add(id);
    else this.collapsed.delete(id);
    markCollapsed(this.nodeEls[id], collapse, this.below[id]);
  }

  private relayout(): void {
    this.layout = layoutTree(this.view.nodes, this.collapsed);
    this.applyLayout();
  }

  private expandAll(): void {
    for (const id of [...this.collapsed]) this.setCollapsed(id, false);
    this.relayout();
  }

  /** Collapses every node with children under `id` (so its direct children stay visible). */
  private collapseBelow(id: number): void {
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
    let expanded = false;
    for (let p = v.parent; p >= 0; p = this.view.nodes[p].parent) {
      if (this.collapsed.has(p)) {
        this.setCollapsed(p, false);
        expanded = true;
      }
    }
    if (expanded) this.relayout();
    if (this.selected >= 0) {
      const old = this.nodeEls[this.selected];
      old.classList.remove('selected');
      old.setAttribute('aria-selected', 'false');
      old.tabIndex = -1;
      this.edgeEls[this.selected]?.classList.remove('selected');
    }
    this.selected = id;
    const el = this.nodeEls[id];
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
