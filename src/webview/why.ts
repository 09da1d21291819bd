import type { Report } from '../core/report/model';
import { alternativeCells, scanLine, sortedAlternatives, statementLines, tableTitle, traceAnchor, TRACE_HEADERS } from '../core/trace/view';
import { h, icon } from './dom';

/** "Why this plan": the optimizer trace per table, and for the statement as a whole. */
export function whySection(report: Report): HTMLElement | null {
  const t = report.trace;
  if (!t && !report.traceNote) return null;
  const c = h('vscode-collapsible', { id: 'why', heading: 'Why this plan', open: '' });
  if (report.traceNote) c.append(h('p', { class: 'note' }, report.traceNote));
  if (!t) return c;
  const lines = statementLines(t);
  if (lines.length) c.append(h('ul', { class: 'why-lines' }, ...lines.map((l) => h('li', {}, l))));
  for (const tb of t.tables) {
    const head = h('h4', { id: traceAnchor(tb.name), class: 'why-table' }, icon('table'), ' ', tableTitle(tb));
    const body = h('p', {}, tb.why, scanLine(tb) ? h('span', { class: 'muted' }, ` (${scanLine(tb)})`) : '');
    const alts = sortedAlternatives(tb);
    const rows = alts.map((a) =>
      h(
        'tr',
        { class: a.chosen ? 'why-chosen' : a.usable ? '' : 'why-unusable' },
        ...alternativeCells(a).map((cell, i) => h('td', { class: i >= 3 && i <= 4 ? 'num' : '' }, i === 5 && cell ? h('b', {}, cell) : cell)),
      ),
    );
    const tbl =
      alts.length > 1 ? h('table', { class: 'why' }, h('thead', {}, h('tr', {}, ...TRACE_HEADERS.map((x) => h('th', {}, x)))), h('tbody', {}, ...rows)) : null;
    c.append(h('section', { class: 'why-block' }, head, body, tbl ?? ''));
  }
  return c;
}

/** A link from a plan node to its table's "Why this plan" entry, when there is one on the page. */
export function whyLink(name: string | undefined): HTMLElement | null {
  if (!name) return null;
  const id = traceAnchor(name);
  const target = document.getElementById(id);
  if (!target) return null;
  const a = h('a', { href: `#${id}`, class: 'why-link', title: 'Why the optimizer chose this access (optimizer trace)' }, icon('question'), ' Why this plan');
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    const why = document.getElementById('why');
    if (why && !why.hasAttribute('open')) why.setAttribute('open', '');
    target.scrollIntoView({ block: 'start' });
  });
  return a;
}
