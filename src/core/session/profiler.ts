import type * as mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { normalize, type TunerConfig } from '../config';
import { snapshotFromRows, type StatusRow, type StatusSnapshot } from '../counters/snapshot';
import type { LiveUpdate } from '../live';
import { executeStreaming } from '../pipeline/execute';
import { analyze, DEFAULT_STEP_MS, type AnalysisSession, type RunOptions } from '../pipeline/analyze';
import { serverPolicy, type ServerPolicy } from '../pipeline/policy';
import { makeStatement, type Reader } from '../pipeline/statement';
import type { ConnectionState, StepDb } from '../pipeline/step';
import type { ProfilePreference } from '../profile/read';
import type { Report } from '../report/model';
import { OPEN_GATE, type AccessGate } from '../safety/gate';
import { loadSchema, type SchemaInfo } from '../hints/schema';
import { classify } from '../sql/classify';
import type { TracePolicy } from '../trace/capture';
import { AnalysisError } from './errors';
import { letGo, openConnection, type ConnectionSpec } from './connection';
import { Guard, KILL_GRACE_MS } from './guard';
import { learn, setUpSession } from './setup';

export { ACTUALS_AUTO_MS } from '../pipeline/steps/actuals';

/** The options of `ProfilerSession.analyze(sql, opts)`: a string statement and flat flags. */
export interface AnalyzeOptions {
  /** Server-side and client-side limit for the statement (ms); also bounds every other round trip. None when absent. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
  /** "Profile writes": writes and locking reads run inside START TRANSACTION … ROLLBACK, transactional tables only. */
  allowWrites?: boolean;
  /** @deprecated Reads always run in a read-only session now; kept so old callers still compile. */
  readOnly?: boolean;
  /** Nothing is executed: EXPLAIN only. */
  explainOnly?: boolean;
  /** Where stage timings come from; 'auto' picks SHOW PROFILE or performance_schema per server. */
  profileSource?: ProfilePreference;
  /**
   * Actual rows and times per plan node: on MariaDB from the measured run itself (ANALYZE
   * FORMAT=JSON, one execution), elsewhere from a second run under ANALYZE; default 'never' here.
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
}

/** The flat options as the pipeline's config and policy (no time limit when none is given). */
export function fromOptions(opts: AnalyzeOptions, gate: AccessGate = OPEN_GATE): { config: TunerConfig; policy: ServerPolicy; run: RunOptions } {
  const { config } = normalize({ planActuals: opts.actuals ?? 'never', profileSource: opts.profileSource, optimizerTrace: opts.trace });
  config.timeoutSeconds = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs / 1000 : 0;
  const policy = serverPolicy({ readOnly: opts.readOnly, allowWrites: opts.allowWrites, explainOnly: opts.explainOnly, gate });
  const run: RunOptions = {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.onLive ? { onLive: opts.onLive } : {}),
    checksum: opts.checksum === true,
    live: opts.live !== false,
  };
  return { config, policy, run };
}

/**
 * The profiler session: ONE dedicated connection, so that session counters and profiles
 * belong to our statement alone. Not for concurrent use: one analysis at a time. The
 * analysis itself is the pipeline (core/pipeline); this class owns the connection.
 */
export class ProfilerSession implements AnalysisSession {
  private conn: Connection | undefined;
  private state: ConnectionState = {};
  private busy = false;

  /**
   * `reader` is the SQL classifier; tests pass a deliberately wrong one to show that the
   * server's read-only session holds on its own. `gate` is asked before every connection:
   * closed, nothing reaches the server.
   */
  constructor(
    private readonly spec: ConnectionSpec,
    private readonly reader: Reader = classify,
    private readonly gate: AccessGate = OPEN_GATE,
  ) {}

  private get address(): string {
    return this.spec.socketPath ?? `${this.spec.host}:${this.spec.port}`;
  }

  get where(): Report['connection'] {
    return {
      host: this.spec.socketPath ?? this.spec.host,
      port: this.spec.port,
      user: this.spec.user,
      ...(this.spec.database ? { database: this.spec.database } : {}),
    };
  }

  /** Explain, measure and profile one statement. Never changes data: see src/core/safety. */
  analyze(sql: string, opts: AnalyzeOptions = {}): Promise<Report> {
    const { config, policy, run } = fromOptions(opts, this.gate);
    return analyze(makeStatement(sql), config, policy, this, { ...run, reader: this.reader });
  }

  async exclusive<T>(
    o: { signal?: AbortSignal; stepMs: number; limitMs: number; policy: ServerPolicy; onConnect?: () => void },
    fn: (db: StepDb) => Promise<T>,
  ): Promise<T> {
    if (this.busy) throw new AnalysisError('An analysis is already running on this connection.');
    this.busy = true;
    try {
      const guard = this.guard(o.signal);
      guard.checkCancelled();
      const blocked = o.policy.blocked();
      if (blocked) throw new AnalysisError(blocked);
      o.onConnect?.();
      const conn = await this.connection(guard, o.stepMs, o.limitMs);
      return await fn(this.stepDb(conn, guard, o.stepMs, o.limitMs));
    } finally {
      this.busy = false;
    }
  }

