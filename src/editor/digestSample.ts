import * as vscode from 'vscode';
import type { Explainer } from './analysisCommands';

/**
 * Opens a statement of a digest in a new SQL editor and runs Explain & Profile on it (writes
 * are only explained, as always). A digest with no sample opens with its placeholders, is not
 * run, and says so.
 */
export async function openDigestStatement(
  explainer: Explainer,
  s: { sample: string | null; placeholders: string; db?: string | null; admin?: boolean },
): Promise<void> {
  const lines: string[] = [];
  if (s.db) lines.push(`-- database: ${s.db}`);
  const runnable = s.sample !== null && !s.admin;
  if (s.sample === null)
    lines.push(
      '-- No sample statement was kept for this digest: it shows its placeholders (?).',
      '-- Put real values in their place, then run Explain & Profile Query.',
    );
  else if (s.admin) lines.push('-- An administrator command (a protocol command, not SQL): nothing to explain.');
  // The statement first: an untitled editor is named after its first line.
  const body = s.sample ?? s.placeholders;
  const doc = await vscode.workspace.openTextDocument({
    language: 'sql',
    content: body + (s.admin ? '' : ';') + '\n' + (lines.length ? '\n' + lines.join('\n') + '\n' : ''),
  });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  if (!runnable) {
    void vscode.window.showInformationMessage(
      s.admin
        ? vscode.l10n.t('This class is an administrator command, not a SQL statement: there is nothing to explain.')
        : vscode.l10n.t(
            'This digest has no sample statement, so it opened with its placeholders (?). Put real values in their place, then run Explain & Profile Query.',
          ),
    );
    return;
  }
  await explainer.explainEditor(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(body.length)));
}
