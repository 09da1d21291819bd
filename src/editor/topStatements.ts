import * as vscode from 'vscode';
import { fetchTop, type TopResult, type TopStatement } from '../core/digest';
import { AnalysisError } from '../core/session/errors';
import type { ConnectionStore } from './connections';
import { openDigestStatement } from './digestSample';
import type { Explainer } from './analysisCommands';
import { workspaceTrust } from './controller';

export const TOP_VIEW_ID = 'mysqlQueryTuner.topStatements';

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 0)} ms`);
const count = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}M` : x >= 1e4 ? `${Math.round(x / 1e3)}k` : String(x));

/** Each sort, and the figure each row leads with under it (the side bar is narrow: a description is cut first). */
const SORTS = {
  total: { label: 'Total time', value: (r: TopStatement) => r.totalMs, figure: (r: TopStatement) => ms(r.totalMs) },
  calls: { label: 'Calls', value: (r: TopStatement) => r.calls, figure: (r: TopStatement) => `${r.calls}×` },
  avg: { label: 'Average time', value: (r: TopStatement) => r.avgMs, figure: (r: TopStatement) => `${ms(r.avgMs)} avg` },
  examined: { label: 'Rows examined', value: (r: TopStatement) => r.rowsExamined, figure: (r: TopStatement) => `${count(r.rowsExamined)} examined` },
  noIndex: { label: 'No index used', value: (r: TopStatement) => r.noIndexUsed, figure: (r: TopStatement) => `${r.noIndexUsed} no index` },
} as const;
type Sort = keyof typeof SORTS;

type Node = { kind: 'row'; row: TopStatement } | { kind: 'message'; text: string; detail?: string };

