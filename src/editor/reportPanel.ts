import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { assertNever, isWebviewToHost, type HostToWebview, type NumberedViewState, type ViewState } from '../core/protocol';
import type { Plan } from '../core/plan/model';
import { renderMarkdown } from '../core/report';
import type { Report } from '../core/report/model';
import type { Analyzed } from './controller';
import { trimForStorage } from '../core/report/storage';
import { mark } from './marks';
import { PlanSync } from './planSync';
import { loadReportAssets, readReportAssets, reportHtml, type ReportAssets } from './reportHtml';

/** The longest wait for the view to say it painted before work that waits for it goes ahead. */
const SHOWN_WAIT_MS = 2000;

/**
 * The report webview beside the editor: one panel, reused. A view state is posted at once, even
 * to a view still loading (the webview keeps it until the page has loaded), and again when the
 * view says "ready" without it (a panel shown again after being hidden); ids make the view show
 * it once.
 */
export class ReportPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  static readonly viewType = 'mysqlQueryTuner.report';
  /** Workspace state key of what the panel last showed, so it comes back after a window reload. */
  static readonly stateKey = 'mysqlQueryTuner.reportPanel';
  private panel: vscode.WebviewPanel | undefined;
  /** The view's script runs (commands such as selectTable are sent only then). */
  private ready = false;
  /** The newest view state and its id; ids grow across window reloads too. */
  private latest: NumberedViewState | undefined;
  private nextId = Date.now();
  /** The newest id the view said it painted, and who waits for that. */
  private shownId = 0;
  private waiters: Array<{ id: number; done: () => void }> = [];
  /** The report or plan to keep for a window reload, saved once it is on screen. */
  private toSave: NumberedViewState | undefined;
  private assets: ReportAssets | undefined;
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
    const saved = this.state?.get<ViewState>(ReportPanel.stateKey);
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
      if (!this.panel.visible) this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    mark('panel create');
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
    mark('panel created');
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
    this.shownId = 0;
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage((msg: unknown) => this.receive(msg), null, this.panelDisposables);
    panel.onDidChangeViewState(
      () => {
        // A hidden webview is torn down (no retainContextWhenHidden); it says "ready" again when shown.
        if (!panel.visible) {
          this.ready = false;
          this.release();
        }
      },
      null,
      this.panelDisposables,
    );
    panel.onDidDispose(() => this.disposePanel(), null, this.panelDisposables);
  }

  /** Show this state: posted at once; the reload copy of a report or plan is saved once it is on screen. */
  post(msg: ViewState): void {
    const state: NumberedViewState = { ...msg, id: ++this.nextId };
    this.latest = state;
    if (msg.type === 'report') {
      this.last = msg.report;
      if (this.source) this.sync.setSource(this.source.uri, this.source.range, msg.report.statement, msg.report.source?.tables);
      else this.sync.clear();
      this.source = undefined; // a source names one report; the next report needs its own
    }
    this.show();
    if (this.panel && msg.type !== 'plan' && this.panel.title !== 'Query Report') this.panel.title = 'Query Report';
    // A view still loading gets what it will show: a progress step would be replaced before it
    // could be seen (the newest state goes again on "ready" anyway).
    if (this.ready || msg.type !== 'progress') {
      mark(`post ${msg.type}${this.ready ? '' : ' (view loading)'}`);
      void this.panel?.webview.postMessage(state);
    }
    if (msg.type === 'report' || msg.type === 'plan') {
      this.toSave = state;
      void this.whenShown().then(() => this.save(state));
    }
  }

  /**
   * Resolves once the view has painted the newest state, or at once when there is no view to
   * wait for, or after SHOWN_WAIT_MS. Work the user is not waiting for (diagnostics, history,
   * the schema read) goes after it, so it does not compete with the report for the editor.
   */
  whenShown(): Promise<void> {
    const id = this.latest?.id ?? 0;
    if (!this.panel?.visible || this.shownId >= id) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.release(), SHOWN_WAIT_MS);
      this.waiters.push({
        id,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Lets the waiters for ids up to `upTo` go (all of them by default). */
  private release(upTo = Infinity): void {
    const go = this.waiters.filter((w) => w.id <= upTo);
    this.waiters = this.waiters.filter((w) => w.id > upTo);
    for (const w of go) w.done();
  }

  private save(state: NumberedViewState): void {
    if (this.toSave !== state) return; // a newer report or plan came
    this.toSave = undefined;
    if (state.type === 'report') void this.state?.update(ReportPanel.stateKey, { ...state, report: trimForStorage(state.report) });
    else if (state.type === 'plan') void this.state?.update(ReportPanel.stateKey, { ...state, raw: state.raw.slice(0, 64 * 1024) });
  }

  /** Commands to a view already shown: never opens or reveals the panel, dropped if not ready. */
  private send(msg: HostToWebview): void {
    if (this.ready && this.panel?.visible) void this.panel.webview.postMessage(msg);
  }

  private receive(msg: unknown): void {
    if (!isWebviewToHost(msg)) return;
    switch (msg.type) {
      case 'ready':
        mark('webview ready');
        this.ready = true;
        // The state posted at once may not have reached a view that was being torn down.
        if (this.latest && msg.shown !== this.latest.id) void this.panel?.webview.postMessage(this.latest);
        break;
      case 'shown':
        mark('webview shown');
        this.shownId = Math.max(this.shownId, msg.id);
        this.release(this.shownId);
        break;
      case 'rerun':
        mark('rerun asked');
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

  /** Reads the page's script, styles and font from disk in the background (idle time after activation). */
  async preload(): Promise<void> {
    if (!this.assets) this.assets = await loadReportAssets(this.extensionUri.fsPath);
  }

  private html(webview: vscode.Webview): string {
    this.assets ??= readReportAssets(this.extensionUri.fsPath);
    return reportHtml(this.assets, randomBytes(16).toString('base64'), webview.cspSource);
  }

  private disposePanel(): void {
    this.sync.clear();
    this.panel = undefined;
    this.ready = false;
    this.release();
    while (this.panelDisposables.length) this.panelDisposables.pop()?.dispose();
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposePanel();
    this.sync.dispose();
  }
}
