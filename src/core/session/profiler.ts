import { performance } from 'node:perf_hooks';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { Connection as CoreConnection } from 'mysql2';
import { diffSnapshots, measureObservationCost, type NetBuffer } from '../counters/diff';
import { snapshotFromRows, type StatusRow, type StatusSnapshot } from '../counters/snapshot';
import { fromClassicRows, parsePlanText } from '../plan';
import type { Plan } from '../plan/model';
import { readProfile, type ProfilePreference } from '../profile/read';
import type { Capabilities, Execution, Observation, Report, ServerInfo } from '../report/model';
import { classify, type Classification } from '../sql/classify';
import { splitStatements } from '../sql/statements';
import { significantTokens } from '../sql/lexer';
import { decide, inspect, serverAccessBlocked, type CatalogQuery, type Decision, type Facts, type RunMode } from '../safety';
import { disagreement, ER_READ_ONLY_TRANSACTION, type ExplainOutcome } from '../safety/confirm';
import { dialectFrom, type SqlDialect } from '../sql/dialect';
import { toReportError, AnalysisError } from './errors';
import { openConnection, type ConnectionSpec } from './connection';
import { Guard, KILL_GRACE_MS } from './guard';
import { atLeast, capabilitiesFrom, serverInfoFrom } from './server';
import { ResultChecksum } from './checksum';
import { loadSchema, type SchemaInfo } from '../hints/schema';
import { TOOL_VERSION } from '../version';
import { enrichReport } from '../report/enrich';
import { LiveWatcher, type LiveSummary, type LiveUpdate } from '../live';
import { attachTrace, type TracePolicy } from '../trace/capture';

export interface AnalyzeOptions {
  /** Server-side and client-side limit for the statement (ms); also bounds every other round trip. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
  /**
   * "Profile writes": INSERT/UPDATE/DELETE/REPLACE (and locking reads) run inside
   * START TRANSACTION … ROLLBACK, and only when every table involved is transactional.
   */
  allowWrites?: boolean;
  /** @deprecated Reads always run in a read-only session now; kept so old callers still compile. */
  readOnly?: boolean;
  /** Where stage timings come from; 'auto' picks SHOW PROFILE or performance_schema per server. */
  profileSource?: ProfilePreference;
  /**
   * Actual rows and times per plan node from a second, separate run under ANALYZE FORMAT=JSON
   * (MariaDB) or EXPLAIN ANALYZE (MySQL 8.0.18+). 'auto' does it when the measured run took at
   * most ACTUALS_AUTO_MS; reads only. Default 'never': the statement runs once.
   */
  actuals?: 'never' | 'auto' | 'always';
  /** Checksum the result rows (order-independent) while counting them, to compare two statements. */
  checksum?: boolean;
  /**
   * Watch the statement while it runs (src/core/live): from about 1 s on, a second connection
   * polls its plan with rows so far, its stage and time. Default on; each update goes here.
   */
  live?: boolean;
  onLive?: (u: LiveUpdate) => void;
  /** The optimizer trace of the EXPLAIN ('auto', the default) or none. */
  trace?: TracePolicy;
  /** EXPLAIN only: the statement itself is never run, whatever the safety decision allows (mqt check). */
  explainOnly?: boolean;
}

/** The longest measured run for which 'auto' repeats the statement under ANALYZE. */
export const ACTUALS_AUTO_MS = 2000;

const ER_SPECIFIC_ACCESS_DENIED = 1227;
/** Limit for the round trips around the statement when the caller gives no timeout. */
const DEFAULT_STEP_MS = 60_000;

/**
 * The profiler: ONE dedicated connection per session, so that session counters and
 * profiles belong to our statement alone. Not for concurrent use: one analysis at a time.
 */
export class ProfilerSession {
  private conn: Connection | undefined;
  private server: ServerInfo | undefined;
  private caps: Capabilities | undefined;
  private maxPacket = 0;
  private netBuffer: NetBuffer | undefined;
  private dialect: SqlDialect | undefined;
  private busy = false;

