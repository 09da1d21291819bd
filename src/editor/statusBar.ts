import * as vscode from 'vscode';
import { DEFAULT_TLS } from '../core/session/connection';
import { describe, type ConnectionStore } from './connections';

/** Shows the active connection; a click switches it. */
export function registerStatusBar(store: ConnectionStore, subscriptions: vscode.Disposable[]): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('mysqlQueryTuner.connection', vscode.StatusBarAlignment.Left, 50);
  item.name = 'MySQL Query Tuner connection';
  item.command = 'mysqlQueryTuner.selectConnection';
  const update = () => {
    const active = store.active();
    item.text = active ? `$(database) ${active.name}` : `$(database) ${vscode.l10n.t('No MySQL connection')}`;
    item.tooltip = active
      ? vscode.l10n.t('MySQL Query Tuner: {0} (TLS {1}). Click to switch.', describe(active), active.tls ?? DEFAULT_TLS)
      : vscode.l10n.t('MySQL Query Tuner: click to add or select a connection');
    item.show();
  };
  update();
  store.onDidChange(update, null, subscriptions);
  subscriptions.push(item);
  return item;
}
