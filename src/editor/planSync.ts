import * as vscode from 'vscode';
import { locateTables, tableAt, type TableRef } from '../core/sql/locate';

interface Source {
  uri: vscode.Uri;
  /** Document offset where the analysed statement starts. */
  start: number;
  statement: string;
  refs: TableRef[];
}

const SELECTION_DEBOUNCE_MS = 150;

/**
 * Keeps the plan view and the SQL editor in step: a selected plan node highlights its table
 * reference in the editor, and the cursor on a table reference selects its node.
 */
export class PlanSync implements vscode.Disposable {
  private source: Source | undefined;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '2px',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  /** The join condition of the highlighted table: quieter than the table itself. */
  private readonly relatedDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightBackground'),
    borderColor: new vscode.ThemeColor('editor.wordHighlightBorder'),
    borderStyle: 'dotted',
    borderWidth: '1px',
  });
  private readonly disposables: vscode.Disposable[] = [this.decoration, this.relatedDecoration];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastName: string | undefined;

  constructor(private readonly onTable: (name: string) => void) {
    vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e), null, this.disposables);
  }

  /**
   * The statement the plan view shows sits at `range` of `uri` (possibly with whitespace around it);
   * `tables`: its table references from the report (located once, in the pipeline).
   */
  setSource(uri: vscode.Uri, range: vscode.Range, statement: string, tables?: readonly TableRef[]): void {
    this.clearHighlight();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc || !statement) {
      this.source = undefined;
      return;
    }
    const rangeText = doc.getText(range);
    const inside = rangeText.indexOf(statement);
    const lead = inside >= 0 ? inside : rangeText.length - rangeText.trimStart().length;
    this.source = { uri, start: doc.offsetAt(range.start) + lead, statement, refs: tables ? [...tables] : locateTables(statement) };
    this.lastName = undefined;
  }

  clear(): void {
    this.clearHighlight();
    this.source = undefined;
  }

  /** Highlights [start, end) of the statement in its editor, opening it beside the plan if hidden. */
  async reveal(start: number, end: number, related: ReadonlyArray<{ start: number; end: number }> = []): Promise<void> {
    const src = this.source;
    if (!src || end > src.statement.length || start > end) return;
    const fits = related.filter((r) => r.start <= r.end && r.end <= src.statement.length);
    let editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === src.uri.toString());
    if (!editor) {
      const doc = await vscode.workspace.openTextDocument(src.uri);
      editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: true, preview: false });
    }
    const doc = editor.document;
    const range = new vscode.Range(doc.positionAt(src.start + start), doc.positionAt(src.start + end));
    editor.setDecorations(this.decoration, [range]);
    editor.setDecorations(
      this.relatedDecoration,
      fits.map((r) => new vscode.Range(doc.positionAt(src.start + r.start), doc.positionAt(src.start + r.end))),
    );
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private clearHighlight(): void {
    for (const e of vscode.window.visibleTextEditors) {
      e.setDecorations(this.decoration, []);
      e.setDecorations(this.relatedDecoration, []);
    }
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const src = this.source;
    if (!src || e.textEditor.document.uri.toString() !== src.uri.toString()) return;
    const offset = e.textEditor.document.offsetAt(e.selections[0].active) - src.start;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (offset < 0 || offset > src.statement.length) return;
      const name = tableAt(src.statement, offset, src.refs);
      if (name && name !== this.lastName) {
        this.lastName = name;
        this.onTable(name);
      } else if (!name) this.lastName = undefined;
    }, SELECTION_DEBOUNCE_MS);
  }

  /** Edits move the statement: find it again, or stop syncing when it no longer exists as analysed. */
  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const src = this.source;
    if (!src || e.document.uri.toString() !== src.uri.toString() || e.contentChanges.length === 0) return;
    const doc = e.document;
    const at = doc.getText(new vscode.Range(doc.positionAt(src.start), doc.positionAt(src.start + src.statement.length)));
    if (at === src.statement) return;
    const text = doc.getText();
    const found = text.indexOf(src.statement);
    if (found >= 0) src.start = found;
    else this.clear();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
