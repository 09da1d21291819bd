import * as vscode from 'vscode';
import { SECTION, type HintCache } from './analysis';
import { mapInTurns } from './turns';

/** A lens before its command is resolved: where it goes, and the statement's offsets (three objects a lens). */
class StatementLens extends vscode.CodeLens {
  constructor(
    readonly doc: vscode.TextDocument,
    at: vscode.Position,
    readonly end: number,
  ) {
    super(new vscode.Range(at, at));
  }
}

/**
 * "Explain & Profile" above each statement EXPLAIN can analyse; the command gets (uri, range).
 * The command is made in resolveCodeLens, which the editor calls only for lenses in view: a
 * 30,000-line file has thousands of statements, and each command is objects kept alive.
 */
export class ExplainLens implements vscode.CodeLensProvider<StatementLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly cache: HintCache) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token?: vscode.CancellationToken): Promise<StatementLens[]> {
    if (!vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true)) return [];
    // In turns: a 30,000-line file has thousands of statements.
    return mapInTurns(
      await this.cache.statements(doc),
      (s) => (s.explainable ? new StatementLens(doc, doc.positionAt(s.start), s.end) : undefined),
      () => token?.isCancellationRequested === true,
    );
  }

  resolveCodeLens(lens: StatementLens): StatementLens {
    lens.command = {
      title: vscode.l10n.t('Explain & Profile'),
      command: 'mysqlQueryTuner.explainProfile',
      arguments: [lens.doc.uri, new vscode.Range(lens.range.start, lens.doc.positionAt(lens.end))],
      tooltip: 'Explain and profile this statement on the active connection',
    };
    return lens;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
