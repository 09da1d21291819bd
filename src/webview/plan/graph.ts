/**
 * The visual plan: fixed-size node boxes positioned absolutely over one SVG of edges, in a
 * stage that is panned and zoomed with a CSS transform. Every node and edge element is made
 * once; collapsing re-runs the O(n) layout and moves them.
 */
import { edgeWidth, heatLevel, type PlanView, type ViewNode } from '../../core/plan/view';
import { h, icon, svg } from '../dom';
import { compact, ms, share } from './format';
import { layoutTree, NODE_H, NODE_W, STACK_INDENT, type Layout } from './layout';

const PAD = 24;
const MIN_SCALE = 0.02;
const MAX_SCALE = 2;
/** Below this the text is unreadable: the first view starts here and shows the root. */
const FIRST_VIEW_MIN_SCALE = 0.5;

export function opIcon(v: ViewNode): string {
  const n = v.node;
  const t = `${n.op} ${v.title}`.toLowerCase();
  if (n.accessType === 'ALL' || /table scan/.test(t)) return 'table';
  if (/sort/.test(t)) return 'list-ordered';
  if (/temporary|materiali/.test(t)) return 'database';
  if (/join|nested loop|hash/.test(t)) return 'git-merge';
  if (n.accessType || /index|lookup/.test(t)) return 'key';
  if (/filter|having|where/.test(t)) return 'filter';
  if (/aggregate|group|window/.test(t)) return 'symbol-operator';
  if (/union|intersect|except/.test(t)) return 'combine';
  if (/limit/.test(t)) return 'fold';
  return 'layers';
}

/** The line under the title: table and key, or what the operation works on. */
function subtitle(v: ViewNode): string {
  const n = v.node;
  if (v.table) return n.key ? `${v.table} · ${n.key}` : v.table;
  const said = n.details?.operation;
  const after = said && said.includes(':') ? said.slice(said.indexOf(':') + 1).trim() : '';
  return after || n.condition || '';
}

function rowsLine(v: ViewNode): string {
  const n = v.node;
  if (n.neverExecuted) return `never executed${n.rowsEstimated !== undefined ? ` · est ${compact(n.rowsEstimated)}` : ''}`;
  const loops = n.loops !== undefined && n.loops !== 1 ? ` ×${compact(n.loops)}` : '';
  if (n.rowsActual !== undefined) return `${compact(n.rowsActual)}${loops} rows${n.rowsEstimated !== undefined ? ` · est ${compact(n.rowsEstimated)}` : ''}`;
  if (n.rowsEstimated !== undefined) return `est ${compact(n.rowsEstimated)} rows${loops}`;
  return '';
}

function measureText(v: ViewNode, view: PlanView): string {
  if (view.metric === 'time' && v.selfTime !== undefined) return ms(v.selfTime);
  if (v.selfCost !== undefined) return `cost ${compact(v.selfCost)}`;
  return '';
}

export function nodeLabel(v: ViewNode): string {
  return [v.title, v.table, rowsLine(v), ...v.badges.map((b) => b.label)].filter(Boolean).join(', ');
}

function nodeElement(v: ViewNode, view: PlanView, hidden: number): HTMLElement {
  const level = heatLevel(v.heat);
  const own = view.metric === 'time' ? v.timeShare : view.metric === 'cost' ? v.costShare : undefined;
  const shareText = own !== undefined ? share(own) : '';
  const badges = h('div', { class: 'node-badges' });
  for (const b of v.badges.slice(0, 3)) badges.append(h('span', { class: `badge badge-${b.kind}`, title: b.title }, b.label));
  if (v.badges.length > 3) badges.append(h('span', { class: 'badge badge-more', title: v.badges.slice(3).map((b) => b.label).join(', ') }, `+${v.badges.length - 3}`));
  const bar = h('span', { class: 'node-bar-fill' });
  bar.style.width = `${Math.max(0, Math.min(100, v.heat * 100)).toFixed(1)}%`;
  const el = h('div', {
    class: `node heat-${level}${v.node.neverExecuted ? ' never' : ''}`,
    role: 'treeitem', tabindex: '-1', 'data-id': String(v.id), 'aria-level': String(v.depth + 1),
    'aria-selected': 'false', 'aria-label': nodeLabel(v),
  },
  h('div', { class: 'node-head' }, icon(opIcon(v), 'node-icon'), h('span', { class: 'node-title' }, v.title), shareText ? h('span', { class: 'node-share' }, shareText) : null),
  h('div', { class: 'node-sub' }, subtitle(v)),
  h('div', { class: 'node-rows' }, h('span', {}, rowsLine(v)), h('span', { class: 'node-measure' }, measureText(v, view))),
  badges,
  h('div', { class: 'node-bar' }, bar));
  el.title = [v.title, subtitle(v), rowsLine(v), ...v.badges.map((b) => `• ${b.title}`)].filter(Boolean).join('\n');
  if (v.children.length) {
    el.setAttribute('aria-expanded', 'true');
    el.append(h('button', { class: 'node-toggle', tabindex: '-1', 'data-toggle': String(v.id), title: `Collapse (${hidden} below)`, 'aria-label': 'Collapse or expand' }, '−'));
  }
  return el;
}

