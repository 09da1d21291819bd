import type * as vscode from 'vscode';
import type { Report } from '../core/report/model';
import type { Analyzed } from './controller';

const key = (uri: vscode.Uri, text: string) => `${uri.toString()}\n${text.replace(/\s+/g, ' ').trim()}`;

/** The last report of each analysed statement of each document, for hovers and hints. */
export class ReportIndex {
  private readonly reports = new Map<string, Report>();
  /** Per document: its analysed statements (as sent) and their last reports, newest last. */
  private readonly byUri = new Map<string, Map<string, { text: string; report: Report }>>();

  /** An onDidAnalyze subscriber. */
  add({ report, source }: Analyzed): void {
    if (!source.uri) return;
    const k = key(source.uri, source.text);
    this.reports.set(k, report);
    const mine = this.byUri.get(source.uri.toString()) ?? new Map<string, { text: string; report: Report }>();
    mine.delete(k);
    mine.set(k, { text: source.text, report });
    this.byUri.set(source.uri.toString(), mine);
  }

  /** The analysed statements of `uri` with their last reports, oldest first. */
  reportsOf(uri: vscode.Uri): Array<{ text: string; report: Report }> {
    return [...(this.byUri.get(uri.toString())?.values() ?? [])];
  }

  /** The last report for the statement `text` of `uri`, if it was analysed. */
  reportFor(uri: vscode.Uri, text: string): Report | undefined {
    return this.reports.get(key(uri, text));
  }

  /** Whether any statement of `uri` was analysed: lets the hint engine skip the lookups otherwise. */
  hasReports(uri: vscode.Uri): boolean {
    return this.byUri.has(uri.toString());
  }
}
