import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderPlanText } from '../core/plan';
import { renderMarkdown } from '../core/report/markdown';
import { loadStandaloneAssets, renderStandaloneHtml } from '../core/report/standalone';
import type { ReportPanel } from './reportPanel';

type Format = 'html' | 'md' | 'json';

/** Save the report on show as one self-contained HTML file (works offline), Markdown or JSON. */
export async function exportReport(panel: ReportPanel, extensionUri: vscode.Uri): Promise<void> {
  const report = panel.current;
  if (!report) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run Explain & Profile first: there is no report to export.'));
    return;
  }
  const pick = await vscode.window.showQuickPick<vscode.QuickPickItem & { format: Format }>(
    [
      { label: 'HTML', description: vscode.l10n.t('one file, the interactive plan view, works offline'), format: 'html' },
      { label: 'Markdown', description: vscode.l10n.t('for pull requests and tickets'), format: 'md' },
      { label: 'JSON', description: vscode.l10n.t('the report object, as `mqt analyze --format json` prints it'), format: 'json' },
    ],
    { title: vscode.l10n.t('Export report as') },
  );
  if (!pick) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `query-report.${pick.format}`;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: { [pick.label]: [pick.format] },
  });
  if (!target) return;
  const text =
    pick.format === 'html'
      ? renderStandaloneHtml([report], loadStandaloneAssets(extensionUri.fsPath))
      : pick.format === 'md'
        ? renderMarkdown(report)
        : JSON.stringify(report, null, 2);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const open = vscode.l10n.t('Open');
  if ((await vscode.window.showInformationMessage(vscode.l10n.t('Report saved to {0}', path.basename(target.fsPath)), open)) === open) {
    await vscode.env.openExternal(target);
  }
}

/** The plan of the report on show as an indented text tree, on the clipboard. */
export async function copyPlanText(panel: ReportPanel): Promise<void> {
  const plan = panel.current?.plan;
  if (!plan) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no plan on show to copy.'));
    return;
  }
  await vscode.env.clipboard.writeText(renderPlanText(plan));
  void vscode.window.showInformationMessage(vscode.l10n.t('Plan copied as text.'));
}