  /**
   * `reader` is the SQL classifier; tests pass a deliberately wrong one to show that the
   * server's read-only session holds on its own.
   */
  constructor(private readonly spec: ConnectionSpec, private readonly reader: (sql: string, dialect?: SqlDialect) => Classification = classify) {}

  private get where(): string {
    return this.spec.socketPath ?? `${this.spec.host}:${this.spec.port}`;
  }

  /** Connect (or reconnect after the server went away) and learn what the server can do. */
  private async connection(guard: Guard, stepMs: number): Promise<Connection> {
    if (this.conn) return this.conn;
    const conn = await this.open();
    conn.on('error', () => {
      // A lost connection is reported by the running query; forget it so the next analysis reconnects.
      if (this.conn === conn) this.conn = undefined;
    });
    this.conn = conn;
    const rows = await guard.step('connecting', stepMs, async () => (await conn.query<RowDataPacket[]>('SELECT VERSION() AS v, @@version_comment AS c, @@performance_schema AS ps, @@max_allowed_packet AS mp, @@SESSION.sql_mode AS sm, @@net_buffer_length AS nb'))[0]);
    this.server = serverInfoFrom(String(rows[0].v), rows[0].c ? String(rows[0].c) : undefined);
    // The reader reads statements as this server does: its version and session sql_mode.
    this.dialect = dialectFrom(this.server.flavor, this.server.version, String(rows[0].sm ?? ''));
    // The server keeps the session read-only: every read runs where it refuses writes (error 1792).
    // Only the opt-in rolled-back runs (and EXPLAIN of a write) open a READ WRITE transaction.
    try {
      await guard.step('connecting', stepMs, () => conn.query('SET SESSION TRANSACTION READ ONLY'));
    } catch (e) {
      if (e instanceof AnalysisError) throw e;
      this.drop();
      throw new AnalysisError(`The server did not accept SET SESSION TRANSACTION READ ONLY (${toReportError(e).message}); nothing is run without it.`);
    }
    this.maxPacket = Number(rows[0].mp) || 0;
    this.netBuffer = { length: Number(rows[0].nb) || 16384, restoresCounters: this.server.flavor === 'mariadb' };
    let haveProfiling: string | null = null;
    try {
      const [p] = await guard.step('connecting', stepMs, () => conn.query<RowDataPacket[]>('SELECT @@have_profiling AS hp'));
      haveProfiling = p[0].hp === null ? null : String(p[0].hp);
    } catch (e) {
      if (e instanceof AnalysisError) throw e;
      haveProfiling = null; // variable missing on this build
    }
    this.caps = capabilitiesFrom(this.server, { haveProfiling, performanceSchema: rows[0].ps as string | number | null });
    if (this.server.flavor === 'mysql' && atLeast(this.server, 8, 3)) {
      // MySQL 8.3+: the tree-shaped JSON (version 2), which names every iterator, as TREE does.
      await guard.step('connecting', stepMs, () => conn.query('SET SESSION explain_json_format_version = 2')).catch((e: unknown) => {
        if (e instanceof AnalysisError) throw e;
      });
    }
    return conn;
  }

  private async open(): Promise<Connection> {
    const blocked = serverAccessBlocked();
    if (blocked) throw new AnalysisError(blocked);
    return openConnection(this.spec);
  }

  /** Throw the connection away without waiting for the server (it may not answer). */
  private drop(): void {
    const c = this.conn;
    this.conn = undefined;
    if (!c) return;
    const raw = (c as unknown as { connection?: { stream?: { destroy?: () => void } } }).connection;
    try {
      c.destroy();
      raw?.stream?.destroy?.();
    } catch {
      // already closed
    }
  }

