import type { RowDataPacket } from 'mysql2/promise';
import type { Trace, TraceSchema } from './model';
import { readTrace } from './read';
import { alignWithPlan, explainTrace } from './causes';
import { TraceError } from './text';

/** `auto`: trace the EXPLAIN when the server can; `never`: do not. */
export type TracePolicy = 'auto' | 'never';

/** One round trip on the analysis connection; the caller bounds it in time and rethrows a lost connection. */
export type TraceQuery = (what: string, sql: string, values?: unknown[]) => Promise<RowDataPacket[]>;

export interface Captured {
  trace?: Trace;
  /** Why there is no trace, or what is wrong with it (truncated, privileges). */
  note?: string;
}

/** The first limit; raised once to the size the server reports missing. */
export const TRACE_MEM_START = 1 << 20;
export const TRACE_MEM_MAX = 64 << 20;

/** The last statement's trace, as the session keeps it. */
export const TRACE_ROW_SQL = 'SELECT TRACE AS t, MISSING_BYTES_BEYOND_MAX_MEM_SIZE AS missing, INSUFFICIENT_PRIVILEGES AS denied FROM information_schema.OPTIMIZER_TRACE';

/** MariaDB: the trace on for one statement only (no SET before and after). */
export const tracedStatement = (statement: string, mem: number) => `SET STATEMENT optimizer_trace = 'enabled=on', optimizer_trace_max_mem_size = ${mem} FOR ${statement}`;

/**
 * The captured trace from the row of TRACE_ROW_SQL; 'larger' when it did not fit in `mem`
 * (unless `final`: then it is read truncated).
 */
export function fromTraceRow(row: RowDataPacket | undefined, mem: number, final = false): Captured | 'larger' {
  if (!row || row.t === null || row.t === undefined || String(row.t) === '') return { note: 'The server recorded no optimizer trace for this statement.' };
  if (Number(row.denied) === 1) return { note: 'No optimizer trace: the statement uses a view or routine whose definition this user may not read (INSUFFICIENT_PRIVILEGES).' };
  const missing = Number(row.missing) || 0;
  if (missing > 0 && !final) return 'larger';
  const text = Buffer.isBuffer(row.t) ? row.t.toString('utf8') : String(row.t);
  const trace = readTrace(text, { missingBytes: missing });
  return trace.truncated ? { trace, note: `The optimizer trace is truncated: ${missing} bytes did not fit in optimizer_trace_max_mem_size (${mem} bytes).` } : { trace };
}

/**
 * Trace one EXPLAIN of the statement: the optimizer's reasoning, without running the statement
 * (the measured run is never traced, so it is not slowed down). The trace is turned off and the
 * memory limit put back afterwards, whatever happens. `isFatal` tells the caller's own errors
 * (lost connection, cancelled) apart from the server refusing something.
 */
export async function captureTrace(q: TraceQuery, statement: string, isFatal: (e: unknown) => boolean, known?: { mem?: number; start?: number }): Promise<Captured> {
  let before: number | undefined = known?.mem;
  if (before === undefined) {
    try {
      const [v] = await q('reading the trace settings', 'SELECT @@optimizer_trace_max_mem_size AS m');
      before = Number(v?.m);
    } catch (e) {
      if (isFatal(e)) throw e;
      return { note: 'This server keeps no optimizer trace (MySQL 5.6+ and MariaDB 10.4+ do).' };
    }
  }
  let enabled = false;
  try {
    let mem = known?.start ?? TRACE_MEM_START;
    for (let attempt = 0; attempt < 2; attempt++) {
      // One SET on (the limit with it), one off: the trace covers exactly the EXPLAIN between.
      await q('enabling the optimizer trace', `SET SESSION optimizer_trace_max_mem_size = ${mem}, optimizer_trace = 'enabled=on'`);
      enabled = true;
      await q('EXPLAIN (traced)', `EXPLAIN ${statement}`);
      const rows = await q('reading the optimizer trace', TRACE_ROW_SQL);
      const got = fromTraceRow(rows[0], mem);
      if (got === 'larger' && attempt === 0 && mem < TRACE_MEM_MAX) {
        mem = Math.min(TRACE_MEM_MAX, Math.ceil((mem + Number(rows[0]?.missing)) * 1.25));
        continue;
      }
      return got === 'larger' ? (fromTraceRow(rows[0], mem, true) as Captured) : got;
    }
    return { note: 'The server recorded no optimizer trace for this statement.' };
  } catch (e) {
    if (isFatal(e)) throw e;
    if (e instanceof TraceError) return { note: `The optimizer trace could not be read: ${e.message}` };
    return { note: `No optimizer trace: ${(e as Error).message}` };
  } finally {
    if (enabled) {
      const back = before !== undefined && Number.isFinite(before) ? `, optimizer_trace_max_mem_size = ${Math.floor(before)}` : '';
      await q('turning the optimizer trace off', `SET SESSION optimizer_trace = 'enabled=off'${back}`).catch((e: unknown) => {
        if (isFatal(e)) throw e;
      });
    }
  }
}

