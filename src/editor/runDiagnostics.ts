import * as vscode from 'vscode';
import type { Report } from '../core/report/model';
import type { Analyzed } from './controller';

/** The server's error for a statement, when it is a fault of the SQL (not a cancel or a time limit). */
function sqlError(report: Report) {
  const stopped = report.execution.reason === 'Cancelled.' || /time limit/i.test(report.execution.reason ?? '');
  const err = stopped ? report.planError : (report.execution.error ?? report.planError);
  return err && err.errno !== undefined ? err : undefined;
}

/**
 * An onDidAnalyze subscriber: a server error with a position becomes a diagnostic on that
 * spot of the statement; a statement analysed again loses its old one.
 */
export function showRunErrors(diagnostics: vscode.DiagnosticCollection, { report, source }: Analyzed): void {
  const { uri, range } = source;
  if (!uri || !range) return;
  const others = (diagnostics.get(uri) ?? []).filter((d) => !range.contains(d.range) && !d.range.contains(range));
  const err = sqlError(report);
  if (!err) {
    diagnostics.set(uri, others);
    return;
  }
  let at = range;
  if (err.line !== undefined) {
    const lineNo = range.start.line + err.line - 1;
    const col = (err.line === 1 ? range.start.character : 0) + (err.column ?? 1) - 1;
    const start = new vscode.Position(lineNo, col);
    at = new vscode.Range(start, start.translate(0, 1));
  }
  const d = new vscode.Diagnostic(at, err.message, vscode.DiagnosticSeverity.Error);
  d.source = 'MySQL Query Tuner';
  d.code = err.errno;
  diagnostics.set(uri, [...others, d]);
}