  /** Polite close, but never waits long on a server that does not answer. */
  async close(): Promise<void> {
    const c = this.conn;
    if (!c) return;
    let timer: NodeJS.Timeout | undefined;
    const quit = c.end().then(() => true, () => false);
    const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 1000)));
    const ok = await Promise.race([quit, late]);
    clearTimeout(timer);
    if (this.conn === c) this.conn = undefined;
    if (!ok) {
      this.conn = c;
      this.drop();
    }
  }

  /** Explain, measure and profile one statement. Never changes data: see src/core/safety. */
  async analyze(sql: string, opts: AnalyzeOptions = {}): Promise<Report> {
    if (this.busy) throw new AnalysisError('An analysis is already running on this connection.');
    this.busy = true;
    try {
      return await this.run(sql, opts);
    } finally {
      this.busy = false;
    }
  }

  private async run(input: string, opts: AnalyzeOptions): Promise<Report> {
    const t0 = performance.now();
    const progress = opts.onProgress ?? (() => undefined);
    const parts = splitStatements(input);
    if (parts.length === 0) throw new AnalysisError('Nothing to analyse: the statement is empty.');
    let statement = parts[0].text;
    if (classify(statement).kind === 'empty') throw new AnalysisError('Nothing to analyse: the statement is empty.');

    const stepMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_STEP_MS;
    const guard = new Guard({ kill: () => this.killCurrent(), drop: () => this.drop(), where: this.where }, opts.signal);
    guard.checkCancelled();
    progress('Connecting');
    const conn = await this.connection(guard, stepMs);
    const q = (what: string, sql: string) => guard.step(what, stepMs, () => conn.query(sql));
    // Read as the connected server reads it (versioned comments, sql_mode).
    const cls = this.reader(statement, this.dialect);
    if (cls.kind === 'empty') throw new AnalysisError('Nothing to analyse: the statement is empty (for this server, its versioned comments hold no code).');
    if (cls.bodyStart !== undefined) statement = statement.slice(cls.bodyStart);
    const notes = [...cls.notes];
    if (parts.length > 1) notes.unshift(`The input holds ${parts.length} statements; only the first one was analysed (put the cursor in or select the one you want).`);
    const bytes = Buffer.byteLength(statement, 'utf8');
    if (this.maxPacket > 0 && bytes + 64 > this.maxPacket) {
      throw new AnalysisError(`The statement is ${(bytes / 1048576).toFixed(1)} MB; the server accepts at most ${(this.maxPacket / 1048576).toFixed(1)} MB per statement (max_allowed_packet).`);
    }
    const server = this.server!;
    const caps = { ...this.caps! };
    const report: Report = {
      tool: { name: 'mysql-query-tuner', version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      server,
      capabilities: caps,
      connection: { host: this.spec.socketPath ?? this.spec.host, port: this.spec.port, user: this.spec.user, ...(this.spec.database ? { database: this.spec.database } : {}) },
      statement,
      statementKind: cls.kind,
      plan: null,
      classicPlan: null,
      raw: {},
      counters: [],
      observation: null,
      profile: { source: null, stages: [] },
      execution: { executed: false, rows: 0, ms: 0 },
      hints: [],
      notes,
      analysisMs: 0,
    };

    // The server-side limit covers every statement of the analysis, catalogue queries included.
    const limit = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : 0;
    await q('setting the time limit', server.flavor === 'mariadb' ? `SET SESSION max_statement_time = ${(limit / 1000).toFixed(3)}` : `SET SESSION max_execution_time = ${Math.ceil(limit)}`);

    let facts: Facts | undefined;
    if (cls.kind === 'read' || cls.kind === 'write') {
      progress('Checking safety');
      const catalog: CatalogQuery = async (sql, values) => (await guard.step('inspecting the schema', stepMs, () => conn.query<RowDataPacket[]>(sql, values)))[0];
      try {
        facts = await inspect(catalog, statement, { writeClosure: opts.allowWrites === true && (cls.kind === 'write' || cls.locking === true), ...(this.dialect ? { dialect: this.dialect } : {}), calls: cls.calls });
      } catch (e) {
        if (e instanceof AnalysisError) throw e;
        notes.push(`Inspecting what the statement touches failed: ${toReportError(e).message}`);
      }
    }
    let decision = decide(cls, facts, { allowWrites: opts.allowWrites === true });

    if (decision.explain && cls.explainable) {
      progress('Explaining');
      const differs = await this.explainChecked(guard, stepMs, conn, statement, report, cls, opts.trace ?? 'auto');
      // The server and the reader disagree on what the statement is: it is explained, never run
      // (when the reader had already held it back, its own reason stays the one shown).
      if (differs && decision.run !== 'no') decision = { ...decision, run: 'no', reason: differs };
      if (differs) notes.push(differs);
    } else {
      report.planError = { message: decision.reason ?? cls.reason ?? 'EXPLAIN does not apply to this statement.' };
    }

    if (decision.run === 'no' || opts.explainOnly) {
      const reason = decision.run === 'no' ? decision.reason ?? 'Not executed.' : 'Explain only: the statement was not run.';
      report.execution = { executed: false, rows: 0, ms: 0, reason };
    } else if (report.planError && report.planError.errno !== undefined && !report.raw.explainJson && !report.raw.explainRows) {
      // The server rejected the statement at EXPLAIN time (syntax, unknown table): running it would only repeat that.
      report.execution = { executed: false, rows: 0, ms: 0, reason: 'The server rejected the statement.', error: report.planError };
    } else {
      guard.checkCancelled();
      progress('Running');
      const actuals = opts.actuals ?? 'never';
      // MariaDB's ANALYZE FORMAT=JSON runs the statement once and gives the actuals; its handler
      // counters are a plain run's (test/db/oneRun.test.ts), so it is the measured run itself.
      const oneRun = actuals !== 'never' && decision.run === 'plain' && !opts.checksum && oneRunApplies(report, statement);
      if (oneRun) await this.measureWithActuals(guard, stepMs, conn, statement, report, opts, decision);
      else await this.measure(guard, stepMs, conn, statement, report, opts, decision);
      if (!oneRun && decision.run === 'plain' && report.execution.executed && (actuals === 'always' || (actuals === 'auto' && report.execution.ms <= ACTUALS_AUTO_MS))) {
        progress('Measuring actual rows per plan node');
        await this.actuals(guard, stepMs, conn, statement, report);
      }
    }
    report.analysisMs = performance.now() - t0;
    return enrichReport(report);
  }

  /**
   * The measured run as `ANALYZE FORMAT=JSON statement` (MariaDB): the plan with actual rows and
   * times, the counters and the profile from one execution. The server sends the plan instead
   * of the rows, so the row count is `Rows_sent` less the plan's own row, and `Bytes_sent` is
   * that of the plan. If the server refuses the ANALYZE form, the statement is measured plainly.
   */
  private async measureWithActuals(guard: Guard, stepMs: number, conn: Connection, statement: string, report: Report, opts: AnalyzeOptions, decision: Decision): Promise<void> {
    const sql = `ANALYZE FORMAT=JSON ${statement}`;
    const out: { first?: unknown } = {};
    await this.measure(guard, stepMs, conn, statement, report, opts, decision, { sql, out });
    const ex = report.execution;
    if (!ex.executed) {
      if (guard.cancelled || /time limit/i.test(ex.reason ?? '')) return;
      report.notes.push(`ANALYZE FORMAT=JSON was refused (${ex.error?.message ?? ex.reason ?? 'no reason given'}); the statement was measured without it.`);
      await this.measure(guard, stepMs, conn, statement, report, opts, decision);
      return;
    }
    const text = String(out.first ?? '');
    try {
      report.plan = parsePlanText(text);
      report.raw.analyze = text;
    } catch (e) {
      report.notes.push(`The ANALYZE plan could not be read, the plan shows estimates only: ${toReportError(e).message}`);
    }
    const sent = report.counters.find((c) => c.name === 'Rows_sent');
    ex.rows = sent ? Math.max(0, sent.corrected - 1) : ex.rows;
    report.notes.push('One execution under ANALYZE FORMAT=JSON gave the plan\'s actual rows and times, the counters and the profile; Bytes_sent is that of the plan the server sent instead of the rows.');
  }

  /**
   * Run the read once more under the server's ANALYZE: the plan then carries actual rows,
   * loops and times next to the estimates. It comes after the counters were read, so they
   * stay those of the single measured run.
   */
  private async actuals(guard: Guard, stepMs: number, conn: Connection, statement: string, report: Report): Promise<void> {
    const mariadb = report.server.flavor === 'mariadb';
    if (!report.capabilities.explainAnalyze) {
      report.notes.push('This server has no ANALYZE for plans; the plan shows estimates only.');
      return;
    }
    const sql = mariadb ? `ANALYZE FORMAT=JSON ${statement}` : `EXPLAIN ANALYZE ${statement}`;
    try {
      const [rows] = await guard.step('ANALYZE', stepMs, () => conn.query<RowDataPacket[]>({ sql, rowsAsArray: true }));
      const text = String((rows as unknown as unknown[][])[0]?.[0] ?? '');
      report.plan = parsePlanText(text);
      report.raw.analyze = text;
      report.notes.push(`Actual rows and times per plan node come from a second run of the statement (${mariadb ? 'ANALYZE FORMAT=JSON' : 'EXPLAIN ANALYZE'}); the counters and the profile are those of the first.`);
    } catch (e) {
      if (e instanceof AnalysisError) throw e;
      report.notes.push(`ANALYZE failed, the plan shows estimates only: ${toReportError(e).message}`);
    }
  }

  /**
   * EXPLAIN, with the server confirming the kind. Reads are explained in the read-only
   * session: a refusal (1792) or a write node means the server sees a write. A write is
   * first explained there too, where the server must refuse it (or show its write node);
   * then inside START TRANSACTION READ WRITE … ROLLBACK, since EXPLAIN of a write fails in
   * a read-only session. Returns the disagreement, if any.
   */
  private async explainChecked(guard: Guard, stepMs: number, conn: Connection, statement: string, report: Report, cls: Classification, trace: TracePolicy): Promise<string | undefined> {
    const outcome = (): ExplainOutcome => ({
      ...(report.planError?.errno !== undefined ? { errno: report.planError.errno } : {}),
      ...(report.raw.explainJson !== undefined ? { json: report.raw.explainJson } : {}),
      ...(report.raw.explainRows !== undefined ? { classic: report.raw.explainRows } : {}),
    });
    if (cls.kind !== 'write' && !cls.locking) {
      await this.explain(guard, stepMs, conn, statement, report, trace);
      return disagreement(cls, outcome());
    }
    if (cls.kind === 'write') {
      let probe: ExplainOutcome;
      try {
        const [rows] = await guard.step('EXPLAIN', stepMs, () => conn.query<RowDataPacket[]>(`EXPLAIN ${statement}`));
        probe = { classic: rows.map((r) => ({ ...r })) };
      } catch (e) {
        if (e instanceof AnalysisError) throw e;
        probe = { errno: toReportError(e).errno ?? -1 };
        if (probe.errno !== ER_READ_ONLY_TRANSACTION) {
          report.planError = toReportError(e, statement); // syntax, privileges, unknown table: the server's own answer
          return undefined;
        }
      }
      const differs = disagreement(cls, probe);
      if (differs) {
        report.raw.explainRows = probe.classic;
        report.planError = { message: differs };
        return differs;
      }
    }
    let open = false;
    try {
      await guard.step('EXPLAIN', stepMs, () => conn.query('START TRANSACTION READ WRITE'));
      open = true;
      await this.explain(guard, stepMs, conn, statement, report, trace);
    } finally {
      if (open && this.conn === conn) await guard.step('EXPLAIN', stepMs, () => conn.query('ROLLBACK'));
    }
    return cls.kind === 'write' ? undefined : disagreement(cls, outcome());
  }

  private async explain(guard: Guard, stepMs: number, conn: Connection, statement: string, report: Report, trace: TracePolicy = 'never'): Promise<void> {
    const attempt = async <T>(fn: () => Promise<T>): Promise<T | Error> => {
      try {
        return await guard.step('EXPLAIN', stepMs, fn);
      } catch (e) {
        if (e instanceof AnalysisError) throw e; // lost connection, no answer, cancelled
        return e instanceof Error ? e : new Error(String(e));
      }
    };
    if (report.capabilities.explainJson) {
      const r = await attempt(async () => (await conn.query<RowDataPacket[]>({ sql: `EXPLAIN FORMAT=JSON ${statement}`, rowsAsArray: true }))[0]);
      if (r instanceof Error) report.planError = toReportError(r, statement);
      else {
        const text = String((r as unknown as unknown[][])[0]?.[0] ?? '');
        try {
          // parsePlanText also reads MySQL's /* end markers */ (end_markers_in_json=on).
          report.plan = parsePlanText(text);
          report.raw.explainJson = text;
        } catch (e) {
          report.raw.explainJson = text;
          report.planError = toReportError(e, statement);
        }
      }
    }
    // MySQL 8.0.16+ also prints the plan as an iterator tree, the form its ANALYZE uses.
    if (report.server.flavor === 'mysql' && atLeast(report.server, 8, 0, 16)) {
      const tree = await attempt(async () => (await conn.query<RowDataPacket[]>({ sql: `EXPLAIN FORMAT=TREE ${statement}`, rowsAsArray: true }))[0]);
      if (!(tree instanceof Error)) report.raw.explainTree = String((tree as unknown as unknown[][])[0]?.[0] ?? '');
    }
    const rows = await attempt(async () => (await conn.query<RowDataPacket[]>(`EXPLAIN ${statement}`))[0]);
    if (rows instanceof Error) {
      if (!report.planError) report.planError = toReportError(rows, statement);
      return;
    }
    report.raw.explainRows = rows.map((r) => ({ ...r }));
    if (trace !== 'never') {
      await attachTrace(async (what, sql, values) => (await guard.step(what, stepMs, () => conn.query<RowDataPacket[]>(sql, values)))[0], statement, report, (e) => e instanceof AnalysisError);
    }
    const classic: Plan = { format: 'classic', root: fromClassicRows(report.raw.explainRows) };
    report.classicPlan = classic;
    if (!report.plan) {
      report.plan = classic;
      delete report.planError;
    }
  }

  private async measure(guard: Guard, stepMs: number, conn: Connection, statement: string, report: Report, opts: AnalyzeOptions, decision: Decision, as?: { sql: string; out: { first?: unknown } }): Promise<void> {
    const caps = report.capabilities;
    const q = (sql: string) => guard.step('the measurement set-up', stepMs, () => conn.query(sql));
    const snapshot = async (): Promise<StatusSnapshot> => {
      const [rows] = await guard.step('reading SHOW SESSION STATUS', stepMs, () => conn.query<RowDataPacket[]>('SHOW SESSION STATUS'));
      return snapshotFromRows(rows as unknown as StatusRow[]);
    };
    const mode: RunMode = decision.run;
    if (caps.profiling) {
      try {
        await q('SET profiling = 1');
      } catch (e) {
        if (e instanceof AnalysisError) throw e;
        caps.profiling = false;
      }
    }
    let flushed = false;
    try {
      // FLUSH commits implicitly: it must come before START TRANSACTION.
      await q('FLUSH STATUS');
      flushed = true;
    } catch (e) {
      if (e instanceof AnalysisError || (e as { errno?: number }).errno !== ER_SPECIFIC_ACCESS_DENIED) throw e;
      caps.flushStatus = false;
      report.notes.push('FLUSH STATUS was denied (no RELOAD privilege): counters are before/after differences on an unflushed session.');
    }
    let inTransaction = false;
    try {
      if (mode === 'rollback') {
        await q('START TRANSACTION READ WRITE');
        inTransaction = true;
      }
      // Two snapshots with nothing between measure what observing costs; the second opens the window.
      const calibrate = await snapshot();
      const before = await snapshot();
      const cost = measureObservationCost(calibrate, before, this.netBuffer);

      const { affected, live, ...execution } = await this.execute(guard, conn, as?.sql ?? statement, opts, report.server, as?.out);
      guard.finishing = true;
      report.execution = execution;
      // The last live plan stays in the report (enrichReport says how the statement ended).
      if (live) report.live = live;
      if (affected !== undefined) report.notes.push(`${affected} row(s) affected${mode === 'rollback' ? ', then rolled back' : ''}.`);
      const after = await snapshot().catch((e: unknown) => {
        if (e instanceof AnalysisError) throw e;
        return undefined;
      });
      if (after) {
        report.counters = diffSnapshots(before, after, cost);
        const observation: Observation = { flushed, selfCost: Object.fromEntries(cost) };
        report.observation = observation;
      }
      if (inTransaction && report.server.flavor === 'mariadb') {
        const [rows] = await q('SELECT @@in_transaction AS t');
        if (Number((rows as RowDataPacket[])[0]?.t) !== 1) report.notes.push('WARNING: the transaction ended before the rollback (an implicit commit?); the change may have been kept.');
      }
    } finally {
      guard.finishing = true;
      if (inTransaction && this.conn === conn) await q('ROLLBACK');
    }
    if (mode === 'rollback' && report.execution.executed) report.notes.push(...decision.notes);
    report.profile = await guard.step('reading the profile', stepMs, () => readProfile(conn, as?.sql ?? statement, caps, report.server, opts.profileSource));
  }

  /** Run the statement, counting rows as they stream and keeping none. */
  private async execute(guard: Guard, conn: Connection, statement: string, opts: AnalyzeOptions, server: ServerInfo, keep?: { first?: unknown }): Promise<Execution & { affected?: number; live?: LiveSummary }> {
    // The promise wrapper has no streaming API; its underlying core connection does.
    const raw = (conn as unknown as { connection: CoreConnection }).connection;
    const limit = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : 0;
    // The server's own limit normally fires first; the client guard catches what it does not cover.
    const clientMs = limit > 0 ? limit + 1500 : 2 ** 31 - 1;
    const t0 = performance.now();
    let timedOut = false;
    let onLost: ((e: unknown) => void) | undefined;
    let watcher: LiveWatcher | undefined;
    const timer = limit > 0 ? setTimeout(() => (timedOut = true), clientMs) : undefined;
    try {
      const done = await guard.step('the statement', clientMs, () => new Promise<Execution & { affected?: number }>((resolve, reject) => {
        let rows = 0;
        let affected: number | undefined;
        // A streaming query without a callback hears of a lost connection only through the connection.
        onLost = (e: unknown) => reject(e instanceof Error ? Object.assign(e, { fatal: true }) : new Error(String(e)));
        raw.on('error', onLost);
        const q = raw.query({ sql: statement, rowsAsArray: true });
        const threadId = conn.threadId;
        if (opts.live !== false && threadId !== null && threadId !== undefined) {
          watcher = new LiveWatcher({ server, threadId, open: () => this.openSide(), ...(opts.onLive ? { onUpdate: opts.onLive } : {}) });
        }
        const sum = opts.checksum ? new ResultChecksum() : undefined;
        q.on('result', (row: unknown) => {
          // OK packets of statements without a result set also arrive here; only arrays are rows.
          if (Array.isArray(row)) {
            if (keep && rows === 0) keep.first = row[0];
            rows++;
            sum?.add(row);
          }
          else if (row && typeof row === 'object' && 'affectedRows' in row) affected = (row as ResultSetHeader).affectedRows;
        });
        q.on('error', (e: unknown) => {
          if ((e as { fatal?: boolean }).fatal) return reject(e instanceof Error ? e : new Error(String(e)));
          const err = toReportError(e, statement);
          const reason = guard.cancelled ? 'Cancelled.' : err.errno === ER_READ_ONLY_TRANSACTION ? 'The server refused it: it writes, and the session is read-only.' : err.errno === 1969 || err.errno === 3024 || timedOut ? 'Stopped by the time limit.' : 'The statement failed.';
          resolve({ executed: false, rows, ms: performance.now() - t0, reason, error: err });
        });
        q.on('end', () => resolve({ executed: true, rows, ms: performance.now() - t0, ...(affected !== undefined ? { affected } : {}), ...(sum ? { checksum: sum.digest() } : {}) }));
      }));
      const live = await watcher?.stop();
      return live ? { ...done, live } : done;
    } finally {
      clearTimeout(timer);
      if (onLost) raw.removeListener('error', onLost);
      // Never leave the watcher's connection behind, whatever happened to the statement.
      await watcher?.stop();
    }
  }

  /** A second, short-lived connection beside the busy one (live view). */
  private async openSide(): Promise<Connection> {
    const blocked = serverAccessBlocked();
    if (blocked) throw new AnalysisError(blocked);
    return openConnection(this.spec, { connectTimeoutMs: Math.min(this.spec.connectTimeoutMs ?? 2000, 2000) });
  }

  /**
   * Tables, columns and indexes of the session's database, for the schema-based hint rules
   * (information_schema only; one call per connection, cached by the caller).
   */
  async readSchema(): Promise<SchemaInfo | undefined> {
    if (this.busy || !this.spec.database) return undefined;
    const guard = new Guard({ kill: () => this.killCurrent(), drop: () => this.drop(), where: this.where });
    const conn = await this.connection(guard, DEFAULT_STEP_MS);
    return guard.step('reading the schema', DEFAULT_STEP_MS, () => loadSchema(conn, this.spec.database!));
  }

  /** The session's own counters now (for the side panel); connects if needed. */
  async readStatus(): Promise<StatusSnapshot> {
    if (this.busy) throw new AnalysisError('An analysis is running on this connection.');
    const guard = new Guard({ kill: () => this.killCurrent(), drop: () => this.drop(), where: this.where });
    const conn = await this.connection(guard, DEFAULT_STEP_MS);
    const [rows] = await guard.step('reading SHOW SESSION STATUS', DEFAULT_STEP_MS, () => conn.query<RowDataPacket[]>('SHOW SESSION STATUS'));
    return snapshotFromRows(rows as unknown as StatusRow[]);
  }

  private killCurrent(): Promise<void> {
    const id = this.conn?.threadId;
    return id === undefined || id === null ? Promise.resolve() : this.killQuery(id);
  }

  /** KILL QUERY from a second, short-lived connection (the first one is busy). Never waits long. */
  async killQuery(threadId: number): Promise<void> {
    if (serverAccessBlocked()) return;
    let killer: Connection | undefined;
    const work = (async () => {
      killer = await openConnection(this.spec, { connectTimeoutMs: Math.min(this.spec.connectTimeoutMs ?? KILL_GRACE_MS, KILL_GRACE_MS) });
      await killer.query(`KILL QUERY ${Number(threadId)}`);
    })();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([work, new Promise<void>((r) => (timer = setTimeout(r, KILL_GRACE_MS)))]);
    } catch {
      // Nothing to kill any more, or no right to: the query ends by its own limit.
    } finally {
      clearTimeout(timer);
      work.catch(() => undefined).finally(() => killer?.destroy());
    }
  }
}

/** One-shot helper: connect, analyse one statement, disconnect. */
export async function analyzeStatement(spec: ConnectionSpec, sql: string, opts: AnalyzeOptions = {}): Promise<Report> {
  const session = new ProfilerSession(spec);
  try {
    return await session.analyze(sql, opts);
  } finally {
    await session.close();
  }
}

/** ANALYZE FORMAT=JSON takes SELECT and WITH as they are; other reads (TABLE, VALUES) would read as another command. */
function oneRunApplies(report: Report, statement: string): boolean {
  if (report.server.flavor !== 'mariadb' || !report.capabilities.explainAnalyze) return false;
  const first = significantTokens(statement)[0]?.text.toUpperCase();
  return first === 'SELECT' || first === 'WITH';
}
