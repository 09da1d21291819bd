import * as vscode from 'vscode';
import { registerCommands, selectConnection } from './editor/commands';
import { ConnectionStore, showConnectionWarnings } from './editor/connections';
import { AnalysisController, type Analyzed, type ProgressEvent } from './editor/controller';
import { explainProfile } from './editor/analysisCommands';
import { registerDigest } from './editor/digest';
import { registerAdvice } from './editor/advice';
import { registerHints } from './editor/hints';
import { lateSteps } from './editor/lateSteps';
import { RunHistory } from './editor/history';
import { ReportIndex } from './editor/reportIndex';
import { ReportPanel } from './editor/reportPanel';
import { showRunErrors } from './editor/runDiagnostics';
import { SidePanel } from './editor/sidePanel';
import { StaticPanel } from './editor/staticHtml';
import { registerStatusBar } from './editor/statusBar';
import { registerWalkthroughContext } from './editor/walkthrough';
import { whenIdle } from './editor/idle';

/** The composition root: builds every service once, wires them to the analysis event, registers the commands. */
export function activate(context: vscode.ExtensionContext): void {
  const subs = context.subscriptions;
  const log = vscode.window.createOutputChannel('MySQL Query Tuner', { log: true });
  const diagnostics = vscode.languages.createDiagnosticCollection('mysqlQueryTuner');
  const store = new ConnectionStore(context);
  showConnectionWarnings(log);
  const controller = new AnalysisController(
    store,
    log,
    () => selectConnection(store),
    () => panel.whenShown(),
  );
  // The panel's Run again and Cancel buttons call the controller directly.
  const panel = new ReportPanel(
    context.extensionUri,
    () => void controller.rerun(),
    context.workspaceState,
    () => controller.cancel(),
  );
  subs.push(vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, panel));
  const history = new RunHistory(context.workspaceState);
  const side = new SidePanel(context.extensionUri, controller, history, panel);
  const batchPanel = new StaticPanel('mysqlQueryTuner.batch', context.extensionUri, ['mysqlQueryTuner.openRun']);
  const reports = new ReportIndex();
  subs.push(log, diagnostics, store, controller, panel, history, side, batchPanel);
  // A changed connection (or password) must not keep using the old server session.
  store.onDidChange(() => void controller.resetSession(), null, subs);
  registerStatusBar(store, subs);
  registerWalkthroughContext(store, context.extension.id, subs);
  const hints = registerHints(
    {
      log,
      workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'hintWorker.js').fsPath,
      reportsOf: (uri) => reports.reportsOf(uri),
      schemaFor: () => controller.schema(),
      reportFor: (uri, range) => {
        // Called per statement when hints are checked: most files were never analysed.
        if (!reports.hasReports(uri)) return undefined;
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        return doc ? reports.reportFor(uri, doc.getText(range)) : undefined;
      },
    },
    subs,
  );

  wireViews(controller, { reports, history, side, diagnostics, hints, panel }, subs);

  const digest = registerDigest(
    { extensionUri: context.extensionUri, store, explainer: { explainEditor: (uri, range) => explainProfile(controller, uri, range) }, log },
    subs,
  );
  const advice = registerAdvice({ store, log }, subs);
  registerCommands({ extensionUri: context.extensionUri, panel, store, controller, history, side, batchPanel, log, digest, advice }, subs);
  // The first Explain & Profile should not wait for the driver, the parser, the page or the
  // password: all are loaded once the editor is quiet (no connection opened), again when a
  // connection is added.
  const warm = () => warmUp(store, controller, panel, log, subs);
  subs.push(whenIdle(warm));
  store.onDidChange(() => subs.push(whenIdle(warm)), null, subs);
  log.info('MySQL Query Tuner activated');
}

/** Loads what a first analysis needs, in idle time; the parser, the biggest, in quiet moments of its own. */
function warmUp(store: ConnectionStore, controller: AnalysisController, panel: ReportPanel, log: vscode.LogOutputChannel, subs: vscode.Disposable[]): void {
  if (vscode.workspace.isTrusted) store.prefetchSecrets();
  controller.preloadDriver();
  panel.preload().catch((e: unknown) => log.warn(`Could not read the report page: ${String(e)}`));
  subs.push(
    whenIdle(() => {
      controller.preloadParser('load');
      subs.push(whenIdle(() => controller.preloadParser('parse')));
    }),
  );
}

interface Views {
  reports: ReportIndex;
  history: RunHistory;
  side: SidePanel;
  diagnostics: vscode.DiagnosticCollection;
  hints: ReturnType<typeof registerHints>;
  panel: ReportPanel;
}

/** Every analysis, whichever path ran it, reaches every view through the controller's events. */
function wireViews(controller: AnalysisController, v: Views, subs: vscode.Disposable[]): void {
  const others = (a: Analyzed) => {
    v.reports.add(a);
    v.history.add(a.report, a.source.connection, a.source.uri);
    v.side.counters.showReport(a.report, a.source.connection);
    showRunErrors(v.diagnostics, a);
    if (a.source.uri) v.hints.analysed(a.source.uri);
  };
  const progressOf = (p: ProgressEvent) => v.panel.post({ type: 'progress', statement: p.statement, step: p.step, connection: p.label });
  const rerunSteps = lateSteps(progressOf);
  subs.push({ dispose: () => rerunSteps.end() });
  controller.onDidAnalyze(
    (a) => {
      if (a.source.origin === 'rerun') rerunSteps.end();
      if (a.source.origin === 'single' || a.source.origin === 'rerun') {
        // The report first; the other views once it is on screen, so they do not compete with it.
        v.panel.showAnalysis(a);
        void v.panel.whenShown().then(() => others(a));
      } else others(a);
    },
    null,
    subs,
  );
  controller.onDidProgress(
    (p) => {
      if (p.origin === 'single') progressOf(p);
      else if (p.origin === 'rerun') rerunSteps.step(p);
    },
    null,
    subs,
  );
  controller.onDidLive(
    (l) => {
      if (l.origin === 'single' || l.origin === 'rerun') v.panel.post({ type: 'live', statement: l.statement, update: l.update, connection: l.label });
    },
    null,
    subs,
  );
  controller.onDidFail(
    (f) => {
      if (f.origin === 'rerun') rerunSteps.end();
      if (f.origin === 'single' || f.origin === 'rerun') v.panel.post({ type: 'error', statement: f.statement, message: f.message, connection: f.label });
    },
    null,
    subs,
  );
}

export function deactivate(): void {
  // Disposables in context.subscriptions close the server sessions.
}
