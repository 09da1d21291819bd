import * as vscode from 'vscode';
import { registerCommands } from './editor/commands';
import { ConnectionStore, showConnectionWarnings } from './editor/connections';
import { Explainer } from './editor/explain';
import { ReportPanel } from './editor/reportPanel';
import { registerStatusBar } from './editor/statusBar';
import { RunHistory } from './editor/history';
import { registerSidePanel } from './editor/sidePanel';
import { profileAll } from './editor/batch';
import { StaticPanel } from './editor/staticHtml';
import { registerHints } from './editor/hints';
import { registerDigest } from './editor/digest';
import { registerAdvice } from './editor/advice';

/** The composition root: builds every service once and hands each its disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const subs = context.subscriptions;
  const log = vscode.window.createOutputChannel('MySQL Query Tuner', { log: true });
  const diagnostics = vscode.languages.createDiagnosticCollection('mysqlQueryTuner');
  const store = new ConnectionStore(context);
  showConnectionWarnings(log);
  // The panel's "Run again" button calls back into the explainer that feeds it.
  const rerun = { run: (): Promise<void> => Promise.resolve(), cancel: (): void => undefined };
  const panel = new ReportPanel(context.extensionUri, () => void rerun.run(), context.workspaceState, () => rerun.cancel());
  subs.push(vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, panel));
  const explainer = new Explainer(store, panel, log, diagnostics);
  rerun.run = () => explainer.rerun();
  rerun.cancel = () => explainer.cancel();
  subs.push(log, diagnostics, store, panel, explainer);
  // A changed connection (or password) must not keep using the old server session.
  store.onDidChange(() => void explainer.resetSession(), null, subs);
  registerStatusBar(store, subs);
  registerCommands({ extensionUri: context.extensionUri, panel, store, explainer, log }, subs);
  const history = new RunHistory(context.workspaceState);
  const batchPanel = new StaticPanel('mysqlQueryTuner.batch', context.extensionUri, ['mysqlQueryTuner.openRun']);
  subs.push(history, batchPanel, vscode.commands.registerCommand('mysqlQueryTuner.profileAll', () => profileAll(store, history, batchPanel, log)));
  registerSidePanel({ extensionUri: context.extensionUri, explainer, history, reportPanel: panel }, subs);
  registerDigest({ extensionUri: context.extensionUri, store, explainer, log }, subs);
  registerAdvice({ store, log }, subs);
  registerHints({
    log,
    workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'hintWorker.js').fsPath,
    hasReports: (uri) => explainer.hasReports(uri),
    schemaFor: () => explainer.schema(),
    reportFor: (uri, range) => {
      // Called per statement when hints are checked: most files were never analysed.
      if (!explainer.hasReports(uri)) return undefined;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      return doc ? explainer.reportFor(uri, doc.getText(range)) : undefined;
    },
  }, subs);
  log.info('MySQL Query Tuner activated');
}

export function deactivate(): void {
  // Disposables in context.subscriptions close the server sessions.
}
