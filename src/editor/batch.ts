import * as vscode from 'vscode';
import { batchFragment } from '../core/report/fragments';
import type { Report } from '../core/report/model';
import { AnalysisError } from '../core/session/errors';
import { ProfilerSession } from '../core/session/profiler';
import { splitStatements } from '../core/sql/statements';
import type { ConnectionStore } from './connections';
import { workspaceTrust } from './explain';
import type { RunHistory } from './history';
import { commandLink, type StaticPanel } from './staticHtml';

/**
 * Profile every statement of the selection (or the file) in order, on one session, and show
 * a summary, slowest first; each row opens its full report from the history.
 */
export async function profileAll(store: ConnectionStore, history: RunHistory, panel: StaticPanel, log: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const base = editor.selection.isEmpty ? 0 : doc.offsetAt(editor.selection.start);
  const text = editor.selection.isEmpty ? doc.getText() : doc.getText(editor.selection);
  const statements = splitStatements(text);
  if (statements.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No SQL statements to profile.'));
    return;
  }
  const conn = store.active();
  if (!conn) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Add or select a connection first (MySQL Query Tuner: Select Connection).'));
    return;
  }
  const timeoutMs = vscode.workspace.getConfiguration('mysqlQueryTuner').get<number>('timeoutSeconds', 30) * 1000;
  const session = new ProfilerSession(await store.spec(conn), workspaceTrust);
  const reports: Report[] = [];
  const ids: string[] = [];
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Profile all statements'), cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      for (const [i, s] of statements.entries()) {
        if (abort.signal.aborted) break;
        progress.report({ message: `${i + 1} of ${statements.length}`, increment: 100 / statements.length });
        const report = await session.analyze(s.text, { timeoutMs, signal: abort.signal, actuals: 'never' });
        reports.push(report);
        ids.push(history.add(report, conn.name, doc.uri).id);
      }
    });
  } catch (e) {
    const msg = e instanceof AnalysisError ? e.message : String(e);
    log.error(`Batch profile failed: ${msg}`);
    void vscode.window.showErrorMessage(msg);
  } finally {
    await session.close();
  }
  if (reports.length === 0) return;
  log.info(`Profiled ${reports.length} statements from offset ${base} of ${doc.uri.fsPath}`);
  panel.show(`Batch profile (${reports.length})`, batchFragment(reports, (i) => commandLink('mysqlQueryTuner.openRun', ids[i])));
}
