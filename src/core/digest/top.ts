// The statements that cost the server most, from performance_schema's digest summary
// (`events_statements_summary_by_digest`), ranked by total time. Samples come from
// QUERY_SAMPLE_TEXT (MySQL 8.0.3+, MariaDB 11) or, when the server has no such column, from
// events_statements_history_long (or the per-thread history) where its consumer is on.
// Everything here is a read of performance_schema, run in a READ ONLY transaction.
import type * as mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { OPEN_GATE, type AccessGate } from '../safety/gate';
import { driverOptions, type ConnectionSpec } from '../session/connection';
import { AnalysisError, connectionErrorMessage, toReportError } from '../session/errors';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const driver = (): typeof mysql => require('mysql2/promise') as typeof mysql;

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
  schema: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface TopResult {
  rows: TopStatement[];
  /** Where the samples came from. */
  sampleSource: 'QUERY_SAMPLE_TEXT' | 'events_statements_history_long' | 'events_statements_history' | 'none';
}

export interface TopOptions {
  limit?: number;
  /** Only this schema's digests. */
  schema?: string;
  /** Asked before connecting (workspace trust in the editor); open by default. */
  gate?: AccessGate;
}

const PS_TIMER_PER_MS = 1e9; // picoseconds

/** Reads the digest summary over an open connection. */
export async function readTop(conn: mysql.Connection, opts: TopOptions = {}): Promise<TopResult> {
  const [ps] = await conn.query<RowDataPacket[]>('SELECT @@performance_schema AS ps');
  if (String(ps[0]?.ps) !== '1') {
    throw new AnalysisError('performance_schema is off on this server: start it with performance_schema=ON to rank its statements (or use `mqt digest` on its slow log)');
  }
  const [cols] = await conn.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'performance_schema' AND TABLE_NAME = 'events_statements_summary_by_digest' AND COLUMN_NAME = 'QUERY_SAMPLE_TEXT'");
  const hasSample = cols.length > 0;
  const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit ?? 50)));
  const where = opts.schema !== undefined ? 'WHERE DIGEST IS NOT NULL AND SCHEMA_NAME = ?' : 'WHERE DIGEST IS NOT NULL';
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT SCHEMA_NAME, DIGEST, DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SUM_ROWS_EXAMINED, SUM_ROWS_SENT, SUM_CREATED_TMP_DISK_TABLES, SUM_SELECT_SCAN, SUM_SELECT_FULL_JOIN, SUM_NO_INDEX_USED, FIRST_SEEN, LAST_SEEN${hasSample ? ', QUERY_SAMPLE_TEXT' : ''} FROM performance_schema.events_statements_summary_by_digest ${where} ORDER BY SUM_TIMER_WAIT DESC LIMIT ${limit}`,
    opts.schema !== undefined ? [opts.schema] : []);
  const out = rows.map(toTop);
  if (hasSample) {
    rows.forEach((r, i) => { out[i]!.sample = nonEmpty(r.QUERY_SAMPLE_TEXT); });
    return { rows: out, sampleSource: 'QUERY_SAMPLE_TEXT' };
  }
  const source = await historySource(conn);
  if (source !== 'none' && out.length) {
    const [hist] = await conn.query<RowDataPacket[]>(
      `SELECT DIGEST, SQL_TEXT FROM performance_schema.${source} WHERE DIGEST IN (${out.map(() => '?').join(', ')}) AND SQL_TEXT IS NOT NULL ORDER BY TIMER_WAIT DESC`,
      out.map((r) => r.digest));
    const byDigest = new Map<string, string>();
    for (const h of hist) if (!byDigest.has(String(h.DIGEST))) byDigest.set(String(h.DIGEST), String(h.SQL_TEXT));
    for (const r of out) r.sample = byDigest.get(r.digest) ?? null;
  }
  return { rows: out, sampleSource: source };
}

async function historySource(conn: mysql.Connection): Promise<TopResult['sampleSource']> {
  try {
    const [c] = await conn.query<RowDataPacket[]>(
      "SELECT NAME, ENABLED FROM performance_schema.setup_consumers WHERE NAME IN ('events_statements_history_long', 'events_statements_history')");
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
    schema: nonEmpty(r.SCHEMA_NAME),
    firstSeen: nonEmpty(r.FIRST_SEEN),
    lastSeen: nonEmpty(r.LAST_SEEN),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Connects, reads the summary in a READ ONLY transaction, disconnects. */
export async function fetchTop(spec: ConnectionSpec, opts: TopOptions = {}): Promise<TopResult> {
  const blocked = (opts.gate ?? OPEN_GATE).blocked();
  if (blocked) throw new AnalysisError(blocked);
  const where = spec.socketPath ?? `${spec.host}:${spec.port}`;
  const tls = spec.tls ?? 'disabled';
  let conn: mysql.Connection;
  try {
    conn = await driver().createConnection(driverOptions(spec, tls !== 'disabled'));
  } catch (e) {
    if (tls === 'preferred' && /SSL|TLS/i.test(`${(e as { code?: string }).code ?? ''} ${(e as Error).message}`)) {
      conn = await driver().createConnection(driverOptions(spec, false)).catch((e2: unknown) => { throw new AnalysisError(connectionErrorMessage(e2, where), toReportError(e2)); });
    } else {
      throw e instanceof Error && !('code' in e) ? new AnalysisError(e.message) : new AnalysisError(connectionErrorMessage(e, where), toReportError(e));
    }
  }
  try {
    await conn.query('START TRANSACTION READ ONLY');
    try {
      return await readTop(conn, opts);
    } finally {
      await conn.query('ROLLBACK').catch(() => undefined);
    }
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    const d = e as { sqlMessage?: string; message?: string };
    throw new AnalysisError(`Cannot read performance_schema at ${where}: ${d.sqlMessage ?? d.message ?? String(e)}`, toReportError(e));
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
