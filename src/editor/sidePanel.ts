import * as vscode from 'vscode';
import { compareReports } from '../core/report/compare';
import { comparisonFragment } from '../core/report/fragments';
import { CountersView } from './countersView';
import type { Explainer } from './explain';
import { HistoryTree, runId, type HistoryEntry, type RunHistory } from './history';
import type { ReportPanel } from './reportPanel';
import { StaticPanel } from './staticHtml';

export interface SidePanelDeps {
  extensionUri: vscode.Uri;
  explainer: Explainer;
  history: RunHistory;
  reportPanel: ReportPanel;
}

/** The "MySQL Tuner" activity bar container: session counters and the history of runs, with compare. */
export function registerSidePanel(d: SidePanelDeps, subs: vscode.Disposable[]): { compare: StaticPanel } {
  const counters = new CountersView(d.extensionUri, () => d.explainer.sessionStatus());
  const tree = new HistoryTree(d.history);
  const compare = new StaticPanel('mysqlQueryTuner.compare', d.extensionUri);
  let marked: HistoryEntry | undefined;
  subs.push(counters, compare, tree,
    vscode.window.registerWebviewViewProvider(CountersView.viewId, counters),
    vscode.window.registerTreeDataProvider('mysqlQueryTuner.history', tree));
  d.explainer.onDidAnalyze(({ report, connection, uri }) => {
    d.history.add(report, connection, uri);
    counters.showReport(report, connection);
  }, null, subs);

  const show = (a: HistoryEntry, b: HistoryEntry) => compare.show('Compare runs', comparisonFragment(compareReports(a.report, b.report)));
  const entry = (arg: unknown) => {
    const id = runId(arg);
    return id ? d.history.get(id) : undefined;
  };
  subs.push(
    vscode.commands.registerCommand('mysqlQueryTuner.refreshCounters', () => counters.refresh()),
    vscode.commands.registerCommand('mysqlQueryTuner.openRun', (arg: unknown) => {
      const e = entry(arg);
      if (e) d.reportPanel.post({ type: 'report', report: e.report, connection: e.connection });
    }),
    vscode.commands.registerCommand('mysqlQueryTuner.compareWithPrevious', (arg: unknown) => {
      const e = entry(arg);
      const prev = e && d.history.previous(e.id);
      if (e && prev) show(prev, e);
      else void vscode.window.showInformationMessage(vscode.l10n.t('There is no earlier run of this statement to compare with.'));
    }),
    vscode.commands.registerCommand('mysqlQueryTuner.selectForCompare', (arg: unknown) => {
      marked = entry(arg);
      void vscode.commands.executeCommand('setContext', 'mysqlQueryTuner.runMarked', marked !== undefined);
    }),
    vscode.commands.registerCommand('mysqlQueryTuner.compareWithSelected', (arg: unknown) => {
      const e = entry(arg);
      if (e && marked) show(marked, e);
    }),
    vscode.commands.registerCommand('mysqlQueryTuner.clearHistory', () => d.history.clear()),
    vscode.commands.registerCommand('mysqlQueryTuner.compareRewrite', async (original: unknown, rewritten: unknown) => {
      if (typeof original !== 'string' || typeof rewritten !== 'string') return;
      const pair = await d.explainer.analyzePair(original, rewritten);
      if (!pair) return;
      compare.show('Compare with rewrite', comparisonFragment(compareReports(pair.a, pair.b)));
    }),
  );
  return { compare };
}
