// The statements that cost the server most, from performance_schema's digest summary
// (`events_statements_summary_by_digest`), ranked by total time. Samples come from
// QUERY_SAMPLE_TEXT (MySQL 8.0.3+, MariaDB 11) or, when the server has no such column, from
// events_statements_history_long (or the per-thread history) where its consumer is on.
// Everything here is a read of performance_schema, on a session the server keeps READ ONLY.
import type * as mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { DEFAULT_STEP_MS } from '../pipeline/analyze';
import { serverPolicy } from '../pipeline/policy';
import { OPEN_GATE, type AccessGate } from '../safety/gate';
import type { ConnectionSpec } from '../session/connection';
import { AnalysisError, toReportError } from '../session/errors';
import { ProfilerSession } from '../session/profiler';
import { analyzedStatement, isToolStatement } from './own';

/** One digest, as `mqt top --format json` prints it. */
export interface TopStatement {
  digest: string;
  digestText: string;
  /** A real statement of the digest, or null when the server kept none. */
  sample: string | null;
  calls: number;
  totalMs: number;
  avgMs: number;
  rowsExamined: number;
  rowsSent: number;
  tmpDiskTables: number;
  /** Full scans of the first table (SUM_SELECT_SCAN) plus joins that scan a later table (SUM_SELECT_FULL_JOIN). */
  fullScans: number;
  noIndexUsed: number;
  /** Calls that were `ANALYZE FORMAT=JSON` runs of the statement (Explain & Profile on MariaDB), merged into this row. */
  analyzeRuns: number;
  schema: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface TopResult {
  rows: TopStatement[];
  /** Where the samples came from. */
  sampleSource: 'QUERY_SAMPLE_TEXT' | 'events_statements_history_long' | 'events_statements_history' | 'none';
  /** Digests of the tool's own statements left out (0 with `all`). */
  hidden: number;
}

export interface TopOptions {
  limit?: number;
  /** Only this schema's digests. */
  schema?: string;
  /** Every digest as the server keeps it: the tool's own statements too, and ANALYZE runs apart. */
  all?: boolean;
  /** Asked before connecting (workspace trust in the editor); open by default. */
  gate?: AccessGate;
}

/**
 * The user's statements: the tool's own left out (./own.ts), `ANALYZE FORMAT=JSON <stmt>` shown
 * as `<stmt>` and merged with the plain form's row of the same schema, most total time first.
 * `digests` gives the digest hashes behind each row (for its sample).
 */
export function userStatements(rows: TopStatement[]): { rows: TopStatement[]; hidden: number; digests: Map<TopStatement, string[]> } {
  const byKey = new Map<string, TopStatement>();
  const digests = new Map<TopStatement, string[]>();
  let hidden = 0;
  for (const r of rows) {
    const inner = analyzedStatement(r.digestText, 'digest');
    if (inner === undefined && isToolStatement(r.digestText)) {
      hidden++;
      continue;
    }
    const row: TopStatement =
      inner === undefined
        ? { ...r }
        : {
            ...r,
            digestText: inner,
            sample: r.sample === null ? null : (analyzedStatement(r.sample, 'sql') ?? r.sample),
            analyzeRuns: r.analyzeRuns + r.calls,
          };
    const key = `${row.schema ?? ''}\0${row.digestText.trim()}`;
    const had = byKey.get(key);
    if (!had) {
      byKey.set(key, row);
      digests.set(row, [r.digest]);
      continue;
    }
    // The plain form's digest and sample come first; the figures add up.
    const isRun = inner !== undefined;
    const a = isRun ? had : row;
    const b = isRun ? row : had;
    const m: TopStatement = {
      ...a,
      sample: a.sample ?? b.sample,
      calls: a.calls + b.calls,
      totalMs: round3(a.totalMs + b.totalMs),
      avgMs: round3((a.totalMs + b.totalMs) / Math.max(1, a.calls + b.calls)),
      rowsExamined: a.rowsExamined + b.rowsExamined,
      rowsSent: a.rowsSent + b.rowsSent,
      tmpDiskTables: a.tmpDiskTables + b.tmpDiskTables,
      fullScans: a.fullScans + b.fullScans,
      noIndexUsed: a.noIndexUsed + b.noIndexUsed,
      analyzeRuns: a.analyzeRuns + b.analyzeRuns,
      firstSeen: minTime(a.firstSeen, b.firstSeen),
      lastSeen: maxTime(a.lastSeen, b.lastSeen),
    };
    const ds = isRun ? [...digests.get(had)!, r.digest] : [r.digest, ...digests.get(had)!];
    digests.delete(had);
    byKey.set(key, m);
    digests.set(m, ds);
  }
  const out = [...byKey.values()].sort((x, y) => y.totalMs - x.totalMs);
  return { rows: out, hidden, digests };
}

/** performance_schema times are `YYYY-MM-DD hh:mm:ss[.ffffff]`: in order as strings. */
function minTime(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a < b ? a : b;
}

function maxTime(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : a > b ? a : b;
}

const PS_TIMER_PER_MS = 1e9; // picoseconds

/** Reads the digest summary over an open connection. */
export async function readTop(conn: mysql.Connection, opts: TopOptions = {}): Promise<TopResult> {
  const [ps] = await conn.query<RowDataPacket[]>('SELECT @@performance_schema AS ps');
  if (String(ps[0]?.ps) !== '1') {
    throw new AnalysisError(
      'performance_schema is off on this server: start it with performance_schema=ON to rank its statements (or use `mqt digest` on its slow log)',
    );
  }
  const [cols] = await conn.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'performance_schema' AND TABLE_NAME = 'events_statements_summary_by_digest' AND COLUMN_NAME = 'QUERY_SAMPLE_TEXT'",
  );
  const hasSample = cols.length > 0;
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit ?? 50)));
  // Without `all`, more rows than shown: the tool's own go, and ANALYZE runs merge into their plain form's.
  const fetch = opts.all ? limit : Math.min(5000, limit * 4 + 200);
  const where = opts.schema !== undefined ? 'WHERE DIGEST IS NOT NULL AND SCHEMA_NAME = ?' : 'WHERE DIGEST IS NOT NULL';
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT SCHEMA_NAME, DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SUM_ROWS_EXAMINED, SUM_ROWS_SENT, SUM_CREATED_TMP_DISK_TABLES, SUM_SELECT_SCAN, SUM_SELECT_FULL_JOIN, SUM_NO_INDEX_USED, FIRST_SEEN, LAST_SEEN${hasSample ? ', QUERY_SAMPLE_TEXT' : ''} FROM performance_schema.events_statements_summary_by_digest ${where} ORDER BY SUM_TIMER_WAIT DESC LIMIT ${fetch}`,
    opts.schema !== undefined ? [opts.schema] : [],
  );
  const read = rows.map(toTop);
  if (hasSample)
    rows.forEach((r, i) => {
      read[i]!.sample = nonEmpty(r.QUERY_SAMPLE_TEXT);
    });
  let out = read;
  let hidden = 0;
  let digests = new Map<TopStatement, string[]>(read.map((r) => [r, [r.digest]]));
  if (!opts.all) ({ rows: out, hidden, digests } = userStatements(read));
  out = out.slice(0, limit);
  if (hasSample) return { rows: out, sampleSource: 'QUERY_SAMPLE_TEXT', hidden };
  const source = await historySource(conn);
  if (source !== 'none' && out.length) {
    const wanted = [...new Set(out.flatMap((r) => digests.get(r) ?? [r.digest]))];
    const [hist] = await conn.query<RowDataPacket[]>(
      `SELECT DIGEST, SQL_TEXT FROM performance_schema.${source} WHERE DIGEST IN (${wanted.map(() => '?').join(', ')}) AND SQL_TEXT IS NOT NULL ORDER BY TIMER_WAIT DESC`,
      wanted,
    );
    const byDigest = new Map<string, string>();
    for (const h of hist) if (!byDigest.has(String(h.DIGEST))) byDigest.set(String(h.DIGEST), String(h.SQL_TEXT));
    for (const r of out) {
      // The first digest is the plain form's when there is one; an ANALYZE run's text loses its prefix.
      const text = (digests.get(r) ?? [r.digest]).map((d) => byDigest.get(d)).find((t) => t !== undefined);
      r.sample = text === undefined ? null : opts.all ? text : (analyzedStatement(text, 'sql') ?? text);
    }
  }
  return { rows: out, sampleSource: source, hidden };
}

async function historySource(conn: mysql.Connection): Promise<TopResult['sampleSource']> {
  try {
    const [c] = await conn.query<RowDataPacket[]>(
      "SELECT NAME, ENABLED FROM performance_schema.setup_consumers WHERE NAME IN ('events_statements_history_long', 'events_statements_history')",
    );
    const on = new Set(c.filter((r) => String(r.ENABLED) === 'YES').map((r) => String(r.NAME)));
    if (on.has('events_statements_history_long')) return 'events_statements_history_long';
    if (on.has('events_statements_history')) return 'events_statements_history';
  } catch {
    // No access to setup_consumers: no samples, the digests still show.
  }
  return 'none';
}

function nonEmpty(v: unknown): string | null {
  return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
}

function num(v: unknown): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function toTop(r: RowDataPacket): TopStatement {
  const calls = num(r.COUNT_STAR);
  const totalMs = num(r.SUM_TIMER_WAIT) / PS_TIMER_PER_MS;
  return {
    digest: String(r.DIGEST),
    digestText: String(r.DIGEST_TEXT ?? ''),
    sample: null,
    calls,
    totalMs: round3(totalMs),
    avgMs: round3(calls ? totalMs / calls : 0),
    rowsExamined: num(r.SUM_ROWS_EXAMINED),
    rowsSent: num(r.SUM_ROWS_SENT),
    tmpDiskTables: num(r.SUM_CREATED_TMP_DISK_TABLES),
    fullScans: num(r.SUM_SELECT_SCAN) + num(r.SUM_SELECT_FULL_JOIN),
    noIndexUsed: num(r.SUM_NO_INDEX_USED),
    analyzeRuns: 0,
    schema: nonEmpty(r.SCHEMA_NAME),
    firstSeen: nonEmpty(r.FIRST_SEEN),
    lastSeen: nonEmpty(r.LAST_SEEN),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Connects, reads the summary, disconnects. The connection is the pipeline's session: the
 * gate is asked first, and the server keeps it READ ONLY (one SET SESSION TRANSACTION READ
 * ONLY when it connects), so nothing sent on it can write.
 */
export async function fetchTop(spec: ConnectionSpec, opts: TopOptions = {}): Promise<TopResult> {
  const session = new ProfilerSession(spec, undefined, opts.gate ?? OPEN_GATE);
  try {
    return await topOn(session, opts);
  } finally {
    await session.close();
  }
}

/** The summary read on an analysis session (its one connection, READ ONLY at the server); the caller closes it. */
export async function topOn(session: ProfilerSession, opts: TopOptions = {}): Promise<TopResult> {
  const gate = opts.gate ?? OPEN_GATE;
  try {
    return await session.exclusive({ stepMs: DEFAULT_STEP_MS, limitMs: 0, policy: serverPolicy({ gate }) }, (db) =>
      db.guard.step('reading performance_schema', db.stepMs, () => readTop(db.conn, opts)),
    );
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    const d = e as { sqlMessage?: string; message?: string };
    throw new AnalysisError(
      `Cannot read performance_schema at ${session.where.host}:${session.where.port}: ${d.sqlMessage ?? d.message ?? String(e)}`,
      toReportError(e),
    );
  }
}
