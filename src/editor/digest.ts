import * as vscode from 'vscode';
import type { ConnectionStore } from './connections';
import type { Explainer } from './analysisCommands';
import { SlowLogCommand } from './slowLog';
import { TopStatementsTree } from './topStatements';

/** Which statements to tune: the Top Statements view and Analyze Slow Log. */
export function registerDigest(d: { extensionUri: vscode.Uri; store: ConnectionStore; explainer: Explainer; log: vscode.LogOutputChannel }, subs: vscode.Disposable[]): void {
  new TopStatementsTree(d.store, d.explainer, d.log).register(subs);
  new SlowLogCommand(d.extensionUri, d.explainer, d.log).register(subs);
}
