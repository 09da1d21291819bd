import { performance } from 'node:perf_hooks';
import * as mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Connection as CoreConnection } from 'mysql2';
import { diffSnapshots, measureObservationCost } from '../counters/diff';
import { snapshotFromRows, type StatusRow, type StatusSnapshot } from '../counters/snapshot';
import { fromClassicRows, parsePlanJson } from '../plan';
import type { Plan } from '../plan/model';
import { readProfile } from '../profile/read';
import type { Capabilities, Execution, Observation, Report, ServerInfo } from '../report/model';
import { classify } from '../sql/classify';
import { connectionErrorMessage, toReportError, AnalysisError } from './errors';
import { driverOptions, type ConnectionSpec } from './connection';
import { capabilitiesFrom, serverInfoFrom } from './server';
import { TOOL_VERSION } from '../version';
import { enrichReport } from '../report/enrich';

export interface AnalyzeOptions {
  /** Server-side and client-side limit for the statement (ms). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
}

const ER_SPECIFIC_ACCESS_DENIED = 1227;

/**
 * The profiler: ONE dedicated connection per session, so that session counters and
 * profiles belong to our statement alone. Not for concurrent use: one analysis at a time.
 */
export class ProfilerSession {
  private conn: Connection | undefined;
  private server: ServerInfo | undefined;
  private caps: Capabilities | undefined;
  private busy = false;

  constructor(private readonly spec: ConnectionSpec) {}

  private get where(): string {
    return this.spec.socketPath ?? `${this.spec.host}:${this.spec.port}`;
  }

  /** Connect (or reconnect after the server went away) and learn what the server can do. */
  private async connection(): Promise<Connection> {
    if (this.conn) return this.conn;
    const conn = await this.open();
    conn.on('error', () => {
      // A lost connection is reported by the running query; forget it so the next analysis reconnects.
      if (this.conn === conn) this.conn = undefined;
    });
    this.conn = conn;
    const [rows] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS v, @@version_comment AS c, @@performance_schema AS ps');
    this.server = serverInfoFrom(String(rows[0].v), rows[0].c ? String(rows[0].c) : undefined);
    let haveProfiling: string | null = null;
    try {
      const [p] = await conn.query<RowDataPacket[]>('SELECT @@have_profiling AS hp');
      haveProfiling = p[0].hp === null ? null : String(p[0].hp);
    } catch {
      haveProfiling = null; // variable missing on this build
    }
    this.caps = capabilitiesFrom(this.server, { haveProfiling, performanceSchema: rows[0].ps as string | number | null });
    return conn;
  }

  private async open(): Promise<Connection> {
    const tls = this.spec.tls ?? 'disabled';
    try {
      return await mysql.createConnection(driverOptions(this.spec, tls !== 'disabled'));
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (tls === 'preferred' && /SSL|TLS/i.test(`${code} ${(e as Error).message}`)) {
        try {
          return await mysql.createConnection(driverOptions(this.spec, false));
        } catch (e2) {
          throw new AnalysisError(connectionErrorMessage(e2, this.where), toReportError(e2));
        }
      }
      throw new AnalysisError(connectionErrorMessage(e, this.where), toReportError(e));
    }
  }

  async close(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    if (c) await c.end().catch(() => c.destroy());
  }

  /** Explain, measure and profile one statement. Never changes data (see classify()). */
  async analyze(sql: string, opts: AnalyzeOptions = {}): Promise<Report> {
    if (this.busy) throw new AnalysisError('An analysis is already running on this connection.');
    this.busy = true;
    try {
      return await this.run(sql.trim().replace(/;\s*$/, ''), opts);
    } finally {
      this.busy = false;
    }
  }

  private async run(statement: string, opts: AnalyzeOptions): Promise<Report> {
    const t0 = performance.now();
    const progress = opts.onProgress ?? (() => undefined);
    const cls = classify(statement);
    if (cls.kind === 'empty') throw new AnalysisError('Nothing to analyse: the statement is empty.');
    progress('Connecting');
    const conn = await this.connection();
    const server = this.server!;
    const caps = { ...this.caps! };
    const notes = [...cls.notes];
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

    if (cls.explainable) {
      progress('Explaining');
      await this.explain(conn, statement, report);
    } else {
      report.planError = { message: cls.reason ?? 'EXPLAIN does not apply to this statement.' };
    }

    if (!cls.safeToExecute) {
      report.execution = { executed: false, rows: 0, ms: 0, reason: cls.reason ?? 'Not executed.' };
    } else if (report.planError && report.planError.errno !== undefined && !report.raw.explainJson && !report.raw.explainRows) {
      // The server rejected the statement at EXPLAIN time (syntax, unknown table): running it would only repeat that.
      report.execution = { executed: false, rows: 0, ms: 0, reason: 'The server rejected the statement.', error: report.planError };
    } else {
      this.checkAborted(opts.signal);
      progress('Running');
      await this.measure(conn, statement, report, opts);
    }
    report.analysisMs = performance.now() - t0;
    return enrichReport(report);
  }

