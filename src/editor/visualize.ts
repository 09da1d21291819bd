import * as vscode from 'vscode';
import { parsePlanText, PlanParseError } from '../core/plan';
import type { ReportPanel } from './reportPanel';

/** Visualize EXPLAIN Output: a saved or pasted plan from the selection, or the clipboard. No database. */
export async function visualizeExplain(panel: ReportPanel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const text = selected.trim() ? selected : await vscode.env.clipboard.readText();
  if (!text.trim()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Select an EXPLAIN output (any format) or copy one to the clipboard first.'));
    return;
  }
  try {
    panel.showPlan(parsePlanText(text), text, vscode.l10n.t('EXPLAIN output ({0})', selected.trim() ? vscode.l10n.t('selection') : vscode.l10n.t('clipboard')));
  } catch (e) {
    if (!(e instanceof PlanParseError)) throw e;
    void vscode.window.showErrorMessage(vscode.l10n.t('Not an EXPLAIN output this extension can read: {0}', e.message));
  }
}
