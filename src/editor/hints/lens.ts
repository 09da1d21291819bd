import * as vscode from 'vscode';
import { SECTION, toRange, type HintCache } from './analysis';
import { mapInTurns } from './turns';

/** "Explain & Profile" above each statement EXPLAIN can analyse; the command gets (uri, range). */
export class ExplainLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: HintCache) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true)) return [];
    const title = vscode.l10n.t('Explain & Profile');
    // In turns: a 30,000-line file has thousands of statements.
    return mapInTurns(await this.cache.statements(doc), (s) => {
      if (!s.explainable) return undefined;
      const range = toRange(doc, s);
      return new vscode.CodeLens(new vscode.Range(range.start, range.start), {
        title, command: 'mysqlQueryTuner.explainProfile', arguments: [doc.uri, range],
        tooltip: 'Explain and profile this statement on the active connection',
      });
    }, () => token?.isCancellationRequested === true);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
