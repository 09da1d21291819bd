import * as vscode from 'vscode';
import type { TunerConfig } from '../core/config';
import type { SchemaInfo } from '../core/hints/schema';
import { preloadParser } from '../core/hints/parse';
import type { LiveUpdate } from '../core/live';
import { progressLine } from '../core/live/read';
import { policyFrom } from '../core/pipeline/policy';
import { runTargets } from '../core/pipeline/runs';
import type { Report } from '../core/report/model';
import { gate } from '../core/safety/gate';
import { AnalysisError } from '../core/session/errors';
import { ProfilerSession } from '../core/session/profiler';
import { readConfig } from './config';
import { describe, type ConnectionStore, type SavedConnection } from './connections';
import { NOTIFY_AFTER_MS, withLateProgress, type ProgressSink } from './lateProgress';
import { mark } from './marks';

export const RESTRICTED_MESSAGE =
  'Restricted Mode: MySQL Query Tuner sends no statement to any server from an untrusted workspace. Trust this workspace to explain and profile queries.';

/** In an untrusted workspace nothing reaches a server, whichever command asks. Passed to every session. */
export const workspaceTrust = gate(() => (vscode.workspace.isTrusted ? undefined : RESTRICTED_MESSAGE));

/** How a run was asked for: the cursor's statement, a whole file, a rewrite pair, the panel's Run again. */
export type Origin = 'single' | 'batch' | 'pair' | 'rerun';

export interface EditorTarget {
  text: string;
  uri?: vscode.Uri;
  range?: vscode.Range;
}

export interface AnalysisSource extends EditorTarget {
  origin: Origin;
  /** The saved connection's name, and how the panel labels it. */
  connection: string;
  label: string;
}

/** Fired once per analysed statement, whichever path asked for it. */
export interface Analyzed {
  report: Report;
  source: AnalysisSource;
}

export interface RunRequest {
  origin: Origin;
  targets: EditorTarget[];
  /** The progress notification's title. */
  title: string;
  /** Checksum the result rows (pairs: the rewrite must return the same rows). */
  checksum?: boolean;
  /** Settings this kind of run overrides (batch and pair skip the second ANALYZE run). */
  override?: Partial<TunerConfig>;
}

/** One request while it runs: its connection, label, reports so far and the statement at hand. */
interface Running {
  conn: SavedConnection;
  label: string;
  results: Analyzed[];
  at: string;
}

export type ProgressEvent = { statement: string; step: string; label: string; origin: Origin };
export type FailureEvent = { statement: string; message: string; label: string; origin: Origin };
/** The statement is running: its live plan, stage and elapsed time (about twice a second, from about 1 s on). */
export type LiveEvent = { statement: string; update: LiveUpdate; label: string; origin: Origin };

/**
 * Runs every analysis of the editor: single, batch, pair and rerun go through run(). Owns
 * the profiler session of the active connection; what happens with a report is up to the
 * subscribers of onDidAnalyze (panel, diagnostics, history, counters view, hints).
 */
export class AnalysisController implements vscode.Disposable {
  private session: { name: string; session: ProfilerSession } | undefined;
  private last: RunRequest | undefined;
  private running = false;
  /** Aborts the run in progress (the report's Cancel button). */
  private abortRun: AbortController | undefined;
  private readonly analyzed = new vscode.EventEmitter<Analyzed>();
  private readonly progressed = new vscode.EventEmitter<ProgressEvent>();
  private readonly lived = new vscode.EventEmitter<LiveEvent>();
  private readonly failed = new vscode.EventEmitter<FailureEvent>();
  readonly onDidAnalyze = this.analyzed.event;
  readonly onDidProgress = this.progressed.event;
  readonly onDidLive = this.lived.event;
  readonly onDidFail = this.failed.event;

