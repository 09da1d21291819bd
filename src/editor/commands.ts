import * as vscode from 'vscode';
import { addConnection } from './addConnection';
import { compareRewrite, explainProfile, profileAll } from './analysisCommands';
import type { AdviceCommands } from './advice';
import type { CommandId, InternalCommandId } from './commandIds';
import { describe, type ConnectionStore, type SavedConnection } from './connections';
import type { AnalysisController } from './controller';
import type { DigestViews } from './digest';
import { copyPlanText, exportReport } from './exportReport';
import { copyDdl } from './hints/actions';
import type { RunHistory } from './history';
import { importConnections } from './importConnections';
import type { ReportPanel } from './reportPanel';
import { openSampleQueries } from './samples';
import type { SidePanel } from './sidePanel';
import type { StaticPanel } from './staticHtml';
import { visualizeExplain } from './visualize';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  panel: ReportPanel;
  store: ConnectionStore;
  controller: AnalysisController;
  history: RunHistory;
  side: SidePanel;
  batchPanel: StaticPanel;
  log: vscode.LogOutputChannel;
  digest: DigestViews;
  advice: AdviceCommands;
}

type Handler = (...args: unknown[]) => unknown;

/** Every command of the extension, keyed by id: the contributed ones and the internal ones. */
export function commandTable(d: CommandDeps): Record<CommandId | InternalCommandId, Handler> {
  const { top, slowLog } = d.digest;
  return {
    'mysqlQueryTuner.explainProfile': (uri, range) => explainProfile(d.controller, uri, range),
    'mysqlQueryTuner.addConnection': (arg) => addConnection(d.store, arg),
    'mysqlQueryTuner.selectConnection': () => selectConnection(d.store),
    'mysqlQueryTuner.removeConnection': () => removeConnection(d.store),
    'mysqlQueryTuner.showLog': () => d.log.show(),
    'mysqlQueryTuner.importConnections': () => importConnections(d.store),
    'mysqlQueryTuner.openSamples': () => openSampleQueries(d.extensionUri),
    'mysqlQueryTuner.visualizeExplain': () => visualizeExplain(d.panel),
    'mysqlQueryTuner.exportReport': () => exportReport(d.panel, d.extensionUri),
    'mysqlQueryTuner.copyPlanText': () => copyPlanText(d.panel),
    'mysqlQueryTuner.profileAll': () => profileAll(d.controller, d.history, d.batchPanel),
    'mysqlQueryTuner.refreshCounters': () => d.side.refreshCounters(),
    'mysqlQueryTuner.openRun': (arg) => d.side.openRun(arg),
    'mysqlQueryTuner.compareWithPrevious': (arg) => d.side.compareWithPrevious(arg),
    'mysqlQueryTuner.selectForCompare': (arg) => d.side.selectForCompare(arg),
    'mysqlQueryTuner.compareWithSelected': (arg) => d.side.compareWithSelected(arg),
    'mysqlQueryTuner.clearHistory': () => d.history.clear(),
    'mysqlQueryTuner.compareRewrite': (original, rewritten) => compareRewrite(d.controller, d.side.compare, original, rewritten),
    'mysqlQueryTuner.refreshTopStatements': () => top.refresh(),
    'mysqlQueryTuner.sortTopStatements': () => top.pickSort(),
    'mysqlQueryTuner.toggleOwnTopStatements': () => top.toggleOwn(),
    'mysqlQueryTuner.openTopStatement': (digest, schema) => top.open(digest, schema),
    'mysqlQueryTuner.analyzeSlowLog': (uri) => slowLog.analyze(uri instanceof vscode.Uri ? uri : undefined),
    'mysqlQueryTuner.sortSlowLog': (sort) => slowLog.sort(sort),
    'mysqlQueryTuner.openDigestSample': (index) => slowLog.open(index),
    'mysqlQueryTuner.adviseIndexes': () => d.advice.advise(),
    'mysqlQueryTuner.copyCreateIndex': (ddl, evidence) => d.advice.copyIndex(ddl, evidence),
    'mysqlQueryTuner.hints.copyDdl': (ddl) => copyDdl(ddl),
  };
}

export function registerCommands(d: CommandDeps, subscriptions: vscode.Disposable[]): void {
  for (const [id, handler] of Object.entries(commandTable(d))) subscriptions.push(vscode.commands.registerCommand(id, handler));
}

/** Also what an analysis asks for when no connection is active (a direct call, not a command round trip). */
export async function selectConnection(store: ConnectionStore): Promise<SavedConnection | undefined> {
  const active = store.active();
  const items: Array<vscode.QuickPickItem & { conn?: SavedConnection }> = store.list().map((c) => ({
    label: `${c.name === active?.name ? '$(check) ' : ''}${c.name}`,
    description: describe(c),
    conn: c,
  }));
  items.push({ label: `$(add) ${vscode.l10n.t('Add Connection…')}` });
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('MySQL Query Tuner: connection'),
    placeHolder: vscode.l10n.t('Select the connection to analyse queries on'),
  });
  if (!pick) return undefined;
  if (!pick.conn) return addConnection(store);
  await store.setActive(pick.conn.name);
  return pick.conn;
}

async function removeConnection(store: ConnectionStore): Promise<void> {
  const pick = await vscode.window.showQuickPick(
    store.list().map((c) => ({ label: c.name, description: describe(c) })),
    { title: vscode.l10n.t('Remove which connection?') },
  );
  if (!pick) return;
  await store.remove(pick.label);
  void vscode.window.showInformationMessage(vscode.l10n.t('Removed connection {0} and its stored password.', pick.label));
}
