import * as vscode from 'vscode';
import { describe, type ConnectionStore } from './connections';

/** Shows the active connection; a click switches it. */
export function registerStatusBar(store: ConnectionStore, subscriptions: vscode.Disposable[]): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('mysqlQueryTuner.connection', vscode.StatusBarAlignment.Left, 50);
  item.name = 'MySQL Query Tuner connection';
  item.command = 'mysqlQueryTuner.selectConnection';
  const update = () => {
    const active = store.active();
    item.text = active ? `$(database) ${active.name}` : '$(database) No MySQL connection';
    item.tooltip = active ? `MySQL Query Tuner: ${describe(active)} (TLS ${active.tls ?? 'preferred'}). Click to switch.` : 'MySQL Query Tuner: click to add or select a connection';
    item.show();
  };
  update();
  store.onDidChange(update, null, subscriptions);
  subscriptions.push(item);
  return item;
}
