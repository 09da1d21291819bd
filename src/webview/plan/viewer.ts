/**
 * The plan view: tabs Visual | Table | Estimate vs actual | Raw over one view model, with a
 * shared selection. Selecting a node asks the host to highlight its table in the SQL.
 */
import type { Plan } from '../../core/plan/model';
import { buildPlanView, conditionRangeFor, nodeForTable, selectRangeFor, sourceRangeFor, type PlanView } from '../../core/plan/view';
import type { StatementFacts } from '../../core/report/model';
import { h } from '../dom';
import type { WebviewToHost } from '../../core/protocol';
import { renderDetails } from './details';
import { renderEstimates } from './estimates';
import { compact, ms } from './format';
import { PlanGraph } from './graph';
import { renderGrid } from './grid';
import { renderRaw, type RawBlock } from './raw';

export interface PlanViewerOptions {
  plan: Plan;
  raw: RawBlock[];
  /** Where the analysed statement's tables and SELECTs are (from the Report), for mapping nodes to the SQL. */
  source?: StatementFacts;
  post(msg: WebviewToHost): void;
}

const FORMAT_NAMES: Record<string, string> = {
  classic: 'EXPLAIN (tabular)',
  'mysql-json': 'MySQL EXPLAIN FORMAT=JSON',
  'mysql-json2': 'MySQL EXPLAIN FORMAT=JSON v2',
  'mysql-tree': 'MySQL EXPLAIN FORMAT=TREE',
  'mysql-analyze': 'MySQL EXPLAIN ANALYZE',
  'mariadb-json': 'MariaDB EXPLAIN FORMAT=JSON',
  'mariadb-analyze-json': 'MariaDB ANALYZE FORMAT=JSON',
};

function legend(view: PlanView): HTMLElement {
  const what =
    view.metric === 'time'
      ? `own time (total ${ms(view.totalTime)})`
      : view.metric === 'cost'
        ? `own cost (total ${compact(view.totalCost)})`
        : view.metric === 'rows'
          ? 'estimated rows examined'
          : 'nothing measured';
  const swatches = h('span', { class: 'heat-scale', 'aria-hidden': 'true' }, ...[1, 2, 3, 4].map((l) => h('span', { class: `swatch heat-${l}` })));
  return h(
    'div',
    { class: 'plan-legend muted' },
    h('span', {}, `Colour: share of ${what}`),
    swatches,
    h('span', { class: 'scale-ends' }, '<10% · 30% · 60%+'),
    h('span', {}, 'Edge width: rows passed up (log)'),
  );
}

export class PlanViewer {
  readonly element: HTMLElement;
  readonly view: PlanView;
  private readonly graph: PlanGraph;
  private grid: ReturnType<typeof renderGrid> | undefined;
  /** Tab panels other than Visual are built when first shown: a 200-node grid is most of the DOM. */
  private readonly lazy: Array<{ panel: HTMLElement; build: () => HTMLElement; built: boolean }> = [];
  private readonly detailsHost: HTMLElement;
  private readonly ranges: Array<{ start: number; end: number } | undefined>;
  private readonly conditions: Array<{ start: number; end: number } | undefined>;
  private selected = -1;

