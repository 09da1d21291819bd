/** The Estimate vs actual tab: per node, estimated against measured rows, on a log scale. */
import type { PlanView } from '../../core/plan/view';
import { h } from '../dom';
import { compact } from './format';

const BAR_HALF = 60; // px each side of the centre line; one decade = BAR_HALF / 3

export function renderEstimates(view: PlanView): HTMLElement {
  const rows = view.nodes.filter((v) => v.node.rowsEstimated !== undefined || v.node.rowsActual !== undefined);
  if (!view.hasActual) {
    return h('div', { class: 'estimates' },
      h('p', { class: 'note' }, 'Only estimates exist for this plan: it comes from EXPLAIN, which does not run the query. ANALYZE FORMAT=JSON (MariaDB) or EXPLAIN ANALYZE (MySQL) measures actual rows to compare with.'),
      h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Node'), h('th', { class: 'num' }, 'Est. rows'), h('th', { class: 'num' }, 'Filtered'), h('th', { class: 'num' }, 'Cost'))),
        h('tbody', {}, ...rows.map((v) => h('tr', { 'data-id': String(v.id) },
          h('td', {}, `${v.title}${v.table ? ` · ${v.table}` : ''}`),
          h('td', { class: 'num' }, compact(v.node.rowsEstimated)),
          h('td', { class: 'num' }, v.node.filtered !== undefined ? `${compact(v.node.filtered)}%` : ''),
          h('td', { class: 'num' }, compact(v.node.cost)))))));
  }
  const body = rows.map((v) => {
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
    const ratio = !e ? '' : e.ratio >= 1 ? `${compact(e.ratio)}x under` : `${compact(1 / e.ratio)}x over`;
    return h('tr', { 'data-id': String(v.id), class: e && (e.ratio >= 10 || e.ratio <= 0.1) ? 'off' : '' },
      h('td', {}, `${v.title}${v.table ? ` · ${v.table}` : ''}`),
      h('td', { class: 'num' }, compact(v.node.rowsEstimated)),
      h('td', { class: 'num' }, v.node.neverExecuted ? 'never executed' : compact(v.node.rowsActual)),
      h('td', { class: 'num' }, compact(v.node.loops)),
      h('td', { class: 'num' }, v.node.rowsActual !== undefined ? compact(v.node.rowsActual * (v.node.loops ?? 1)) : ''),
      h('td', { class: 'num' }, ratio),
      cell);
  });
  return h('div', { class: 'estimates' },
    h('p', { class: 'muted' }, 'Both the estimate and the actual count are per loop; a node is flagged when they differ 10x or more. Bars: right = more rows than estimated, left = fewer (log scale, ±1000x).'),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Node'), h('th', { class: 'num' }, 'Est. rows'), h('th', { class: 'num' }, 'Actual rows'), h('th', { class: 'num' }, 'Loops'),
        h('th', { class: 'num' }, 'Actual × loops'), h('th', { class: 'num' }, 'Ratio'), h('th', {}, 'Under / over'))),
      h('tbody', {}, ...body)));
}
