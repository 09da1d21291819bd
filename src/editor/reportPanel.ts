import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { assertNever, isWebviewToHost, type HostToWebview } from '../core/protocol';
import type { Plan } from '../core/plan/model';
import { renderMarkdown } from '../core/report';
import type { Report } from '../core/report/model';
import type { Analyzed } from './controller';
import { trimForStorage } from '../core/report/storage';
import { PlanSync } from './planSync';

/**
 * The report webview beside the editor: one panel, reused. Messages posted before the
 * webview says "ready" are queued so nothing is lost on first open.
 */
export class ReportPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  static readonly viewType = 'mysqlQueryTuner.report';
  /** Workspace state key of what the panel last showed, so it comes back after a window reload. */
  static readonly stateKey = 'mysqlQueryTuner.reportPanel';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: HostToWebview[] = [];
  private last: Report | undefined;

  /** The report on show, for export and copy commands. */
  get current(): Report | undefined {
    return this.last;
  }
  private readonly panelDisposables: vscode.Disposable[] = [];
  /** Where the analysed statement sits in its document, for editor <-> plan sync. */
  private source: { uri: vscode.Uri; range: vscode.Range } | undefined;
  private readonly sync = new PlanSync((name) => this.send({ type: 'selectTable', name }));

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onRerun: () => void,
    private readonly state?: vscode.Memento,
    private readonly onCancel: () => void = () => undefined,
  ) {}

  /** VS Code calls this after a reload for the panel it had open: show the saved report in it again. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    const saved = this.state?.get<HostToWebview>(ReportPanel.stateKey);
    if (this.panel) {
      panel.dispose(); // already showing one (a report arrived first)
      return;
    }
    this.adopt(panel);
    if (saved && (saved.type === 'report' || saved.type === 'plan')) this.post(saved);
    else panel.dispose();
    await Promise.resolve();
  }

  /**
   * Tells the panel where the statement of the next (or current) report sits, so selecting a
   * plan node highlights its table in the editor and the cursor on a table selects its node.
   */
  setSource(uri: vscode.Uri, range: vscode.Range): void {
    this.source = { uri, range };
    if (this.last) this.sync.setSource(uri, range, this.last.statement, this.last.source?.tables);
  }

  /** A finished analysis of a statement in the editor (an onDidAnalyze subscriber, single and rerun runs). */
  showAnalysis({ report, source }: Analyzed): void {
    if (source.uri && source.range) this.setSource(source.uri, source.range);
    this.post({ type: 'report', report, connection: source.label });
  }

  /** Just a plan view (Visualize EXPLAIN Output): no counters or profile, no SQL to sync with. */
  showPlan(plan: Plan, rawText: string, title: string): void {
    this.last = undefined;
    this.source = undefined;
    this.sync.clear();
    this.post({ type: 'plan', plan, raw: rawText, title });
    if (this.panel) this.panel.title = title;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      ReportPanel.viewType,
      'Query Report',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: this.roots(),
        retainContextWhenHidden: false,
      },
    );
    this.adopt(panel);
  }

  private roots(): vscode.Uri[] {
    return [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')];
  }

  /** Wires a panel, new or restored after a reload. */
  private adopt(panel: vscode.WebviewPanel): void {
    panel.webview.options = { enableScripts: true, localResourceRoots: this.roots() };
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    this.panel = panel;
    this.ready = false;
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((msg: unknown) => this.receive(msg), null, this.panelDisposables);
    panel.onDidChangeViewState(
      () => {
        // A hidden webview is torn down (no retainContextWhenHidden); it says "ready" again when shown.
        if (!panel.visible) this.ready = false;
      },
      null,
      this.panelDisposables,
    );
    panel.onDidDispose(() => this.disposePanel(), null, this.panelDisposables);
  }

  post(msg: HostToWebview): void {
    if (msg.type === 'report') void this.state?.update(ReportPanel.stateKey, { ...msg, report: trimForStorage(msg.report) });
    else if (msg.type === 'plan') void this.state?.update(ReportPanel.stateKey, { ...msg, raw: msg.raw.slice(0, 64 * 1024) });
    if (msg.type === 'report') {
      this.last = msg.report;
      if (this.source) this.sync.setSource(this.source.uri, this.source.range, msg.report.statement, msg.report.source?.tables);
      else this.sync.clear();
      this.source = undefined; // a source names one report; the next report needs its own
    }
    this.show();
    if (this.panel && msg.type !== 'plan' && msg.type !== 'selectTable') this.panel.title = 'Query Report';
    if (this.ready && this.panel) void this.panel.webview.postMessage(msg);
    else this.queue = [msg]; // only the newest state matters
  }

  /** Commands to a view already shown: never opens or reveals the panel, dropped if not ready. */
  private send(msg: HostToWebview): void {
    if (this.ready && this.panel?.visible) void this.panel.webview.postMessage(msg);
  }

  private receive(msg: unknown): void {
    if (!isWebviewToHost(msg)) return;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        for (const m of this.queue) void this.panel?.webview.postMessage(m);
        this.queue = [];
        break;
      case 'rerun':
        this.onRerun();
        break;
      case 'cancel':
        this.onCancel();
        break;
      case 'copy':
        if (this.last) void vscode.env.clipboard.writeText(msg.format === 'markdown' ? renderMarkdown(this.last) : JSON.stringify(this.last, null, 2));
        void vscode.window.showInformationMessage(`Report copied as ${msg.format === 'markdown' ? 'Markdown' : 'JSON'}.`);
        break;
      case 'copyText':
        void vscode.env.clipboard.writeText(msg.text);
        void vscode.window.showInformationMessage(vscode.l10n.t('Copied to the clipboard.'));
        break;
      case 'revealRange':
        void this.sync.reveal(msg.start, msg.end, msg.related ?? []);
        break;
      default:
        assertNever(msg);
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('dist', 'media', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${uri('media', 'report.css')}">
<link rel="stylesheet" href="${uri('media', 'plan.css')}">
<title>Query Report</title></head>
<body><main id="app"><p class="muted">Waiting for the analysis…</p></main>
<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script></body></html>`;
  }

  private disposePanel(): void {
    this.sync.clear();
    this.panel = undefined;
    this.ready = false;
    while (this.panelDisposables.length) this.panelDisposables.pop()?.dispose();
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanel();
    this.sync.dispose();
  }
}