const oneLine = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
/** Top Statements: performance_schema's digests on the active connection, ranked. */
export class TopStatementsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: (TopResult & { connection: string }) | undefined;
  private error: string | undefined;
  private loading: Promise<void> | undefined;
  private sortBy: Sort = 'total';
  /** The tool's own statements too (SET, SHOW, EXPLAIN…), and ANALYZE runs apart from their statement. */
  private all = false;
  private view: vscode.TreeView<Node> | undefined;

  constructor(
    private readonly store: ConnectionStore,
    private readonly explainer: Explainer,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  register(subs: vscode.Disposable[]): void {
    this.view = vscode.window.createTreeView(TOP_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    subs.push(
      this,
      this.view,
      // Read when first shown, and again when the active connection changes while it shows.
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && !this.result && !this.error) void this.refresh();
      }),
      this.store.onDidChange(() => {
        this.result = undefined;
        this.error = undefined;
        if (this.view?.visible) void this.refresh();
        else this.changed.fire();
      }),
    );
    if (this.view.visible) void this.refresh();
  }

  /** The tool's own statements shown too, or hidden again. */
  toggleOwn(): Promise<void> {
    this.all = !this.all;
    this.describe();
    return this.refresh();
  }

  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const conn = this.store.active();
    if (!conn) {
      this.result = undefined;
      this.error = undefined;
      this.changed.fire();
      return;
    }
    try {
      const top = await vscode.window.withProgress({ location: { viewId: TOP_VIEW_ID } }, async () =>
        fetchTop(await this.store.spec(conn), { limit: 100, all: this.all, gate: workspaceTrust }),
      );
      this.result = { ...top, connection: conn.name };
      this.error = undefined;
      this.log.info(`Top statements on ${conn.name}: ${top.rows.length} digests, samples from ${top.sampleSource}, ${top.hidden} of the tool's own hidden`);
    } catch (e) {
      this.result = undefined;
      this.error = e instanceof AnalysisError ? e.message : `Cannot read the top statements: ${(e as Error).message}`;
      this.log.warn(this.error);
    }
    this.describe();
    this.changed.fire();
  }

  /** The sort when it is not by total time, and what is hidden or shown. */
  private describe(): void {
    if (!this.view) return;
    const parts: string[] = [];
    if (this.sortBy !== 'total') parts.push(vscode.l10n.t('by {0}', SORTS[this.sortBy].label.toLowerCase()));
    if (this.all) parts.push(vscode.l10n.t('all statements'));
    else if (this.result?.hidden) parts.push(vscode.l10n.t('{0} own hidden', this.result.hidden));
    this.view.description = parts.length ? parts.join(' · ') : undefined;
  }

  async pickSort(): Promise<void> {
    const items = (Object.keys(SORTS) as Sort[]).map((k) => ({
      label: SORTS[k].label,
      key: k,
      picked: k === this.sortBy,
      description: k === this.sortBy ? vscode.l10n.t('current') : '',
    }));
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort top statements by') });
    if (!pick) return;
    this.sortBy = pick.key;
    this.describe();
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (node) return [];
    if (!this.store.active()) return [{ kind: 'message', text: vscode.l10n.t('No connection: add or select one to see its top statements.') }];
    if (this.error) return [{ kind: 'message', text: this.error, detail: 'error' }];
    if (!this.result) return [{ kind: 'message', text: vscode.l10n.t('Loading…') }];
    if (!this.result.rows.length) return [{ kind: 'message', text: vscode.l10n.t('performance_schema has no statement digests yet.') }];
    const value = SORTS[this.sortBy].value;
    return [...this.result.rows].sort((a, b) => value(b) - value(a) || b.totalMs - a.totalMs).map((row) => ({ kind: 'row', row }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon(node.detail === 'error' ? 'warning' : 'info');
      item.tooltip = node.text;
      return item;
    }
    const r = node.row;
    // The figure of the current sort leads, so the ranking reads at any width (not highlighted:
    // a tree label's highlight is drawn as a filter match).
    const item = new vscode.TreeItem(`${SORTS[this.sortBy].figure(r)}  ${oneLine(r.digestText, 90)}`);
    // No item id: the summary keeps one row per schema and digest, so a digest may repeat.
    item.description = `${ms(r.totalMs)} · ${r.calls} calls${r.noIndexUsed ? ' · no index' : ''}`;
    if (r.analyzeRuns) item.description += ` · ${vscode.l10n.t('{0} analysed', r.analyzeRuns)}`;
    item.contextValue = 'digest';
    item.iconPath = new vscode.ThemeIcon(r.sample ? 'symbol-event' : 'symbol-key');
    const md = new vscode.MarkdownString();
    md.appendCodeblock(oneLine(r.digestText, 600), 'sql');
    md.appendMarkdown(
      `\n| | |\n|---|---:|\n| calls | ${r.calls} |\n| total | ${ms(r.totalMs)} |\n| average | ${ms(r.avgMs)} |\n| rows examined | ${r.rowsExamined} |\n| rows sent | ${r.rowsSent} |\n| on-disk temporary tables | ${r.tmpDiskTables} |\n| full scans | ${r.fullScans} |\n| no index used | ${r.noIndexUsed} |\n`,
    );
    if (r.analyzeRuns)
      md.appendMarkdown(
        `\n${vscode.l10n.t('{0} of the calls were Explain & Profile runs (ANALYZE FORMAT=JSON), counted with the statement.', r.analyzeRuns)}\n`,
      );
    md.appendMarkdown(
      r.sample
        ? `\n${vscode.l10n.t('Click to open its sample and run Explain & Profile.')}`
        : `\n${vscode.l10n.t('No sample statement: opens with its placeholders.')}`,
    );
    item.tooltip = md;
    item.command = { command: 'mysqlQueryTuner.openTopStatement', title: 'Open', arguments: [r.digest, r.schema] };
    return item;
  }

  async open(digest: unknown, schema?: unknown): Promise<void> {
    const rows = this.result?.rows ?? [];
    const r = rows.find((x) => x.digest === digest && (schema === undefined || x.schema === schema)) ?? rows.find((x) => x.digest === digest);
    if (!r) return;
    await openDigestStatement(this.explainer, { sample: r.sample, placeholders: r.digestText, db: r.schema });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
