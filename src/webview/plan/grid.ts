/** The Table tab: one row per node, sortable by any column (click a header; again to reverse). */
import type { PlanView, ViewNode } from '../../core/plan/view';
import { h } from '../dom';
import { compact, ms, share } from './format';

interface Column {
  title: string;
  value: (v: ViewNode) => number | string | undefined;
  show?: (v: ViewNode) => string;
  numeric?: boolean;
}

function columns(view: PlanView): Column[] {
  const cols: Column[] = [
    { title: '#', value: (v) => v.id, numeric: true },
    { title: 'Operation', value: (v) => v.title },
    { title: 'Table', value: (v) => v.table },
    { title: 'Access', value: (v) => v.node.accessType },
    { title: 'Key', value: (v) => v.node.key },
    { title: 'Est. rows', value: (v) => v.node.rowsEstimated, show: (v) => compact(v.node.rowsEstimated), numeric: true },
  ];
  if (view.hasActual) {
    cols.push(
      { title: 'Actual rows', value: (v) => v.node.rowsActual, show: (v) => compact(v.node.rowsActual), numeric: true },
      { title: 'Loops', value: (v) => v.node.loops, show: (v) => compact(v.node.loops), numeric: true },
    );
  }
  cols.push({
    title: 'Filtered',
    value: (v) => v.node.filteredActual ?? v.node.filtered,
    show: (v) => {
      const f = v.node.filteredActual ?? v.node.filtered;
      return f === undefined ? '' : `${compact(f)}%`;
    },
    numeric: true,
  });
  if (view.totalCost !== undefined)
    cols.push({
      title: 'Own cost',
      value: (v) => v.selfCost,
      show: (v) => (v.selfCost === undefined ? '' : `${compact(v.selfCost)} (${share(v.costShare)})`),
      numeric: true,
    });
  if (view.totalTime !== undefined)
    cols.push({
      title: 'Own time',
      value: (v) => v.selfTime,
      show: (v) => (v.selfTime === undefined ? '' : `${ms(v.selfTime)} (${share(v.timeShare)})`),
      numeric: true,
    });
  cols.push({ title: 'Flags', value: (v) => v.badges.map((b) => b.label).join(', ') });
  return cols;
}

function gridRow(v: PlanView['nodes'][number], cols: ReturnType<typeof columns>): HTMLElement {
  const cells = cols.map((c, i) => {
    const text = c.show ? c.show(v) : String(c.value(v) ?? '');
    const td = h('td', c.numeric ? { class: 'num' } : {}, text);
    if (i === 1) td.style.paddingLeft = `${8 + Math.min(v.depth, 20) * 12}px`;
    return td;
  });
  return h('tr', { 'data-id': String(v.id), tabindex: '-1' }, ...cells);
}

/** Node ids ordered by one column; blanks last, ties in tree order. */
function sortedIds(view: PlanView, c: ReturnType<typeof columns>[number], dir: number): number[] {
  return view.nodes
    .map((v) => v.id)
    .sort((a, b) => {
      const x = c.value(view.nodes[a]);
      const y = c.value(view.nodes[b]);
      if (x === undefined || x === '') return y === undefined || y === '' ? a - b : 1; // blanks last
      if (y === undefined || y === '') return -1;
      const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return d === 0 ? a - b : d * dir;
    });
}

export function renderGrid(view: PlanView): { element: HTMLElement; select(id: number): void } {
  const cols = columns(view);
  const rows = view.nodes.map((v) => gridRow(v, cols));
  const heads = cols.map((c, i) =>
    h('th', { 'data-col': String(i), 'aria-sort': 'none', tabindex: '0', title: `Sort by ${c.title}`, class: c.numeric ? 'num' : '' }, c.title),
  );
  const tbody = h('tbody', {}, ...rows);
  const table = h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ...heads)), tbody);
  let sortCol = 0;
  let dir = 1;
  const sortBy = (col: number) => {
    dir = col === sortCol ? -dir : cols[col].numeric && col !== 0 ? -1 : 1; // numbers: biggest first
    sortCol = col;
    const order = sortedIds(view, cols[col], dir);
    tbody.append(...order.map((id) => rows[id]));
    heads.forEach((th, i) => th.setAttribute('aria-sort', i === col ? (dir > 0 ? 'ascending' : 'descending') : 'none'));
    table.classList.toggle('tree-order', col === 0 && dir > 0);
  };
  const onHead = (e: Event) => {
    const th = (e.target as Element).closest('th');
    if (th) sortBy(Number(th.getAttribute('data-col')));
  };
  table.querySelector('thead')?.addEventListener('click', onHead);
  table.querySelector('thead')?.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onHead(e);
    }
  });
  table.classList.add('tree-order');
  let selected = -1;
  return {
    element: h('div', { class: 'grid-wrap' }, table),
    select(id: number) {
      rows[selected]?.classList.remove('selected');
      selected = id;
      rows[id]?.classList.add('selected');
    },
  };
}