/** Indexes and column types of the tables a trace names, from information_schema (our database first), in one query. */
export async function traceSchema(q: TraceQuery, trace: Trace, database: string | undefined): Promise<TraceSchema> {
  const names = [...new Set(trace.tables.map((t) => t.table).filter((n) => !n.startsWith('<')))];
  const out: TraceSchema = {};
  if (!names.length) return out;
  const marks = names.map(() => '?').join(',');
  const where = `TABLE_NAME IN (${marks}) AND TABLE_SCHEMA = ${database ? '?' : 'DATABASE()'}`;
  const values = database ? [...names, database] : names;
  // k: 'c' a column (x its type), 'i' an index part (x the index, n its position).
  const rows = await q(
    'reading the indexes',
    `SELECT 'c' AS k, TABLE_NAME AS t, COLUMN_NAME AS c, COLUMN_TYPE AS x, 0 AS n FROM information_schema.COLUMNS WHERE ${where}
     UNION ALL SELECT 'i', TABLE_NAME, COLUMN_NAME, INDEX_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS WHERE ${where}
     ORDER BY k, t, x, n`,
    [...values, ...values],
  );
  for (const r of rows) {
    const t = (out[String(r.t)] ??= { indexes: [], columns: {} });
    if (r.k === 'c') {
      t.columns[String(r.c)] = String(r.x);
      continue;
    }
    let ix = t.indexes.find((i) => i.name === String(r.x));
    if (!ix) t.indexes.push((ix = { name: String(r.x), columns: [] }));
    ix.columns.push(String(r.c));
  }
  return out;
}

type TraceInto = { trace?: Trace | null; traceNote?: string; connection: { database?: string }; raw: { explainRows?: Array<Record<string, unknown>> } };

export interface AttachOptions {
  /** The trace already captured with the EXPLAIN (MariaDB: SET STATEMENT … FOR EXPLAIN). */
  captured?: Captured;
  /** @@optimizer_trace_max_mem_size when known (no SELECT for it). */
  mem?: number;
  /** The schema reads of this session, by key; the caller keys them so a new index is read again. */
  schemas?: Map<string, TraceSchema>;
  schemaKey?: string;
}

/** The profiler's hook: trace the EXPLAIN, read the schema for precise causes, put both on the report. */
export async function attachTrace(q: TraceQuery, statement: string, report: TraceInto, isFatal: (e: unknown) => boolean, o: AttachOptions = {}): Promise<void> {
  const got = o.captured ?? (await captureTrace(q, statement, isFatal, o.mem !== undefined ? { mem: o.mem } : undefined));
  report.trace = got.trace ?? null;
  if (got.note) report.traceNote = got.note;
  if (!got.trace) return;
  try {
    const key = o.schemaKey === undefined ? undefined : `${o.schemaKey}\u0000${got.trace.tables.map((t) => t.table).join(',')}`;
    let schema = key === undefined ? undefined : o.schemas?.get(key);
    if (!schema) {
      schema = await traceSchema(q, got.trace, report.connection.database);
      if (key !== undefined) o.schemas?.set(key, schema);
    }
    explainTrace(got.trace, schema);
  } catch (e) {
    if (isFatal(e)) throw e; // without the schema the causes stay the server's own
  }
  if (report.raw.explainRows) alignWithPlan(got.trace, report.raw.explainRows);
}