  private async explain(conn: Connection, statement: string, report: Report): Promise<void> {
    if (report.capabilities.explainJson) {
      try {
        const [rows] = await conn.query<RowDataPacket[]>({ sql: `EXPLAIN FORMAT=JSON ${statement}`, rowsAsArray: true });
        const text = String((rows as unknown as unknown[][])[0]?.[0] ?? '');
        report.raw.explainJson = text;
        report.plan = parsePlanJson(JSON.parse(text));
      } catch (e) {
        report.planError = toReportError(e, statement);
      }
    }
    try {
      const [rows] = await conn.query<RowDataPacket[]>(`EXPLAIN ${statement}`);
      report.raw.explainRows = rows.map((r) => ({ ...r }));
      const classic: Plan = { format: 'classic', root: fromClassicRows(report.raw.explainRows) };
      report.classicPlan = classic;
      if (!report.plan) {
        report.plan = classic;
        delete report.planError;
      }
    } catch (e) {
      if (!report.planError) report.planError = toReportError(e, statement);
    }
  }

  private async measure(conn: Connection, statement: string, report: Report, opts: AnalyzeOptions): Promise<void> {
    const caps = report.capabilities;
    const mariadb = report.server.flavor === 'mariadb';
    if (opts.timeoutMs && opts.timeoutMs > 0) {
      await conn.query(mariadb ? `SET SESSION max_statement_time = ${(opts.timeoutMs / 1000).toFixed(3)}` : `SET SESSION max_execution_time = ${Math.ceil(opts.timeoutMs)}`);
    }
    if (caps.profiling) {
      try {
        await conn.query('SET profiling = 1');
      } catch {
        caps.profiling = false;
      }
    }
    let flushed = false;
    try {
      await conn.query('FLUSH STATUS');
      flushed = true;
    } catch (e) {
      if ((e as { errno?: number }).errno !== ER_SPECIFIC_ACCESS_DENIED) throw e;
      caps.flushStatus = false;
      report.notes.push('FLUSH STATUS was denied (no RELOAD privilege): counters are before/after differences on an unflushed session.');
    }
    // Two snapshots with nothing between measure what observing costs; the second opens the window.
    const calibrate = await snapshot(conn);
    const before = await snapshot(conn);
    const cost = measureObservationCost(calibrate, before);

    const execution = await this.execute(conn, statement, opts);
    report.execution = execution;
    const after = await snapshot(conn).catch(() => undefined);
    if (after) {
      report.counters = diffSnapshots(before, after, cost);
      const observation: Observation = { flushed, selfCost: Object.fromEntries(cost) };
      report.observation = observation;
    }
    report.profile = await readProfile(conn, statement, caps);
    if (opts.timeoutMs && opts.timeoutMs > 0) {
      await conn.query(mariadb ? 'SET SESSION max_statement_time = 0' : 'SET SESSION max_execution_time = 0').catch(() => undefined);
    }
  }

  /** Run the statement, counting rows as they stream and keeping none. */
  private execute(conn: Connection, statement: string, opts: AnalyzeOptions): Promise<Execution> {
    // The promise wrapper has no streaming API; its underlying core connection does.
    const raw = (conn as unknown as { connection: CoreConnection }).connection;
    const threadId = conn.threadId;
    return new Promise<Execution>((resolve) => {
      let rows = 0;
      let settled = false;
      const t0 = performance.now();
      const finish = (ex: Execution) => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(ex);
      };
      const kill = () => {
        if (threadId !== null) void this.killQuery(threadId);
      };
      const onAbort = () => kill();
      opts.signal?.addEventListener('abort', onAbort);
      // Client-side guard in case the server-side limit does not apply (e.g. MySQL non-SELECT).
      const guard = setTimeout(kill, (opts.timeoutMs ?? 0) > 0 ? opts.timeoutMs! + 2000 : 2 ** 31 - 1);
      const q = raw.query({ sql: statement, rowsAsArray: true });
      q.on('result', (row: unknown) => {
        // OK packets of statements without a result set also arrive here; only arrays are rows.
        if (Array.isArray(row)) rows++;
      });
      q.on('error', (e: unknown) => {
        const err = toReportError(e, statement);
        const cancelled = opts.signal?.aborted;
        finish({ executed: false, rows, ms: performance.now() - t0, reason: cancelled ? 'Cancelled.' : err.errno === 1969 || err.errno === 3024 ? 'Stopped by the time limit.' : 'The statement failed.', error: err });
      });
      q.on('end', () => finish({ executed: true, rows, ms: performance.now() - t0 }));
    });
  }

  /** The session's own counters now (for the side panel); connects if needed. */
  async readStatus(): Promise<StatusSnapshot> {
    return snapshot(await this.connection());
  }

  /** KILL QUERY from a second, short-lived connection (the first one is busy). */
  async killQuery(threadId: number): Promise<void> {
    let killer: Connection | undefined;
    try {
      killer = await mysql.createConnection(driverOptions(this.spec, (this.spec.tls ?? 'disabled') !== 'disabled'));
      await killer.query(`KILL QUERY ${Number(threadId)}`);
    } catch {
      // Nothing to kill any more, or no right to: the query will end by its own limit.
    } finally {
      await killer?.end().catch(() => killer?.destroy());
    }
  }

  private checkAborted(signal?: AbortSignal): void {
    if (signal?.aborted) throw new AnalysisError('Cancelled.');
  }
}

async function snapshot(conn: Connection): Promise<StatusSnapshot> {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW SESSION STATUS');
  return snapshotFromRows(rows as unknown as StatusRow[]);
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
