/**
 * A plan node's box in the graph: its texts, and the element, cloned from one prebuilt box and
 * filled in (one clone is several times cheaper than building each element of 200 boxes).
 * The hover text is set on first hover (`nodeTooltip`), not for every node up front.
 */
import { heatLevel, type PlanView, type ViewNode } from '../../core/plan/view';
import { h, icon } from '../dom';
import { compact, ms, share } from './format';

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

/** The hover text: title, subtitle, rows and every badge's explanation. */
export function nodeTooltip(v: ViewNode): string {
  return [v.title, subtitle(v), rowsLine(v), ...v.badges.map((b) => `• ${b.title}`)].filter(Boolean).join('\n');
}

let blank: HTMLElement | undefined;

/** The empty box every node is cloned from (the order of its children is what `nodeElement` fills). */
function blankBox(): HTMLElement {
  blank ??= h(
    'div',
    { role: 'treeitem', tabindex: '-1', 'aria-selected': 'false' },
    h('div', { class: 'node-head' }, icon('layers', 'node-icon'), h('span', { class: 'node-title' }), h('span', { class: 'node-share' })),
    h('div', { class: 'node-sub' }),
    h('div', { class: 'node-rows' }, h('span', {}), h('span', { class: 'node-measure' })),
    h('div', { class: 'node-badges' }),
    h('div', { class: 'node-bar' }, h('span', { class: 'node-bar-fill' })),
  );
  return blank;
}

function badgesOf(v: ViewNode): HTMLElement[] {
  const shown = v.badges.slice(0, 3).map((b) => h('span', { class: `badge badge-${b.kind}`, title: b.title }, b.label));
  if (v.badges.length > 3)
    shown.push(
      h(
        'span',
        {
          class: 'badge badge-more',
          title: v.badges
            .slice(3)
            .map((b) => b.label)
            .join(', '),
        },
        `+${v.badges.length - 3}`,
      ),
    );
  return shown;
}

/** One node's box; `hidden` is how many nodes are below it (the collapse button says so). */
export function nodeElement(v: ViewNode, view: PlanView, hidden: number): HTMLElement {
  const el = blankBox().cloneNode(true) as HTMLElement;
  const [head, sub, rows, badges, bar] = el.children as unknown as HTMLElement[];
  el.className = `node heat-${heatLevel(v.heat)}${v.node.neverExecuted ? ' never' : ''}`;
  el.dataset.id = String(v.id);
  el.setAttribute('aria-level', String(v.depth + 1));
  el.setAttribute('aria-label', nodeLabel(v));
  const [glyph, title, shareEl] = head.children as unknown as HTMLElement[];
  glyph.className = `codicon codicon-${opIcon(v)} node-icon`;
  title.textContent = v.title;
  const own = view.metric === 'time' ? v.timeShare : view.metric === 'cost' ? v.costShare : undefined;
  const shareText = own !== undefined ? share(own) : '';
  if (shareText) shareEl.textContent = shareText;
  else shareEl.remove();
  sub.textContent = subtitle(v);
  (rows.firstChild as HTMLElement).textContent = rowsLine(v);
  (rows.lastChild as HTMLElement).textContent = measureText(v, view);
  if (v.badges.length) badges.append(...badgesOf(v));
  (bar.firstChild as HTMLElement).style.width = `${Math.max(0, Math.min(100, v.heat * 100)).toFixed(1)}%`;
  if (v.children.length) {
    el.setAttribute('aria-expanded', 'true');
    el.append(
      h(
        'button',
        { class: 'node-toggle', tabindex: '-1', 'data-toggle': String(v.id), title: `Collapse (${hidden} below)`, 'aria-label': 'Collapse or expand' },
        '−',
      ),
    );
  }
  return el;
}

/** Shows a box as collapsed (its button counts what it hides) or expanded. */
export function markCollapsed(el: HTMLElement, collapsed: boolean, below: number): void {
  el.setAttribute('aria-expanded', String(!collapsed));
  el.classList.toggle('collapsed', collapsed);
  const btn = el.querySelector('.node-toggle');
  if (!btn) return;
  btn.textContent = collapsed ? `+${below}` : '−';
  btn.setAttribute('title', collapsed ? `Expand (${below} hidden)` : `Collapse (${below} below)`);
}
