import * as vscode from 'vscode';
import { SECTION, toRange, type HintCache } from './analysis';

/** "Explain & Profile" above each statement EXPLAIN can analyse; the command gets (uri, range). */
export class ExplainLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: HintCache) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true)) return [];
    const out: vscode.CodeLens[] = [];
    for (const s of await this.cache.statements(doc)) {
      if (!s.explainable) continue;
      const range = toRange(doc, s);
      out.push(new vscode.CodeLens(new vscode.Range(range.start, range.start), {
        title: vscode.l10n.t('Explain & Profile'), command: 'mysqlQueryTuner.explainProfile', arguments: [doc.uri, range],
        tooltip: 'Explain and profile this statement on the active connection',
      }));
    }
    return out;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
