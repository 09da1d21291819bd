// The commands that analyse: each builds a RunRequest and hands it to the controller.
import * as vscode from 'vscode';
import { batchTargets } from '../core/pipeline/runs';
import { compareReports } from '../core/report/compare';
import { batchFragment, comparisonFragment } from '../core/report/fragments';
import { statementAt } from '../core/sql/statements';
import type { AnalysisController, EditorTarget } from './controller';
import type { RunHistory } from './history';
import { mark } from './marks';
import { commandLink, type StaticPanel } from './staticHtml';

/** What other views (Top Statements, the slow log) need of the analysis: Explain & Profile of a range. */
export interface Explainer {
  explainEditor(uri?: unknown, range?: unknown): Promise<void>;
}

/** The selection, or the statement under the cursor when nothing is selected. */
export function targetStatement(editor: vscode.TextEditor): EditorTarget | undefined {
  const doc = editor.document;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const text = doc.getText(sel).trim();
    return text ? { text, uri: doc.uri, range: sel } : undefined;
  }
  const s = statementAt(doc.getText(), doc.offsetAt(sel.active));
  if (!s) return undefined;
  return { text: s.text, uri: doc.uri, range: new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)) };
}

/** Code lenses pass (Uri, Range); command links in hovers pass them as JSON. */
async function targetFromArgs(uriArg: unknown, rangeArg: unknown): Promise<EditorTarget | undefined> {
  const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
  const r = rangeArg as { start?: { line: number; character: number }; end?: { line: number; character: number } } | undefined;
  const range =
    rangeArg instanceof vscode.Range
      ? rangeArg
      : r?.start && r.end
        ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character)
        : undefined;
  if (!(uri instanceof vscode.Uri) || !range) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText(range).trim();
  return text ? { text, uri, range } : undefined;
}

/** Explain & Profile Query: from a menu or the palette (the cursor's statement), or a code lens (uri, range). */
export async function explainProfile(controller: AnalysisController, uriArg?: unknown, rangeArg?: unknown): Promise<void> {
  mark('command');
  // A context menu passes only the document's uri: then the cursor's statement is meant.
  if (uriArg !== undefined && rangeArg !== undefined) {
    const target = await targetFromArgs(uriArg, rangeArg);
    if (target) await controller.run({ origin: 'single', targets: [target], title: vscode.l10n.t('Explain & Profile') });
    return;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a SQL file and put the cursor in a statement first.'));
    return;
  }
  const target = targetStatement(editor);
  if (!target) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No SQL statement at the cursor: select a query or put the cursor inside one.'));
    return;
  }
  await controller.run({ origin: 'single', targets: [target], title: vscode.l10n.t('Explain & Profile') });
}

/**
 * Profile All Statements: every statement of the selection (or the file) in order, then a
 * summary, slowest first; each row opens its full report from the history.
 */
export async function profileAll(controller: AnalysisController, history: RunHistory, panel: StaticPanel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const base = editor.selection.isEmpty ? 0 : doc.offsetAt(editor.selection.start);
  const text = editor.selection.isEmpty ? doc.getText() : doc.getText(editor.selection);
  const targets = batchTargets(text, base).map((t) => ({
    text: t.text,
    uri: doc.uri,
    range: new vscode.Range(doc.positionAt(t.start ?? 0), doc.positionAt(t.end ?? 0)),
  }));
  if (targets.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No SQL statements to profile.'));
    return;
  }
  const done = await controller.run({ origin: 'batch', targets, title: vscode.l10n.t('Profile all statements'), override: { planActuals: 'never' } });
  if (!done?.length) return;
  const ids = done.map((d) => history.idOf(d.report));
  panel.show(
    `Batch profile (${done.length})`,
    batchFragment(
      done.map((d) => d.report),
      (i) => commandLink('mysqlQueryTuner.openRun', ids[i]),
    ),
  );
}

/**
 * Compare with rewrite: both statements on the active connection, rows checksummed, so the
 * gain of a rewrite and that it returns the same rows show before it is applied.
 */
export async function compareRewrite(controller: AnalysisController, compare: StaticPanel, original: unknown, rewritten: unknown): Promise<void> {
  if (typeof original !== 'string' || typeof rewritten !== 'string') return;
  const done = await controller.run({
    origin: 'pair',
    targets: [{ text: original }, { text: rewritten }],
    title: vscode.l10n.t('Compare with rewrite'),
    checksum: true,
    override: { planActuals: 'never' },
  });
  if (done?.length !== 2) return;
  compare.show('Compare with rewrite', comparisonFragment(compareReports(done[0].report, done[1].report)));
}
