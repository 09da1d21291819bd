import * as vscode from 'vscode';
import { S, type HintTable } from '../../core/hints/packed';
import { SECTION, type HintCache } from './analysis';
import { mapInTurns } from './turns';

/** A lens before its command is resolved: where it goes, and where its statement is in the table (three objects a lens). */
class StatementLens extends vscode.CodeLens {
  constructor(
    readonly uri: vscode.Uri,
    readonly table: HintTable,
    readonly index: number,
  ) {
    const at = new vscode.Position(table.statementAt(index, S.line), table.statementAt(index, S.char));
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
    const table = (await this.cache.analyze(doc))?.table;
    if (!table) return [];
    // In turns: a 30,000-line file has thousands of statements. Positions come from the worker.
    return mapInTurns(
      table.statementCount,
      (i) => (table.statementAt(i, S.explainable) ? new StatementLens(doc.uri, table, i) : undefined),
      () => token?.isCancellationRequested === true,
    );
  }

  resolveCodeLens(lens: StatementLens): StatementLens {
    lens.command = {
      title: vscode.l10n.t('Explain & Profile'),
      command: 'mysqlQueryTuner.explainProfile',
      arguments: [
        lens.uri,
        new vscode.Range(lens.range.start, new vscode.Position(lens.table.statementAt(lens.index, S.endLine), lens.table.statementAt(lens.index, S.endChar))),
      ],
      tooltip: 'Explain and profile this statement on the active connection',
    };
    return lens;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