  constructor(
    private readonly store: ConnectionStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly pickConnection: () => Promise<SavedConnection | undefined>,
    /** Resolves once the report is on screen: background work (the schema read) waits for it. */
    private readonly settled: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * Loads the driver (dist/lib/mysql2.js, tens of ms to compile) so the first analysis does not
   * wait for it. Code only: no connection is opened, no secret read. For idle time after
   * activation, when there is a connection to use.
   */
  preloadDriver(): void {
    if (!vscode.workspace.isTrusted || !this.store.active()) return;
    mark('driver preload');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('mysql2/promise');
    mark('driver preloaded');
  }

  /** As preloadDriver, for the SQL parser (the report's hints parse the statement on this thread). */
  preloadParser(step: 'load' | 'parse'): void {
    if (!vscode.workspace.isTrusted || !this.store.active()) return;
    mark(`parser preload ${step}`);
    preloadParser(step);
    mark(`parser preloaded ${step}`);
  }

  /** The one path: every target of the request on the active connection's session, in order. */
  async run(req: RunRequest): Promise<Analyzed[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(RESTRICTED_MESSAGE);
      return undefined;
    }
    if (this.running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('An analysis is already running; cancel it from its notification first.'));
      return undefined;
    }
    mark('run');
    const conn = this.store.active() ?? (await this.pickConnection()) ?? this.store.active();
    if (!conn) return undefined;
    if (req.origin !== 'pair') this.last = req;
    this.running = true;
    const run: Running = {
      conn,
      label: conn.name === describe(conn) ? conn.name : `${conn.name} (${describe(conn)})`,
      results: [],
      at: req.targets[0]?.text ?? '',
    };
    try {
      // First, so the report panel opens (and its page loads) while the session is set up.
      this.progressed.fire({ statement: run.at, step: 'Connecting', label: run.label, origin: req.origin });
      const session = await this.sessionFor(conn);
      const abort = new AbortController();
      this.abortRun = abort;
      // The report panel says the run is on at once; the notification (with its Cancel) opens
      // only if the run lasts. A first run's toast opened at once cost the new panel's page
      // load about 170 ms of the workbench's thread (first report 879 -> 712 ms, median of 5).
      const delayMs = NOTIFY_AFTER_MS;
      await withLateProgress({ title: req.title, delayMs, abort }, (progress) => this.runAll(req, run, session, progress, abort.signal));
      void this.settled().then(() => this.loadSchemaOnce(conn.name, session));
      return run.results;
    } catch (e) {
      const message = e instanceof AnalysisError ? e.message : `Analysis failed: ${(e as Error).message ?? String(e)}`;
      this.log.error(message);
      this.failed.fire({ statement: run.at, message, label: run.label, origin: req.origin });
      void vscode.window.showErrorMessage(message);
      await this.resetSession();
      return run.results.length ? run.results : undefined;
    } finally {
      this.running = false;
      this.abortRun = undefined;
    }
  }

  /** The request's targets under one progress notification, each report fired as it comes. */
  private async runAll(req: RunRequest, run: Running, session: ProfilerSession, progress: ProgressSink, signal: AbortSignal): Promise<void> {
    const config = { ...readConfig(this.log), ...req.override };
    const policy = policyFrom(config, workspaceTrust);
    const many = req.targets.length > 1;
    const { label } = run;
    await runTargets(req.targets, config, policy, session, {
      signal,
      checksum: req.checksum === true,
      onProgress: (step) => {
        mark(`step ${step}`);
        if (!many) progress({ message: step });
        this.progressed.fire({ statement: run.at, step, label, origin: req.origin });
      },
      // The live plan while the statement runs (from about 1 s on), in the report and the notification.
      onLive: (update) => {
        if (signal.aborted) return;
        if (!many) progress({ message: `Running ${progressLine(update)}` });
        this.lived.fire({ statement: run.at, update, label, origin: req.origin });
      },
      onReport: ({ report }, i) => {
        mark('analysed');
        const done: Analyzed = { report, source: { ...req.targets[i], origin: req.origin, connection: run.conn.name, label } };
        run.results.push(done);
        this.log.info(
          `Analysed on ${run.conn.name} in ${report.analysisMs.toFixed(0)} ms: executed=${report.execution.executed} rows=${report.execution.rows}`,
        );
        this.analyzed.fire(done);
        run.at = req.targets[i + 1]?.text ?? run.at;
        if (many) progress({ message: `${i + 1} of ${req.targets.length}`, increment: 100 / req.targets.length });
      },
    });
  }

  /** Cancel from the report: the same as the notification's Cancel (KILL QUERY on the server). */
  cancel(): void {
    this.abortRun?.abort();
  }

  /** The last single or batch run again (the panel's Run again). */
  async rerun(): Promise<void> {
    if (this.last) await this.run({ ...this.last, origin: 'rerun' });
  }

  private async sessionFor(conn: SavedConnection): Promise<ProfilerSession> {
    if (this.session?.name === conn.name) return this.session.session;
    await this.resetSession();
    const spec = await this.store.spec(conn);
    mark('secrets read');
    const session = new ProfilerSession(spec, undefined, workspaceTrust);
    this.session = { name: conn.name, session };
    return session;
  }

  async resetSession(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    await s?.session.close();
  }

  private readonly schemas = new Map<string, SchemaInfo>();
  private readonly schemaLoading = new Set<string>();

  /** The active connection's schema, once it was read (never on the hover path). */
  schema(): SchemaInfo | undefined {
    const active = this.store.active();
    return active && this.schemas.get(active.name);
  }

  /** Read the schema of the connection just used, in the background, once per connection. */
  private loadSchemaOnce(name: string, session: ProfilerSession): void {
    if (this.schemas.has(name) || this.schemaLoading.has(name)) return;
    this.schemaLoading.add(name);
    session
      .readSchema()
      .then(
        (schema) => {
          if (!schema) return;
          // The hint cache notices the new schema by its stamp the next time the editor is used.
          this.schemas.set(name, schema);
          this.log.info(`Schema of ${name}: ${Object.keys(schema.tables).length} tables, for the hint rules`);
        },
        (e: unknown) => this.log.warn(`Could not read the schema of ${name}: ${e instanceof Error ? e.message : String(e)}`),
      )
      .finally(() => this.schemaLoading.delete(name));
  }

  /** SHOW SESSION STATUS on the analysis session of the active connection, if it is open. */
  async sessionStatus(): Promise<{ connection: string; status: Map<string, string> } | undefined> {
    const s = this.session;
    if (!s || this.running || !vscode.workspace.isTrusted) return undefined;
    return { connection: s.name, status: await s.session.readStatus() };
  }

  dispose(): void {
    this.analyzed.dispose();
    this.progressed.dispose();
    this.lived.dispose();
    this.failed.dispose();
    void this.resetSession();
  }
}
