import type * as vscode from 'vscode';
import type { Report } from '../core/report/model';
import type { Analyzed } from './controller';

const key = (uri: vscode.Uri, text: string) => `${uri.toString()}\n${text.replace(/\s+/g, ' ').trim()}`;

/** The last report of each analysed statement of each document, for hovers and hints. */
export class ReportIndex {
  private readonly reports = new Map<string, Report>();
  private readonly uris = new Set<string>();

  /** An onDidAnalyze subscriber. */
  add({ report, source }: Analyzed): void {
    if (!source.uri) return;
    this.reports.set(key(source.uri, source.text), report);
    this.uris.add(source.uri.toString());
  }

  /** The last report for the statement `text` of `uri`, if it was analysed. */
  reportFor(uri: vscode.Uri, text: string): Report | undefined {
    return this.reports.get(key(uri, text));
  }

  /** Whether any statement of `uri` was analysed: lets the hint engine skip the lookups otherwise. */
  hasReports(uri: vscode.Uri): boolean {
    return this.uris.has(uri.toString());
  }
}