  constructor(private readonly opts: PlanViewerOptions) {
    this.view = buildPlanView(opts.plan);
    const refs = opts.source?.tables ?? [];
    const selects = opts.source?.selects ?? [];
    // A table node maps to its table reference (and its ON condition); a subquery to its SELECT.
    this.ranges = this.view.nodes.map((v) => (refs.length ? sourceRangeFor(v.node, refs) : undefined) ?? selectRangeFor(v.node, selects));
    this.conditions = this.view.nodes.map((v) => conditionRangeFor(v.node, refs));
    this.graph = new PlanGraph(this.view, (id) => this.select(id, { user: true }));
    this.detailsHost = h('aside', { class: 'plan-details', 'aria-live': 'polite' }, renderDetails(undefined, this.view, false));
    const visual = h('div', { class: 'plan-visual' }, this.graph.element, this.detailsHost);
    const lazyPanel = (build: () => HTMLElement) => {
      const panel = h('vscode-tab-panel', {});
      this.lazy.push({ panel, build, built: false });
      return panel;
    };
    const tabs = h(
      'vscode-tabs',
      { 'selected-index': '0', class: 'plan-tabs' },
      h('vscode-tab-header', { slot: 'header', id: 'tab-visual' }, 'Visual'),
      h('vscode-tab-panel', {}, legend(this.view), visual),
      h('vscode-tab-header', { slot: 'header', id: 'tab-table' }, 'Table'),
      lazyPanel(() => {
        this.grid = renderGrid(this.view);
        if (this.selected >= 0) this.grid.select(this.selected);
        return this.grid.element;
      }),
      h('vscode-tab-header', { slot: 'header', id: 'tab-estimates' }, 'Estimate vs actual'),
      lazyPanel(() => renderEstimates(this.view)),
      h('vscode-tab-header', { slot: 'header', id: 'tab-raw' }, 'Raw'),
      lazyPanel(() => renderRaw(opts.raw)),
    );
    const count = this.view.nodes.length;
    this.element = h(
      'div',
      { class: 'plan-view', 'data-format': opts.plan.format },
      h('div', { class: 'plan-caption muted' }, `${FORMAT_NAMES[opts.plan.format] ?? opts.plan.format} · ${count} node${count === 1 ? '' : 's'}`),
      tabs,
    );
    this.wire(tabs);
  }

  select(id: number, how: { user: boolean; focus?: boolean }): void {
    const v = this.view.nodes[id];
    if (!v) return;
    this.selected = id;
    this.graph.select(id, { focus: how.focus ?? false });
    this.grid?.select(id);
    const range = this.ranges[id];
    this.detailsHost.replaceChildren(renderDetails(v, this.view, range !== undefined));
    if (how.user && range) this.reveal(id);
  }

  /** Ask the host to highlight the node's SQL: its table or subquery, and its join condition. */
  private reveal(id: number): void {
    const range = this.ranges[id];
    if (!range) return;
    const cond = this.conditions[id];
    this.opts.post({ type: 'revealRange', start: range.start, end: range.end, ...(cond ? { related: [cond] } : {}) });
  }

  /** Makes every node box now (a large plan makes those out of view in idle time). */
  buildAll(): void {
    this.graph.buildAll();
  }

  /** From the editor's cursor: select the node of that table, if the plan has one. */
  selectTable(name: string): boolean {
    const v = nodeForTable(this.view, name);
    if (!v) return false;
    if (v.id !== this.selected) this.select(v.id, { user: false });
    return true;
  }

  /** Builds the panel of tab `index` (1..3) if it is not built yet. */
  showTab(index: number): void {
    const lazy = this.lazy[index - 1];
    if (!lazy || lazy.built) return;
    lazy.built = true;
    lazy.panel.append(lazy.build());
  }

  private wire(tabs: HTMLElement): void {
    tabs.addEventListener('vsc-tabs-select', (e) => {
      const index = (e as CustomEvent<{ selectedIndex?: unknown }>).detail?.selectedIndex;
      if (typeof index === 'number') this.showTab(index);
    });
    const pickRow = (e: Event) => {
      const row = (e.target as Element).closest('tr[data-id]');
      if (row) this.select(Number(row.getAttribute('data-id')), { user: true });
    };
    tabs.addEventListener('click', (e) => {
      const target = e.target as Element;
      const copy = target.closest('[data-copy]');
      if (copy) {
        const block = this.opts.raw[Number(copy.getAttribute('data-copy'))];
        if (block) this.opts.post({ type: 'copyText', text: block.text });
        return;
      }
      if (target.closest('[data-action="reveal"]')) {
        this.reveal(this.selected);
        return;
      }
      if (target.closest('.grid')) pickRow(e);
    });
  }
}
