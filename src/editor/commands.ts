import * as vscode from 'vscode';
import { addConnection } from './addConnection';
import { importConnections } from './importConnections';
import { openSampleQueries } from './samples';
import { visualizeExplain } from './visualize';
import { copyPlanText, exportReport } from './exportReport';
import type { ReportPanel } from './reportPanel';
import { describe, type ConnectionStore, type SavedConnection } from './connections';
import type { Explainer } from './explain';
import type { TableCommandId } from './commandIds';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  panel: ReportPanel;
  store: ConnectionStore;
  explainer: Explainer;
  log: vscode.LogOutputChannel;
}

type Handler = (...args: unknown[]) => unknown;

/** Every command id, with its handler; package.json contributes the same ids. */
export function commandTable(d: CommandDeps): Record<TableCommandId, Handler> {
  return {
    'mysqlQueryTuner.explainProfile': (uri, range) => d.explainer.explainEditor(uri, range),
    'mysqlQueryTuner.addConnection': (arg) => addConnection(d.store, arg),
    'mysqlQueryTuner.selectConnection': () => selectConnection(d.store),
    'mysqlQueryTuner.removeConnection': () => removeConnection(d.store),
    'mysqlQueryTuner.showLog': () => d.log.show(),
    'mysqlQueryTuner.importConnections': () => importConnections(d.store),
    'mysqlQueryTuner.openSamples': () => openSampleQueries(d.extensionUri),
    'mysqlQueryTuner.visualizeExplain': () => visualizeExplain(d.panel),
    'mysqlQueryTuner.exportReport': () => exportReport(d.panel, d.extensionUri),
    'mysqlQueryTuner.copyPlanText': () => copyPlanText(d.panel),
  };
}

export function registerCommands(d: CommandDeps, subscriptions: vscode.Disposable[]): void {
  for (const [id, handler] of Object.entries(commandTable(d))) subscriptions.push(vscode.commands.registerCommand(id, handler));
}

async function selectConnection(store: ConnectionStore): Promise<SavedConnection | undefined> {
  const active = store.active();
  const items: Array<vscode.QuickPickItem & { conn?: SavedConnection }> = store.list().map((c) => ({
    label: `${c.name === active?.name ? '$(check) ' : ''}${c.name}`, description: describe(c), conn: c,
  }));
  items.push({ label: `$(add) ${vscode.l10n.t('Add Connection…')}` });
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('MySQL Query Tuner: connection'), placeHolder: vscode.l10n.t('Select the connection to analyse queries on') });
  if (!pick) return undefined;
  if (!pick.conn) return addConnection(store);
  await store.setActive(pick.conn.name);
  return pick.conn;
}

async function removeConnection(store: ConnectionStore): Promise<void> {
  const pick = await vscode.window.showQuickPick(store.list().map((c) => ({ label: c.name, description: describe(c) })), { title: vscode.l10n.t('Remove which connection?') });
  if (!pick) return;
  await store.remove(pick.label);
  void vscode.window.showInformationMessage(vscode.l10n.t('Removed connection {0} and its stored password.', pick.label));
}
