import * as vscode from 'vscode';
import { compareReports } from '../core/report/compare';
import { comparisonFragment } from '../core/report/fragments';
import { CountersView } from './countersView';
import type { AnalysisController } from './controller';
import { HistoryTree, runId, type HistoryEntry, type RunHistory } from './history';
import type { ReportPanel } from './reportPanel';
import { StaticPanel } from './staticHtml';

/**
 * The "MySQL Tuner" activity bar container: session counters and the history of runs, with
 * compare. Its commands are in the command table (editor/commands.ts).
 */
export class SidePanel implements vscode.Disposable {
  readonly counters: CountersView;
  readonly compare: StaticPanel;
  private readonly tree: HistoryTree;
  private readonly disposables: vscode.Disposable[] = [];
  private marked: HistoryEntry | undefined;

  constructor(
    extensionUri: vscode.Uri,
    controller: AnalysisController,
    private readonly history: RunHistory,
    private readonly reportPanel: ReportPanel,
  ) {
    this.counters = new CountersView(extensionUri, () => controller.sessionStatus());
    this.tree = new HistoryTree(history);
    this.compare = new StaticPanel('mysqlQueryTuner.compare', extensionUri);
    this.disposables.push(
      this.counters,
      this.compare,
      this.tree,
      vscode.window.registerWebviewViewProvider(CountersView.viewId, this.counters),
      vscode.window.registerTreeDataProvider('mysqlQueryTuner.history', this.tree),
    );
  }

  private entry(arg: unknown): HistoryEntry | undefined {
    const id = runId(arg);
    return id ? this.history.get(id) : undefined;
  }

  private show(a: HistoryEntry, b: HistoryEntry): void {
    this.compare.show('Compare runs', comparisonFragment(compareReports(a.report, b.report)));
  }

  refreshCounters(): Promise<void> {
    return this.counters.refresh();
  }

  openRun(arg: unknown): void {
    const e = this.entry(arg);
    if (e) this.reportPanel.post({ type: 'report', report: e.report, connection: e.connection });
  }

  compareWithPrevious(arg: unknown): void {
    const e = this.entry(arg);
    const prev = e && this.history.previous(e.id);
    if (e && prev) this.show(prev, e);
    else void vscode.window.showInformationMessage(vscode.l10n.t('There is no earlier run of this statement to compare with.'));
  }

  selectForCompare(arg: unknown): void {
    this.marked = this.entry(arg);
    void vscode.commands.executeCommand('setContext', 'mysqlQueryTuner.runMarked', this.marked !== undefined);
  }

  compareWithSelected(arg: unknown): void {
    const e = this.entry(arg);
    if (e && this.marked) this.show(this.marked, e);
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
