import * as vscode from 'vscode';
import type { Report } from '../core/report/model';
import type { SchemaInfo } from '../core/hints/schema';
import { AnalysisError } from '../core/session/errors';
import { ProfilerSession } from '../core/session/profiler';
import { blockServerAccess } from '../core/safety/gate';
import { statementAt } from '../core/sql/statements';
import { progressLine } from '../core/live/read';
import { describe, type ConnectionStore, type SavedConnection } from './connections';
import type { ReportPanel } from './reportPanel';

interface Target {
  text: string;
  uri: vscode.Uri;
  range: vscode.Range;
}

export const RESTRICTED_MESSAGE = 'Restricted Mode: MySQL Query Tuner sends no statement to any server from an untrusted workspace. Trust this workspace to explain and profile queries.';

/** In an untrusted workspace nothing reaches a server, whichever command asks (see core/safety/gate). */
function applyWorkspaceTrust(): void {
  blockServerAccess(vscode.workspace.isTrusted ? undefined : RESTRICTED_MESSAGE);
}

const reportKey = (uri: vscode.Uri, text: string) => `${uri.toString()}\n${text.replace(/\s+/g, ' ').trim()}`;

/** The selection, or the statement under the cursor when nothing is selected. */
export function targetStatement(editor: vscode.TextEditor): Target | undefined {
  const doc = editor.document;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const text = doc.getText(sel).trim();
    return text ? { text, uri: doc.uri, range: sel } : undefined;
  }
  const s = statementAt(doc.getText(), doc.offsetAt(sel.active));
  if (!s) return undefined;
  return { text: s.text, uri: doc.uri, range: new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)) };
}

/**
 * Runs analyses on one profiler session per connection (a dedicated server connection,
 * kept between analyses and dropped when the active connection changes).
 */
export class Explainer implements vscode.Disposable {
  private session: { name: string; session: ProfilerSession } | undefined;
  /** The last report of each analysed statement, for hovers: key = uri + normalised text. */
  private readonly reports = new Map<string, Report>();
  private readonly analysedUris = new Set<string>();
  private readonly analyzed = new vscode.EventEmitter<{ report: Report; connection: string; uri: vscode.Uri }>();
  /** Fires after every finished analysis (history, side panel). */
  readonly onDidAnalyze = this.analyzed.event;
  private readonly schemas = new Map<string, SchemaInfo>();
  private readonly schemaLoading = new Set<string>();
  private lastTarget: Target | undefined;
  private running = false;
  /** Aborts the analysis in progress (the report's Cancel button). */
  private abortRun: AbortController | undefined;

  constructor(
    private readonly store: ConnectionStore,
    private readonly panel: ReportPanel,
    private readonly log: vscode.LogOutputChannel,
    private readonly diagnostics: vscode.DiagnosticCollection,
  ) {
    applyWorkspaceTrust();
    this.trust = vscode.workspace.onDidGrantWorkspaceTrust(applyWorkspaceTrust);
  }

  private readonly trust: vscode.Disposable;

  private async sessionFor(conn: SavedConnection): Promise<ProfilerSession> {
    if (this.session?.name === conn.name) return this.session.session;
    await this.resetSession();
    const session = new ProfilerSession(await this.store.spec(conn));
    this.session = { name: conn.name, session };
    return session;
  }

  async resetSession(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.session.close();
  }