  private guard(signal?: AbortSignal): Guard {
    return new Guard({ kill: () => this.killCurrent(), drop: () => this.drop(), where: this.address }, signal);
  }

  private stepDb(conn: Connection, guard: Guard, stepMs: number, limitMs: number): StepDb {
    let sent = 0;
    const state = this.state;
    // The server reads a statement into its network buffer, growing it when it is too small.
    const sending = (sql: string) => {
      sent++;
      const length = state.netLength ?? state.detected?.netBuffer.length;
      const bytes = Buffer.byteLength(sql) + 1; // the command byte
      if (length && bytes >= length) state.netLength = Math.max(length, Math.ceil(bytes / 4096) * 4096);
    };
    const db: StepDb = {
      conn,
      guard,
      stepMs,
      limitMs,
      state: this.state,
      query: async <R>(what: string, sql: string | mysql.QueryOptions, values?: unknown[]) => {
        // Formatted once, here, as the driver would: what is sent is what is measured.
        const { values: own, ...opts } = typeof sql === 'string' ? { sql } : sql;
        const bound = values ?? own;
        const text = bound === undefined ? opts.sql : conn.format(opts.sql, bound);
        sending(text);
        return (await guard.step(what, stepMs, () => conn.query<RowDataPacket[]>({ ...opts, sql: text })))[0] as R;
      },
      execute: (statement, o) => {
        sending(statement);
        return executeStreaming(db, statement, o);
      },
      sent: () => sent,
      current: () => this.conn === conn,
      second: () => this.openSide(),
    };
    return db;
  }

  /**
   * The dedicated connection, opened (or reopened after the server went away) when needed.
   * The server keeps it read-only: every read runs where it refuses writes (error 1792).
   * Only the opt-in rolled-back runs (and EXPLAIN of a write) open a READ WRITE transaction.
   */
  private async connection(guard: Guard, stepMs = DEFAULT_STEP_MS, limitMs?: number): Promise<Connection> {
    if (this.conn) return this.conn;
    const conn = await this.open();
    conn.on('error', () => {
      // A lost connection is reported by the running query; forget it so the next analysis reconnects.
      if (this.conn === conn) this.conn = undefined;
    });
    this.conn = conn;
    this.state = {};
    // One SELECT to learn the server, one SET for READ ONLY, the limit and profiling (core/session/setup).
    const q = async (what: string, sql: string) => (await guard.step(what, stepMs, () => conn.query<RowDataPacket[]>(sql)))[0];
    try {
      const detected = await learn(q);
      await setUpSession(q, detected, this.state, limitMs);
      this.state.detected = detected;
    } catch (e) {
      // Half set up is not set up: READ ONLY may be missing.
      if (this.conn === conn) this.drop();
      throw e;
    }
    return conn;
  }

  private async open(): Promise<Connection> {
    const blocked = this.gate.blocked();
    if (blocked) throw new AnalysisError(blocked);
    return openConnection(this.spec);
  }

  /** A second, short-lived connection beside the busy one (live view). */
  private async openSide(): Promise<Connection> {
    const blocked = this.gate.blocked();
    if (blocked) throw new AnalysisError(blocked);
    return openConnection(this.spec, { connectTimeoutMs: Math.min(this.spec.connectTimeoutMs ?? 2000, 2000) });
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
    const quit = c.end().then(
      () => true,
      () => false,
    );
    const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 1000)));
    const ok = await Promise.race([quit, late]);
    clearTimeout(timer);
    if (this.conn === c) this.conn = undefined;
    if (ok) letGo(c);
    else {
      this.conn = c;
      this.drop();
    }
  }

  /**
   * Tables, columns and indexes of the session's database, for the schema-based hint rules
   * (information_schema only; one call per connection, cached by the caller).
   */
  async readSchema(): Promise<SchemaInfo | undefined> {
    if (this.busy || !this.spec.database) return undefined;
    const guard = this.guard();
    const conn = await this.connection(guard);
    return guard.step('reading the schema', DEFAULT_STEP_MS, () => loadSchema(conn, this.spec.database!));
  }

  /** The session's own counters now (for the side panel); connects if needed. */
  async readStatus(): Promise<StatusSnapshot> {
    if (this.busy) throw new AnalysisError('An analysis is running on this connection.');
    const guard = this.guard();
    const conn = await this.connection(guard);
    const [rows] = await guard.step('reading SHOW SESSION STATUS', DEFAULT_STEP_MS, () => conn.query<RowDataPacket[]>('SHOW SESSION STATUS'));
    return snapshotFromRows(rows as unknown as StatusRow[]);
  }

  private killCurrent(): Promise<void> {
    const id = this.conn?.threadId;
    return id === undefined || id === null ? Promise.resolve() : this.killQuery(id);
  }

  /** KILL QUERY from a second, short-lived connection (the first one is busy). Never waits long. */
  async killQuery(threadId: number): Promise<void> {
    if (this.gate.blocked()) return;
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
