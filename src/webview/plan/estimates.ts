/** The Estimate vs actual tab: per node, estimated against measured rows, on a log scale. */
import type { PlanView } from '../../core/plan/view';
import { h } from '../dom';
import { compact } from './format';

const BAR_HALF = 60; // px each side of the centre line; one decade = BAR_HALF / 3

type Row = PlanView['nodes'][number];

const nodeLabel = (v: Row) => `${v.title}${v.table ? ` · ${v.table}` : ''}`;
const headRow = (first: string, nums: string[], last?: string) =>
  h('thead', {}, h('tr', {}, h('th', {}, first), ...nums.map((n) => h('th', { class: 'num' }, n)), ...(last ? [h('th', {}, last)] : [])));
const grid = (head: HTMLElement, body: HTMLElement[]) => h('table', { class: 'grid' }, head, h('tbody', {}, ...body));

export function renderEstimates(view: PlanView): HTMLElement {
  const rows = view.nodes.filter((v) => v.node.rowsEstimated !== undefined || v.node.rowsActual !== undefined);
  return view.hasActual ? renderMeasured(rows) : renderEstimatesOnly(rows);
}

/** A plan from EXPLAIN: nothing to compare, so the estimates alone, and why. */
function renderEstimatesOnly(rows: Row[]): HTMLElement {
  const note =
    'Only estimates exist for this plan: it comes from EXPLAIN, which does not run the query. ANALYZE FORMAT=JSON (MariaDB) or EXPLAIN ANALYZE (MySQL) measures actual rows to compare with.';
  const body = rows.map((v) =>
    h(
      'tr',
      { 'data-id': String(v.id) },
      h('td', {}, nodeLabel(v)),
      h('td', { class: 'num' }, compact(v.node.rowsEstimated)),
      h('td', { class: 'num' }, v.node.filtered !== undefined ? `${compact(v.node.filtered)}%` : ''),
      h('td', { class: 'num' }, compact(v.node.cost)),
    ),
  );
  return h('div', { class: 'estimates' }, h('p', { class: 'note' }, note), grid(headRow('Node', ['Est. rows', 'Filtered', 'Cost']), body));
}

/** The log-scale bar: right of the axis for more rows than estimated, left for fewer. */
function ratioCell(v: Row): HTMLElement {
  const e = v.estimate;
  const bar = h('span', { class: 'ratio-bar' });
  const cell = h('td', { class: 'ratio-cell' }, h('span', { class: 'ratio-axis' }), bar);
  if (e) {
    const decades = Math.max(-3, Math.min(3, Math.log10(e.ratio)));
    const width = Math.abs(decades) * (BAR_HALF / 3);
    bar.style.width = `${Math.max(1, width)}px`;
    bar.style.left = decades >= 0 ? `${BAR_HALF}px` : `${BAR_HALF - width}px`;
    bar.classList.add(e.ratio >= 1 ? 'under' : 'over');
    if (e.ratio >= 10 || e.ratio <= 0.1) bar.classList.add('bad');
  }
  return cell;
}

function measuredRow(v: Row): HTMLElement {
  const e = v.estimate;
  const ratio = !e ? '' : e.ratio >= 1 ? `${compact(e.ratio)}x under` : `${compact(1 / e.ratio)}x over`;
  return h(
    'tr',
    { 'data-id': String(v.id), class: e && (e.ratio >= 10 || e.ratio <= 0.1) ? 'off' : '' },
    h('td', {}, nodeLabel(v)),
    h('td', { class: 'num' }, compact(v.node.rowsEstimated)),
    h('td', { class: 'num' }, v.node.neverExecuted ? 'never executed' : compact(v.node.rowsActual)),
    h('td', { class: 'num' }, compact(v.node.loops)),
    h('td', { class: 'num' }, v.node.rowsActual !== undefined ? compact(v.node.rowsActual * (v.node.loops ?? 1)) : ''),
    h('td', { class: 'num' }, ratio),
    ratioCell(v),
  );
}

function renderMeasured(rows: Row[]): HTMLElement {
  const note =
    'Both the estimate and the actual count are per loop; a node is flagged when they differ 10x or more. Bars: right = more rows than estimated, left = fewer (log scale, ±1000x).';
  const head = headRow('Node', ['Est. rows', 'Actual rows', 'Loops', 'Actual × loops', 'Ratio'], 'Under / over');
  return h('div', { class: 'estimates' }, h('p', { class: 'muted' }, note), grid(head, rows.map(measuredRow)));
}
