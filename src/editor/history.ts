import * as vscode from 'vscode';
import type { Report } from '../core/report/model';
import { boundEntries, trimForStorage } from '../core/report/storage';
import { oneLine } from '../core/report/text';
import { fmtMs, fmtNum } from '../core/report/view';

export interface HistoryEntry {
  id: string;
  /** The statement, whitespace-normalised: runs of one statement share it. */
  key: string;
  connection: string;
  uri?: string;
  report: Report;
}

const STATE_KEY = 'mysqlQueryTuner.history';
const MAX_ENTRIES = 100;
/** Workspace state is read whole at startup: keep the history small. */
const MAX_BYTES = 4 * 1024 * 1024;
const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Runs of each statement in this workspace, newest first; kept in workspace state. */
export class RunHistory implements vscode.Disposable {
  private entries: HistoryEntry[];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private seq = 0;
  /** The run id of each report added this session (batch summaries link to them). */
  private readonly ids = new WeakMap<Report, string>();

  constructor(private readonly state: vscode.Memento) {
    // Older versions kept raw outputs and had no byte bound: trim what was saved then too.
    const saved = state.get<HistoryEntry[]>(STATE_KEY, []).filter((e) => e && typeof e.id === 'string' && e.report);
    this.entries = boundEntries(
      saved.map((e) => ({ ...e, report: trimForStorage(e.report) })),
      MAX_ENTRIES,
      MAX_BYTES,
    );
    this.seq = this.entries.length;
  }

  add(report: Report, connection: string, uri?: vscode.Uri): HistoryEntry {
    // Raw outputs can be large; the parsed plan is kept.
    const slim = trimForStorage(report);
    const entry: HistoryEntry = { id: `${Date.now().toString(36)}-${(this.seq++).toString(36)}`, key: normalise(report.statement), connection, report: slim };
    if (uri) entry.uri = uri.toString();
    this.ids.set(report, entry.id);
    this.entries = boundEntries([entry, ...this.entries], MAX_ENTRIES, MAX_BYTES);
    void this.state.update(STATE_KEY, this.entries);
    this.changed.fire();
    return entry;
  }

  idOf(report: Report): string | undefined {
    return this.ids.get(report);
  }

  get(id: string): HistoryEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Statements in order of their latest run, each with its runs newest first. */
  statements(): Array<{ key: string; runs: HistoryEntry[] }> {
    const groups = new Map<string, HistoryEntry[]>();
    for (const e of this.entries) groups.set(e.key, [...(groups.get(e.key) ?? []), e]);
    return [...groups].map(([key, runs]) => ({ key, runs }));
  }

  /** The run of the same statement just before `id`. */
  previous(id: string): HistoryEntry | undefined {
    const e = this.get(id);
    if (!e) return undefined;
    const runs = this.entries.filter((x) => x.key === e.key);
    return runs[runs.indexOf(e) + 1];
  }

  async clear(): Promise<void> {
    this.entries = [];
    await this.state.update(STATE_KEY, []);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

type Node = { kind: 'statement'; key: string; runs: HistoryEntry[] } | { kind: 'run'; entry: HistoryEntry };

/** The History view: statements, and under each its runs. */
export class HistoryTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly history: RunHistory) {
    history.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.history.statements().map((s) => ({ kind: 'statement', key: s.key, runs: s.runs }));
    return node.kind === 'statement' ? node.runs.map((entry) => ({ kind: 'run', entry })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'statement') {
      const item = new vscode.TreeItem(oneLine(node.key, 60), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
      item.tooltip = node.key;
      item.iconPath = new vscode.ThemeIcon('symbol-event');
      item.contextValue = 'statement';
      return item;
    }
    const r = node.entry.report;
    const when = new Date(r.createdAt).toLocaleTimeString();
    const item = new vscode.TreeItem(r.execution.executed ? `${fmtMs(r.execution.ms)}` : 'not executed', vscode.TreeItemCollapsibleState.None);
    item.description = `${when} · ${fmtNum(r.execution.rows)} rows · ${node.entry.connection}`;
    item.iconPath = new vscode.ThemeIcon(r.execution.executed ? 'pulse' : 'circle-slash');
    item.contextValue = 'run';
    item.command = { command: 'mysqlQueryTuner.openRun', title: vscode.l10n.t('Open Report'), arguments: [node.entry.id] };
    item.id = node.entry.id;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The id of a run from a tree node or a command argument. */
export function runId(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const n = arg as { kind?: string; entry?: HistoryEntry } | undefined;
  return n?.kind === 'run' ? n.entry?.id : undefined;
}