export class PlanGraph {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly edgeLayer: SVGSVGElement;
  private readonly zoomLabel: HTMLElement;
  private readonly nodeEls: HTMLElement[] = [];
  private readonly edgeEls: Array<SVGPathElement | undefined> = [];
  private readonly below: Int32Array;
  private readonly childIndex: Int32Array;
  private readonly collapsed = new Set<number>();
  private layout: Layout;
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private selected = -1;
  private placed = false;
  private dragEndedAt = -Infinity;

  constructor(private readonly view: PlanView, private readonly onSelect: (id: number) => void) {
    const nodes = view.nodes;
    this.below = new Int32Array(nodes.length);
    for (let i = nodes.length - 1; i > 0; i--) this.below[nodes[i].parent] += this.below[i] + 1;
    this.childIndex = new Int32Array(nodes.length);
    for (const v of nodes) v.children.forEach((c, k) => { this.childIndex[c] = k; });

    this.edgeLayer = svg('svg', { class: 'edges', 'aria-hidden': 'true' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'mqt-arrow', viewBox: '0 0 10 10', refX: '8', refY: '5', markerWidth: '9', markerHeight: '9', markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
    defs.append(marker);
    this.edgeLayer.append(defs);
    const frag = document.createDocumentFragment();
    for (const v of nodes) {
      const el = nodeElement(v, view, this.below[v.id]);
      this.nodeEls.push(el);
      frag.append(el);
      if (v.parent >= 0) {
        const path = svg('path', { class: 'edge', 'marker-end': 'url(#mqt-arrow)' });
        path.setAttribute('stroke-width', String(edgeWidth(v.rowsOut, view.maxRowsOut)));
        const tip = svg('title');
        tip.textContent = v.rowsOut !== undefined ? `${compact(v.rowsOut)} rows to ${nodes[v.parent].title}` : 'rows unknown';
        path.append(tip);
        this.edgeEls.push(path);
        this.edgeLayer.append(path);
      } else this.edgeEls.push(undefined);
    }
    this.stage = h('div', { class: 'stage', role: 'tree', 'aria-label': 'Query plan; arrow keys move, Enter collapses' }, this.edgeLayer);
    this.stage.append(frag);
    this.canvas = h('div', { class: 'plan-canvas' }, this.stage);
    this.zoomLabel = h('span', { class: 'zoom-label muted' }, '100%');
    const tool = (id: string, iconName: string, label: string) => h('vscode-toolbar-button', { 'data-tool': id, icon: iconName, label, title: label });
    const toolbar = h('div', { class: 'plan-toolbar' },
      tool('zoom-out', 'zoom-out', 'Zoom out (-)'), this.zoomLabel, tool('zoom-in', 'zoom-in', 'Zoom in (+)'),
      tool('fit', 'screen-full', 'Fit to view (0)'), tool('actual', 'screen-normal', 'Actual size (1)'),
      tool('expand', 'expand-all', 'Expand all'), tool('collapse', 'collapse-all', 'Collapse below the selected node'));
    this.element = h('div', { class: 'plan-graph' }, toolbar, this.canvas);
    this.layout = layoutTree(nodes, this.collapsed);
    this.applyLayout();
    this.wire(toolbar);
  }

  /** Called once the canvas has a size (it may start in a hidden tab). */
  private place(): void {
    const { width: cw, height: ch } = this.canvas.getBoundingClientRect();
    if (cw <= 0 || ch <= 0 || this.placed) return;
    this.placed = true;
    const fit = this.fitScale(cw, ch);
    if (fit >= FIRST_VIEW_MIN_SCALE) return this.fit();
    // Too big to read when fitted: start readable, with the root at the top centre.
    this.scale = Math.min(1, Math.max(FIRST_VIEW_MIN_SCALE, fit));
    this.tx = cw / 2 - (this.layout.x[0] + NODE_W / 2) * this.scale;
    this.ty = PAD;
    this.applyTransform();
  }

  private fitScale(cw: number, ch: number): number {
    const { width, height } = this.layout;
    return Math.min(1, (cw - 2 * PAD) / Math.max(1, width), (ch - 2 * PAD) / Math.max(1, height));
  }

  fit(): void {
    const { width: cw, height: ch } = this.canvas.getBoundingClientRect();
    if (cw <= 0 || ch <= 0) return;
    this.scale = Math.max(MIN_SCALE, this.fitScale(cw, ch));
    this.tx = (cw - this.layout.width * this.scale) / 2;
    this.ty = Math.max(PAD, (ch - this.layout.height * this.scale) / 2);
    this.applyTransform();
  }

  /** Zoom by `factor` around a point of the canvas (its centre by default). */
  zoom(factor: number, px?: number, py?: number): void {
    const rect = this.canvas.getBoundingClientRect();
    const cx = px ?? rect.width / 2;
    const cy = py ?? rect.height / 2;
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    this.tx = cx - ((cx - this.tx) / this.scale) * next;
    this.ty = cy - ((cy - this.ty) / this.scale) * next;
    this.scale = next;
    this.applyTransform();
  }

  private applyTransform(): void {
    this.stage.style.transform = `translate(${this.tx.toFixed(1)}px, ${this.ty.toFixed(1)}px) scale(${this.scale.toFixed(4)})`;
    this.zoomLabel.textContent = `${Math.round(this.scale * 100)}%`;
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
      if (!visible[i]) {
        el.hidden = true;
        if (edge) edge.setAttribute('visibility', 'hidden');
        continue;
      }
      el.hidden = false;
      el.style.left = `${x[i]}px`;
      el.style.top = `${y[i]}px`;
      if (edge) {
        const p = nodes[i].parent;
        if (this.layout.stacked[p]) {
          // an elbow from the child's left side up a trunk under the parent's left part
          const tx = x[p] + STACK_INDENT / 2;
          const cy = y[i] + NODE_H / 2;
          edge.setAttribute('d', `M${x[i]},${cy} L${tx + 8},${cy} Q${tx},${cy} ${tx},${cy - 8} L${tx},${y[p] + NODE_H + 4}`);
        } else {
          const x1 = x[i] + NODE_W / 2;
          const y1 = y[i];
          // siblings arrive side by side along the parent's bottom edge, not all at one point
          const k = nodes[p].children.length;
          const spread = Math.min(22, (NODE_W - 60) / Math.max(1, k - 1));
          const x2 = x[p] + NODE_W / 2 + (this.childIndex[i] - (k - 1) / 2) * spread;
          const y2 = y[p] + NODE_H + 4;
          const my = (y1 + y2) / 2;
          edge.setAttribute('d', `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`);
        }
        edge.removeAttribute('visibility');
      }
    }
  }

  toggle(id: number, collapse = !this.collapsed.has(id)): void {
    const v = this.view.nodes[id];
    if (!v || !v.children.length || collapse === this.collapsed.has(id)) return;
    if (collapse) this.collapsed.add(id);
    else this.collapsed.delete(id);
    const el = this.nodeEls[id];
    el.setAttribute('aria-expanded', String(!collapse));
    el.classList.toggle('collapsed', collapse);
    const btn = el.querySelector('.node-toggle');
    if (btn) {
      btn.textContent = collapse ? `+${this.below[id]}` : '−';
      btn.setAttribute('title', collapse ? `Expand (${this.below[id]} hidden)` : `Collapse (${this.below[id]} below)`);
    }
    this.relayout();
  }

  private relayout(): void {
    this.layout = layoutTree(this.view.nodes, this.collapsed);
    this.applyLayout();
  }

  private expandAll(): void {
    for (const id of this.collapsed) {
      this.nodeEls[id].setAttribute('aria-expanded', 'true');
      this.nodeEls[id].classList.remove('collapsed');
      const btn = this.nodeEls[id].querySelector('.node-toggle');
      if (btn) btn.textContent = '−';
    }
    this.collapsed.clear();
    this.relayout();
  }

  /** Collapses every node with children under `id` (so its direct children stay visible). */
  private collapseBelow(id: number): void {
    for (const c of this.view.nodes[id].children) this.collapseTree(c);
  }

  private collapseTree(id: number): void {
    const stack = [id];
    while (stack.length) {
      const i = stack.pop() as number;
      const v = this.view.nodes[i];
      if (!v.children.length) continue;
      this.collapsed.add(i);
      this.nodeEls[i].setAttribute('aria-expanded', 'false');
      this.nodeEls[i].classList.add('collapsed');
      const btn = this.nodeEls[i].querySelector('.node-toggle');
      if (btn) btn.textContent = `+${this.below[i]}`;
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
        this.collapsed.delete(p);
        this.nodeEls[p].setAttribute('aria-expanded', 'true');
        this.nodeEls[p].classList.remove('collapsed');
        const btn = this.nodeEls[p].querySelector('.node-toggle');
        if (btn) btn.textContent = '−';
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
    if (opts.reveal !== false) this.reveal(id);
  }

  get selectedId(): number {
    return this.selected;
  }

  /** Pans (never zooms) so the node is inside the canvas. */
  private reveal(id: number): void {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width <= 0) return;
    const x = this.layout.x[id] * this.scale + this.tx;
    const y = this.layout.y[id] * this.scale + this.ty;
    const w = NODE_W * this.scale;
    const hgt = NODE_H * this.scale;
    if (x >= 0 && y >= 0 && x + w <= rect.width && y + hgt <= rect.height) return;
    this.tx += rect.width / 2 - (x + w / 2);
    this.ty += rect.height / 2 - (y + hgt / 2);
    this.applyTransform();
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
      case 'ArrowUp': next = v.parent >= 0 ? v.parent : undefined; break;
      case 'ArrowDown': next = v.children.length && !this.collapsed.has(cur) ? v.children[0] : undefined; break;
      case 'ArrowLeft': next = at > 0 ? siblings[at - 1] : undefined; break;
      case 'ArrowRight': next = at < siblings.length - 1 ? siblings[at + 1] : undefined; break;
      case 'Home': next = 0; break;
      case 'Enter': case ' ': this.toggle(cur); this.reveal(cur); break;
      case '+': case '=': this.zoom(1.25); break;
      case '-': this.zoom(0.8); break;
      case '0': this.fit(); break;
      case '1': this.zoom(1 / this.scale); break;
      default: return;
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
      else if (tool === 'actual') this.zoom(1 / this.scale);
      else if (tool === 'expand') this.expandAll();
      else if (tool === 'collapse') this.collapseBelow(this.selected >= 0 ? this.selected : 0);
    });
    this.canvas.addEventListener('click', (e) => {
      if (performance.now() - this.dragEndedAt < 100) return;
      const target = e.target as Element;
      const toggle = target.closest('[data-toggle]');
      if (toggle) {
        this.toggle(Number(toggle.getAttribute('data-toggle')));
        return;
      }
      const node = target.closest('.node');
      if (node) this.pick(Number(node.getAttribute('data-id')));
    });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey) return; // plain wheel scrolls the page
      e.preventDefault();
      const r = this.canvas.getBoundingClientRect();
      this.zoom(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
    this.canvas.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || (e.target as Element).closest('.node-toggle')) return;
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        this.canvas.setPointerCapture(e.pointerId);
        this.canvas.classList.add('panning');
      }
      this.tx = drag.tx + dx;
      this.ty = drag.ty + dy;
      this.applyTransform();
    });
    const end = (e: PointerEvent) => {
      if (drag?.moved) {
        this.dragEndedAt = performance.now(); // a drag is not a click on the node it ended on
        if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
      }
      drag = undefined;
      this.canvas.classList.remove('panning');
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    new ResizeObserver(() => this.place()).observe(this.canvas);
  }
}