  /** From a menu or the palette (the cursor's statement), or from a code lens (uri, range). */
  async explainEditor(uriArg?: unknown, rangeArg?: unknown): Promise<void> {
    // Code lenses pass (Uri, Range); command links in hovers pass them as JSON.
    const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg;
    const r = rangeArg as { start?: { line: number; character: number }; end?: { line: number; character: number } } | undefined;
    const range = rangeArg instanceof vscode.Range ? rangeArg : r?.start && r.end ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) : undefined;
    if (uri instanceof vscode.Uri && range) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText(range).trim();
      if (text) await this.run({ text, uri, range });
      return;
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a SQL file and put the cursor in a statement first.'));
      return;
    }
    const target = targetStatement(editor);
    if (!target) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No SQL statement at the cursor: select a query or put the cursor inside one.'));
      return;
    }
    await this.run(target);
  }

  /** Cancel from the report: the same as the notification's Cancel (KILL QUERY on the server). */
  cancel(): void {
    this.abortRun?.abort();
  }

  async rerun(): Promise<void> {
    if (this.lastTarget) await this.run(this.lastTarget);
  }

  private async run(target: Target): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      applyWorkspaceTrust();
      void vscode.window.showWarningMessage(RESTRICTED_MESSAGE);
      return;
    }
    if (this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('An analysis is already running; cancel it from its notification first.'));
      return;
    }
    const conn = this.store.active() ?? (await this.pickOrAdd());
    if (!conn) return;
    this.lastTarget = target;
    this.running = true;
    const label = conn.name === describe(conn) ? conn.name : `${conn.name} (${describe(conn)})`;
    this.diagnostics.delete(target.uri);
    try {
      const session = await this.sessionFor(conn);
      this.panel.post({ type: 'progress', statement: target.text, step: 'Connecting', connection: label });
      const config = vscode.workspace.getConfiguration('mysqlQueryTuner');
      const timeoutMs = config.get<number>('timeoutSeconds', 30) * 1000;
      // Rolled-back profiling of writes only when the user turned it on (machine-scoped setting).
      const allowWrites = config.get<boolean>('profileWrites', false) === true;
      const readOnly = config.get<boolean>('readOnlySession', false) === true;
      const actualsSetting = config.get<string>('planActuals', 'auto');
      const actuals = actualsSetting === 'always' || actualsSetting === 'never' ? actualsSetting : 'auto';
      const trace = config.get<string>('optimizerTrace', 'auto') === 'never' ? 'never' : 'auto';
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Explain & Profile'), cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        this.abortRun = abort;
        token.onCancellationRequested(() => abort.abort());
        try {
          return await session.analyze(target.text, {
            timeoutMs, signal: abort.signal, allowWrites, readOnly, actuals, trace,
            onProgress: (step) => {
              progress.report({ message: step });
              this.panel.post({ type: 'progress', statement: target.text, step, connection: label });
            },
            // The live plan while the statement runs (from about 1 s on), in the report and the notification.
            onLive: (update) => {
              if (abort.signal.aborted) return;
              progress.report({ message: `Running ${progressLine(update)}` });
              this.panel.post({ type: 'live', statement: target.text, update, connection: label });
            },
          });
        } finally {
          this.abortRun = undefined;
        }
      });
      this.log.info(`Analysed on ${conn.name} in ${report.analysisMs.toFixed(0)} ms: executed=${report.execution.executed} rows=${report.execution.rows}`);
      this.showErrorsInEditor(target, report);
      this.reports.set(reportKey(target.uri, target.text), report);
      this.analysedUris.add(target.uri.toString());
      this.analyzed.fire({ report, connection: conn.name, uri: target.uri });
      this.loadSchemaOnce(conn.name, session);
      this.panel.setSource(target.uri, target.range);
      this.panel.post({ type: 'report', report, connection: label });
    } catch (e) {
      const message = e instanceof AnalysisError ? e.message : `Analysis failed: ${(e as Error).message ?? String(e)}`;
      this.log.error(message);
      this.panel.post({ type: 'error', statement: target.text, message, connection: label });
      void vscode.window.showErrorMessage(message);
      await this.resetSession();
    } finally {
      this.running = false;
    }
  }

  /**
   * Run two statements on the active connection, rows checksummed: "Compare with rewrite"
   * shows the gain of a rewrite, and that it returns the same rows, before it is applied.
   */
  async analyzePair(original: string, rewritten: string): Promise<{ a: Report; b: Report } | undefined> {
    if (this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('An analysis is already running; cancel it from its notification first.'));
      return undefined;
    }
    const conn = this.store.active() ?? (await this.pickOrAdd());
    if (!conn) return undefined;
    this.running = true;
    try {
      const session = await this.sessionFor(conn);
      const timeoutMs = vscode.workspace.getConfiguration('mysqlQueryTuner').get<number>('timeoutSeconds', 30) * 1000;
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Compare with rewrite'), cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const opts = { timeoutMs, signal: abort.signal, checksum: true, actuals: 'never' as const };
        progress.report({ message: 'original' });
        const a = await session.analyze(original, opts);
        progress.report({ message: 'rewrite' });
        const b = await session.analyze(rewritten, opts);
        return { a, b };
      });
    } catch (e) {
      const message = e instanceof AnalysisError ? e.message : `Analysis failed: ${(e as Error).message ?? String(e)}`;
      void vscode.window.showErrorMessage(message);
      await this.resetSession();
      return undefined;
    } finally {
      this.running = false;
    }
  }

  /** The last report for the statement at `range` of `uri`, if it was analysed. */
  reportFor(uri: vscode.Uri, text: string): Report | undefined {
    return this.reports.get(reportKey(uri, text));
  }

  /** Whether any statement of `uri` was analysed: lets the hint engine skip the lookups otherwise. */
  hasReports(uri: vscode.Uri): boolean {
    return this.analysedUris.has(uri.toString());
  }

  /** A server error with a position becomes a diagnostic on that spot of the statement. */
  private showErrorsInEditor(target: Target, report: Report): void {
    // A cancel or a time limit is not a fault of the SQL: no squiggle for those.
    const stopped = report.execution.reason === 'Cancelled.' || /time limit/i.test(report.execution.reason ?? '');
    const err = stopped ? report.planError : report.execution.error ?? report.planError;
    if (!err || err.errno === undefined) return;
    let range = target.range;
    if (err.line !== undefined) {
      const lineNo = target.range.start.line + err.line - 1;
      const col = (err.line === 1 ? target.range.start.character : 0) + (err.column ?? 1) - 1;
      const start = new vscode.Position(lineNo, col);
      range = new vscode.Range(start, start.translate(0, 1));
    }
    const d = new vscode.Diagnostic(range, err.message, vscode.DiagnosticSeverity.Error);
    d.source = 'MySQL Query Tuner';
    if (err.errno !== undefined) d.code = err.errno;
    this.diagnostics.set(target.uri, [d]);
  }

  private async pickOrAdd(): Promise<SavedConnection | undefined> {
    const choice = await vscode.commands.executeCommand<SavedConnection | undefined>('mysqlQueryTuner.selectConnection');
    return choice ?? this.store.active();
  }

  /** The active connection's schema, once it was read (never on the hover path). */
  schema(): SchemaInfo | undefined {
    const active = this.store.active();
    return active && this.schemas.get(active.name);
  }

  /** Read the schema of the connection just used, in the background, once per connection. */
  private loadSchemaOnce(name: string, session: ProfilerSession): void {
    if (this.schemas.has(name) || this.schemaLoading.has(name)) return;
    this.schemaLoading.add(name);
    session.readSchema().then((schema) => {
      if (schema) {
        this.schemas.set(name, schema);
        // The hint cache notices the new schema by its stamp the next time the editor is used.
        this.log.info(`Schema of ${name}: ${Object.keys(schema.tables).length} tables, for the hint rules`);
      }
    }, (e: unknown) => this.log.warn(`Could not read the schema of ${name}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => this.schemaLoading.delete(name));
  }

  /** SHOW SESSION STATUS on the analysis session of the active connection, if it is open. */
  async sessionStatus(): Promise<{ connection: string; status: Map<string, string> } | undefined> {
    const s = this.session;
    if (!s || this.running || !vscode.workspace.isTrusted) return undefined;
    return { connection: s.name, status: await s.session.readStatus() };
  }

  dispose(): void {
    this.trust.dispose();
    this.analyzed.dispose();
    void this.resetSession();
  }
}
