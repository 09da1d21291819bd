/** The details pane: every field of the selected node, its condition, details map and evidence. */
import type { PlanNode } from '../../core/plan/model';
import type { PlanView, ViewNode } from '../../core/plan/view';
import { h, icon } from '../dom';
import { compact, ms, share } from './format';
import { whyLink } from '../why';

type Field = [label: string, value: string | undefined];

const num = (n: number | undefined, digits = 2): string | undefined =>
  n === undefined || !Number.isFinite(n) ? undefined : n.toLocaleString('en-US', { maximumFractionDigits: digits });
const list = (xs: string[] | undefined): string | undefined => (xs && xs.length ? xs.join(', ') : undefined);

function fields(v: ViewNode, view: PlanView): Field[] {
  const n: PlanNode = v.node;
  return [
    ['Operation', n.op],
    ['Table', n.table],
    ['Alias', n.alias],
    ['Access type', n.accessType],
    ['Possible keys', list(n.possibleKeys)],
    ['Key', n.key],
    ['Key length', n.keyLen],
    ['Used key parts', list(n.usedKeyParts)],
    ['Ref', n.ref],
    ['Rows (estimated)', num(n.rowsEstimated)],
    ['Rows (actual, per loop)', num(n.rowsActual)],
    ['Loops', num(n.loops)],
    ['Rows out (total)', v.rowsOut !== undefined ? num(v.rowsOut, 0) : undefined],
    ['Filtered (estimated)', n.filtered !== undefined ? `${num(n.filtered)}%` : undefined],
    ['Filtered (actual)', n.filteredActual !== undefined ? `${num(n.filteredActual)}%` : undefined],
    ['Cost', num(n.cost)],
    ['Own cost', v.selfCost !== undefined ? `${num(v.selfCost)} (${share(v.costShare)} of ${compact(view.totalCost)})` : undefined],
    ['Time', n.timeMs !== undefined ? ms(n.timeMs) : undefined],
    ['Own time', v.selfTime !== undefined ? `${ms(v.selfTime)} (${share(v.timeShare)} of ${ms(view.totalTime)})` : undefined],
    ['First row', n.firstRowMs !== undefined ? ms(n.firstRowMs) : undefined],
    ['Select id', num(n.selectId)],
    ['Select type', n.selectType],
    ['Never executed', n.neverExecuted ? 'yes' : undefined],
  ];
}

function kv(rows: Field[], cls: string): HTMLElement | null {
  const shown = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  if (!shown.length) return null;
  return h('dl', { class: cls }, ...shown.flatMap(([k, val]) => [h('dt', {}, k), h('dd', {}, val)]));
}

export function renderDetails(v: ViewNode | undefined, view: PlanView, canReveal: boolean): HTMLElement {
  if (!v) return h('div', { class: 'details empty muted' }, 'Select a node to see its details.');
  const n = v.node;
  const head = h(
    'div',
    { class: 'details-head' },
    h('h3', {}, v.title),
    v.table ? h('div', { class: 'details-table' }, icon('table'), ' ', v.table, ' ', whyLink(n.alias ?? n.table) ?? '') : null,
    canReveal
      ? h('vscode-button', { secondary: '', icon: 'go-to-file', 'data-action': 'reveal', title: 'Highlight this table in the SQL' }, 'Show in SQL')
      : null,
  );
  const badges = v.badges.length
    ? h('ul', { class: 'details-badges' }, ...v.badges.map((b) => h('li', {}, h('span', { class: `badge badge-${b.kind}` }, b.label), ' ', b.title)))
    : null;
  const extra = n.extra.length ? h('div', { class: 'details-extra' }, ...n.extra.map((e) => h('span', { class: 'chip' }, e))) : null;
  const cond = n.condition ? h('section', {}, h('h4', {}, 'Attached condition'), h('pre', { class: 'cond' }, n.condition)) : null;
  const more =
    n.details && Object.keys(n.details).length
      ? h(
          'section',
          {},
          h('h4', {}, 'More from the server'),
          kv(
            Object.entries(n.details).sort(([a], [b]) => a.localeCompare(b)),
            'kv details-map',
          ),
        )
      : null;
  const evidence = n.evidence?.length
    ? h(
        'section',
        {},
        h('h4', {}, 'Status counters (measured run)'),
        h(
          'table',
          { class: 'evidence' },
          h(
            'tbody',
            {},
            ...n.evidence.map((e) => h('tr', {}, h('td', {}, h('code', {}, e.counter)), h('td', { class: 'num' }, compact(e.value)), h('td', {}, e.note))),
          ),
        ),
      )
    : null;
  return h('div', { class: 'details' }, head, badges, kv(fields(v, view), 'kv'), extra, cond, more, evidence);
}
