import * as vscode from 'vscode';
import type { ConnectionStore } from './connections';
import type { Explainer } from './analysisCommands';
import { SlowLogCommand } from './slowLog';
import { TopStatementsTree } from './topStatements';

export interface DigestViews {
  top: TopStatementsTree;
  slowLog: SlowLogCommand;
}

/** Which statements to tune: the Top Statements view and Analyze Slow Log (their commands are in the command table). */
export function registerDigest(
  d: { extensionUri: vscode.Uri; store: ConnectionStore; explainer: Explainer; log: vscode.LogOutputChannel },
  subs: vscode.Disposable[],
): DigestViews {
  const top = new TopStatementsTree(d.store, d.explainer, d.log);
  const slowLog = new SlowLogCommand(d.extensionUri, d.explainer, d.log);
  top.register(subs);
  slowLog.register(subs);
  return { top, slowLog };
}
