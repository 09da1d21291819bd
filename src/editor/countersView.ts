import * as vscode from 'vscode';
import { diffSnapshots } from '../core/counters/diff';
import type { StatusSnapshot } from '../core/counters/snapshot';
import { countersFragment } from '../core/report/fragments';
import { escapeHtml } from '../core/report/html';
import type { Report } from '../core/report/model';
import { oneLine } from '../core/report/text';
import { staticPage } from './staticHtml';

/**
 * The side panel's "Session Counters" view: the last analysis's corrected counters, and on
 * Refresh the analysis session's own SHOW SESSION STATUS with deltas since the last refresh.
 */
export class CountersView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'mysqlQueryTuner.counters';
  private view: vscode.WebviewView | undefined;
  private last: { report: Report; connection: string } | undefined;
  private refreshed: { connection: string; status: StatusSnapshot; at: Date; previous?: StatusSnapshot } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly readStatus: () => Promise<{ connection: string; status: StatusSnapshot } | undefined>,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.onDidDispose(() => (this.view = undefined));
    this.render();
  }

  showReport(report: Report, connection: string): void {
    this.last = { report, connection };
    this.render();
  }

  async refresh(): Promise<void> {
    const now = await this.readStatus();
    if (!now) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No analysis session is open yet: run Explain & Profile first.'));
      return;
    }
    const previous = this.refreshed?.connection === now.connection ? this.refreshed.status : undefined;
    this.refreshed = { ...now, at: new Date(), ...(previous ? { previous } : {}) };
    this.render();
  }

  private render(): void {
    if (!this.view) return;
    const parts: string[] = [];
    if (this.last) {
      const r = this.last.report;
      const lines = r.counters.filter((c) => c.corrected !== 0).map((c) => ({ name: c.name, value: c.corrected, group: c.group }));
      parts.push(
        `<h2>Last analysis</h2><p class="muted">${escapeHtml(oneLine(r.statement, 80))}<br>${escapeHtml(this.last.connection)} · corrected for the cost of SHOW STATUS</p>`,
      );
      parts.push(countersFragment(lines, r.execution.executed ? 'No counter changed.' : 'The statement was not executed.'));
    } else {
      parts.push('<p class="muted">Run <b>Explain &amp; Profile Query</b> on a statement to see its counters here.</p>');
    }
    if (this.refreshed) {
      const { status, previous, at, connection } = this.refreshed;
      const deltas = previous
        ? diffSnapshots(previous, status)
            .filter((d) => d.delta !== 0)
            .map((d) => ({ name: d.name, value: d.delta, group: d.group }))
        : [];
      parts.push(
        `<h2>Session now</h2><p class="muted">${escapeHtml(connection)} · refreshed ${escapeHtml(at.toLocaleTimeString())}${previous ? ' · deltas since the previous refresh' : ' · refresh again to see deltas'}</p>`,
      );
      parts.push(countersFragment(deltas, previous ? 'Nothing changed since the previous refresh.' : 'Baseline taken.'));
    }
    this.view.webview.html = staticPage(this.view.webview, this.extensionUri, 'Session Counters', parts.join('\n'));
  }

  dispose(): void {
    this.view = undefined;
  }
}
