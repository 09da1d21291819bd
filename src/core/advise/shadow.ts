// The shadow trial: the tables a statement reads, copied into a schema of its own in the
// sandbox, each index candidate created there and the statement explained and run with and
// without it. The analysed server only receives reads (information_schema, SHOW CREATE TABLE,
// bounded SELECTs) on a session the server itself keeps read-only; all DDL goes to the shadow.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { isObj, str } from '../hints/ast';
import { parseStatement } from '../hints/parse';
import { loadSchema, type SchemaInfo } from '../hints/schema';
import { collectScopes } from '../hints/scope';
import { readTrace } from '../trace';
import { candidatesOf, type Candidate } from './candidates';

export type CopyRows = 'ask' | 'never' | 'always';
export type AdviceStatus = 'verified' | 'no-gain' | 'not-used' | 'unverified';

export interface Measure {
  rowsExamined: number;
  ms: number;
  access: string;
  key: string | null;
  /** The plan reads that index alone, never the table rows (EXPLAIN's "Using index"). */
  indexOnly: boolean;
  /** Stopped by the time limit: rows and time are what it reached by then (a lower bound). */
  timedOut?: true;
}

export interface Advice {
  table: string;
  columns: string[];
  ddl: string;
  status: AdviceStatus;
  reason: string;
  makesRedundant: string[];
  verified?: {
    where: 'sandbox';
    sample: { rows: number; fraction: number };
    before: Measure;
    after: Measure;
    /** When two candidates help together: the other one and the plan with both. */
    pair?: { with: string; after: Measure };
  };
}

export interface AdviceResult {
  advice: Advice[];
  notes: string[];
}

export interface AdviseOptions {
  /** Rows copied per table at most (a bounded sample beyond). */
  sampleRows?: number;
  copyRows?: CopyRows;
  /** Asked before rows leave a server that is not the sandbox; without it, `ask` declines. */
  confirm?: (question: string) => Promise<boolean>;
  /** Tests: copy over the wire even when the analysed server is the sandbox. */
  forceWire?: boolean;
  /** Statement time limit on the shadow, per run. */
  timeoutMs?: number;
}

export const DEFAULT_SAMPLE_ROWS = 100_000;
const HANDLER_READS = [
  'Handler_read_first',
  'Handler_read_key',
  'Handler_read_last',
  'Handler_read_next',
  'Handler_read_prev',
  'Handler_read_rnd',
  'Handler_read_rnd_next',
];
const q = (name: string) => '`' + name.replace(/`/g, '``') + '`';

/** Index advice for one statement: candidates, then (with a sandbox) the shadow trial. */
export async function advise(sql: string, source: Connection, sandbox: Connection | undefined, opts: AdviseOptions = {}): Promise<AdviceResult> {
  const notes: string[] = [];
  const [[meta]] = await source.query<RowDataPacket[]>('SELECT DATABASE() AS db, VERSION() AS v');
  const database = str(meta.db);
  const mysqlServer = !/mariadb/i.test(String(meta.v));
  if (!database) return { advice: [], notes: ['No default database: give one in the URL.'] };
  const schema = await loadSchema(source, database);
  const { ast } = parseStatement(sql, mysqlServer ? 'mysql' : 'mariadb');
  if (!ast) return { advice: [], notes: ['The statement could not be parsed: no index candidates.'] };
  const candidates = candidatesOf(ast, schema);
  const unverified = (reason: string): AdviceResult => ({ advice: candidates.map((c) => plain(c, 'unverified', reason)), notes });
  if (!candidates.length) return { advice: [], notes };
  if (mysqlServer)
    notes.push(`The analysed server is MySQL ${String(meta.v)}; the candidates were tried on MariaDB (the sandbox), whose optimizer can choose differently.`);
  if (str(ast.type) !== 'select') return unverified('Only SELECT statements are tried on the shadow.');
  if (!sandbox) return unverified('No sandbox to try it on: start one with `mqt sandbox start`.');
  const tables = tablesRead(ast, schema);
  if (!tables) return unverified('The statement reads a view, a table of another database or an unknown table: not tried.');
  const same = !opts.forceWire && (await sameServer(source, sandbox));
  const limit = opts.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const shadow = `mqt_shadow_${randomBytes(6).toString('hex')}`;
  if (!same) {
    const mode = opts.copyRows ?? 'ask';
    const question = `Copy up to ${limit.toLocaleString('en-US')} rows of each of ${tables.join(', ')} from ${database} into the sandbox schema ${shadow} to try the index candidates?`;
    // No statistics-only what-if: on an empty shadow MariaDB estimates every range and every
    // lookup by a constant from the empty index itself (1 row), whatever the statistics say.
    if (mode === 'never')
      return unverified(
        'Copying rows is off (mysqlQueryTuner.advice.copyRows = never): not tried on a shadow. A statistics-only what-if is not offered: on tables without rows the optimizer estimates each range and each lookup by a constant at 1 row from the empty index, whatever statistics it is given, so its plan would not tell whether the index helps.',
      );
    if (mode === 'ask' && !(opts.confirm && (await opts.confirm(question)))) return unverified('Copying rows to the sandbox was declined: not tried.');
  }
  // The server refuses writes on this session, whatever we send.
  await source.query('SET SESSION TRANSACTION READ ONLY');
  const [[home]] = await sandbox.query<RowDataPacket[]>('SELECT DATABASE() AS db');
  const quiet = await uninstrument(sandbox);
  try {
    await sandbox.query(`CREATE DATABASE ${q(shadow)}`);
    const sample = new Map<string, { rows: number; fraction: number }>();
    for (const t of tables) sample.set(t, await copyTable(source, sandbox, database, shadow, t, limit, same));
    await sandbox.query(`USE ${q(shadow)}`);
    const total = [...sample.entries()];
    notes.push(
      `Shadow ${shadow} in the sandbox: ${total.map(([t, s]) => `${t} ${s.rows.toLocaleString('en-US')} rows (${Math.round(s.fraction * 1000) / 10}%)`).join(', ')}.`,
    );
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const before = await measure(sandbox, sql, timeoutMs);
    if (before.m.timedOut)
      notes.push(
        `Without a new index the statement ran past the ${ms(timeoutMs)} limit on the shadow: its rows examined and time are what it reached by then.`,
      );
    const out: Advice[] = [];
    const afters: Array<Measure | undefined> = [];
    for (const c of candidates) {
      const s = sample.get(c.table.toLowerCase()) ?? { rows: 0, fraction: 0 };
      await sandbox.query(`${c.ddl.replace(/;$/, '')}`);
      try {
        const after = await measure(sandbox, sql, timeoutMs, c.name);
        const used = after.keys.includes(c.name);
        afters.push(used ? after.m : undefined);
        const a = out.push({ ...plain(c, 'no-gain', ''), verified: { where: 'sandbox', sample: s, before: before.m, after: after.m } });
        const item = out[a - 1];
        if (!used) {
          item.status = 'not-used';
          item.reason = await whyNotUsed(sandbox, sql, c, after);
        } else if (gain(before.m, after.m)) {
          item.status = 'verified';
          item.reason = evidence(c, s, before.m, after.m);
        } else
          item.reason = `Used (${after.m.access} ${after.m.key ?? c.name}), but rows examined ${fmt(before.m.rowsExamined)} → ${fmt(after.m.rowsExamined)} and ${ms(before.m.ms)} → ${ms(after.m.ms)}: less than 5× fewer rows or 3× less time.`;
      } finally {
        await sandbox.query(`DROP INDEX ${q(c.name)} ON ${q(c.table)}`);
      }
    }
    await tryPair(sandbox, sql, timeoutMs, candidates, out, afters, before.m);
    return { advice: out, notes };
  } finally {
    await sandbox.query(`DROP DATABASE IF EXISTS ${q(shadow)}`).catch(() => undefined);
    // Back to where the sandbox session was (DROP DATABASE of the current one leaves none).
    if (str(home?.db)) await sandbox.query(`USE ${q(String(home.db))}`).catch(() => undefined);
    if (quiet) await sandbox.query("UPDATE performance_schema.threads SET INSTRUMENTED = 'YES' WHERE PROCESSLIST_ID = CONNECTION_ID()").catch(() => undefined);
  }
}

/**
 * The trial's statements stay out of the sandbox's performance_schema digests (each shadow
 * schema would add rows of its own to Top Statements); best effort, the session is put back.
 */
async function uninstrument(c: Connection): Promise<boolean> {
  try {
    const [r] = await c.query("UPDATE performance_schema.threads SET INSTRUMENTED = 'NO' WHERE PROCESSLIST_ID = CONNECTION_ID() AND INSTRUMENTED = 'YES'");
    return Number((r as { affectedRows?: number }).affectedRows ?? 0) > 0;
  } catch {
    return false; // no performance_schema, or no UPDATE on it
  }
}

function plain(c: Candidate, status: AdviceStatus, reason: string): Advice {
  return { table: c.table, columns: c.columns, ddl: c.ddl, status, reason, makesRedundant: c.makesRedundant };
}

// A time gain alone counts only when the index does not make the server read more rows and
// saves at least TIME_FLOOR_MS: on a shared machine 4 ms against 1 ms is noise, a doubling of rows is not.
const TIME_FLOOR_MS = 5;
const gain = (b: Measure, a: Measure) =>
  !a.timedOut &&
  (b.rowsExamined >= 5 * Math.max(a.rowsExamined, 1) ||
    (a.rowsExamined <= b.rowsExamined && b.ms >= 3 * Math.max(a.ms, 0.001) && b.ms - a.ms >= TIME_FLOOR_MS));
const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

function evidence(c: Candidate, s: { fraction: number }, b: Measure, a: Measure): string {
  return (
    `On the sandbox shadow (${Math.round(s.fraction * 1000) / 10}% of ${c.table}): rows examined ${fmt(b.rowsExamined)} → ${fmt(a.rowsExamined)}, ` +
    `${ms(b.ms)}${b.timedOut ? ' (stopped by the time limit)' : ''} → ${ms(a.ms)}; plan ${b.access}${b.key ? ' ' + b.key : ''} → ${a.access} ${a.key ?? c.name}${a.indexOnly ? ' (index only)' : ''}.`
  );
}

/** The two candidates that helped most, together: kept when they beat either alone. */
async function tryPair(
  sandbox: Connection,
  sql: string,
  timeoutMs: number,
  cands: Candidate[],
  out: Advice[],
  afters: Array<Measure | undefined>,
  before: Measure,
): Promise<void> {
  const helped = cands
    .map((c, i) => ({ c, i, a: afters[i] }))
    .filter((x) => x.a && x.a.rowsExamined < before.rowsExamined)
    .sort((x, y) => x.a!.rowsExamined - y.a!.rowsExamined)
    .slice(0, 2);
  if (helped.length < 2) return;
  const [x, y] = helped;
  if (x.c.table === y.c.table && x.c.columns.join() === y.c.columns.join()) return;
  const made: Candidate[] = [];
  try {
    for (const h of helped) {
      await sandbox.query(h.c.ddl.replace(/;$/, ''));
      made.push(h.c);
    }
    const both = await measure(sandbox, sql, timeoutMs);
    const best = Math.min(x.a!.rowsExamined, y.a!.rowsExamined);
    if (!(both.keys.includes(x.c.name) && both.keys.includes(y.c.name) && both.m.rowsExamined * 2 <= best)) return;
    for (const [me, other] of [
      [x, y],
      [y, x],
    ] as const) {
      const item = out[me.i];
      item.verified!.pair = { with: other.c.ddl, after: both.m };
      if (gain(before, both.m) && item.status !== 'verified') {
        item.status = 'verified';
        item.reason = `Together with ${other.c.name}: rows examined ${fmt(before.rowsExamined)} → ${fmt(both.m.rowsExamined)}, ${ms(before.ms)} → ${ms(both.m.ms)} (alone ${fmt(me.a!.rowsExamined)}).`;
      } else item.reason += ` With ${other.c.name} as well: rows examined ${fmt(both.m.rowsExamined)}.`;
    }
  } finally {
    for (const c of made) await sandbox.query(`DROP INDEX ${q(c.name)} ON ${q(c.table)}`);
  }
}

/** Lower-case names of the base tables the statement reads; undefined when one cannot be copied. */
function tablesRead(ast: Record<string, unknown>, schema: SchemaInfo): string[] | undefined {
  const names = new Set<string>();
  const ctes = new Set<string>();
  for (const s of collectScopes(ast, schema))
    for (const c of Array.isArray(s.node.with) ? s.node.with : []) if (isObj(c) && isObj(c.name)) ctes.add(String(c.name.value).toLowerCase());
  for (const s of collectScopes(ast, schema)) {
    for (const t of s.tables) {
      if (!t.name) continue;
      if (ctes.has(t.name.toLowerCase())) continue;
      if (str(t.item.db) || !t.info || t.info.isView) return undefined;
      names.add(t.info.name);
    }
  }
  return [...names];
}

async function sameServer(a: Connection, b: Connection): Promise<boolean> {
  const sql = 'SELECT @@hostname AS h, @@port AS p, @@datadir AS d';
  const [[x]] = await a.query<RowDataPacket[]>(sql);
  const [[y]] = await b.query<RowDataPacket[]>(sql);
  return x.h === y.h && Number(x.p) === Number(y.p) && x.d === y.d;
}

/** SHOW CREATE TABLE without foreign keys (the referenced tables may not be copied), then its rows. */
async function copyTable(
  source: Connection,
  sandbox: Connection,
  db: string,
  shadow: string,
  table: string,
  limit: number,
  same: boolean,
): Promise<{ rows: number; fraction: number }> {
  const [[created]] = await source.query<RowDataPacket[]>(`SHOW CREATE TABLE ${q(db)}.${q(table)}`);
  const ddl = String(created['Create Table'])
    .split('\n')
    .filter((l) => !/^\s*CONSTRAINT .* FOREIGN KEY /i.test(l))
    .join('\n')
    .replace(/,\n\)/, '\n)');
  await sandbox.query(`CREATE TABLE ${q(shadow)}.${ddl.replace(/^CREATE TABLE /i, '')}`);
  const [cols] = await source.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' AND EXTRA NOT IN ('VIRTUAL', 'STORED', 'PERSISTENT') ORDER BY ORDINAL_POSITION`,
    [db, table],
  );
  const list = cols.map((c) => q(String(c.c))).join(', ');
  const [[count]] = await source.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(db)}.${q(table)}`);
  const total = Number(count.n);
  await sandbox.query("SET SESSION sql_mode = '', SESSION foreign_key_checks = 0, SESSION unique_checks = 0");
  let rows = 0;
  if (same) {
    const [r] = await sandbox.query(`INSERT INTO ${q(shadow)}.${q(table)} (${list}) SELECT ${list} FROM ${q(db)}.${q(table)} LIMIT ${limit}`);
    rows = Number((r as { affectedRows?: number }).affectedRows ?? 0);
  } else {
    const [data] = await source.query<RowDataPacket[]>({ sql: `SELECT ${list} FROM ${q(db)}.${q(table)} LIMIT ${limit}`, rowsAsArray: true });
    for (let i = 0; i < data.length; i += 2000) {
      const chunk = data.slice(i, i + 2000) as unknown as unknown[][];
      await sandbox.query(`INSERT INTO ${q(shadow)}.${q(table)} (${list}) VALUES ?`, [chunk]);
    }
    rows = data.length;
  }
  await sandbox.query(`ANALYZE TABLE ${q(shadow)}.${q(table)} PERSISTENT FOR ALL`);
  return { rows, fraction: total ? rows / total : 1 };
}

interface Run {
  m: Measure;
  keys: string[];
  plan: RowDataPacket[];
}

async function handlerReads(c: Connection): Promise<number> {
  const [rows] = await c.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Handler_read%'");
  return rows.filter((r) => HANDLER_READS.includes(String(r.Variable_name))).reduce((n, r) => n + Number(r.Value), 0);
}

const TIMED_OUT = 1969; // ER_STATEMENT_TIMEOUT (max_statement_time)
/** A statement that takes this long is timed once, not warmed up and timed twice. */
const SLOW_MS = 1000;

/** EXPLAIN, then the statement run read-only (a warm-up and two timed runs, the faster kept; one run when slow). */
async function measure(c: Connection, sql: string, timeoutMs: number, key?: string): Promise<Run> {
  const [plan] = await c.query<RowDataPacket[]>(`EXPLAIN ${sql}`);
  const keys = plan.map((r) => str(r.key)).filter((k): k is string => !!k);
  const row = plan.find((r) => key && r.key === key) ?? worst(plan);
  const limited = `SET STATEMENT max_statement_time = ${Math.max(1, Math.ceil(timeoutMs / 1000))} FOR ${sql}`;
  const base = {
    access: String(row?.type ?? ''),
    key: row?.key ? String(row.key) : null,
    indexOnly: /\bUsing index\b(?! condition)/.test(String(row?.Extra ?? '')),
  };
  // A run cut by the time limit still moved the counters up to where it stopped.
  const timed = async (): Promise<{ ms: number; timedOut: boolean }> => {
    const t0 = performance.now();
    try {
      await c.query(limited);
      return { ms: performance.now() - t0, timedOut: false };
    } catch (e) {
      if ((e as { errno?: number }).errno !== TIMED_OUT) throw e;
      return { ms: performance.now() - t0, timedOut: true };
    }
  };
  await c.query('START TRANSACTION READ ONLY');
  try {
    const h0 = await handlerReads(c);
    const h1 = await handlerReads(c);
    const cost = h1 - h0; // what reading the counters itself adds
    const warm = await timed();
    const h2 = await handlerReads(c);
    let rows = h2 - h1 - cost,
      time = warm.ms,
      timedOut = warm.timedOut;
    // Too slow to repeat: the warm-up is the measured run. Else two timed runs, the faster kept.
    if (!warm.timedOut && warm.ms < SLOW_MS) {
      const x = await timed();
      const h3 = await handlerReads(c);
      const y = x.timedOut ? x : await timed();
      rows = h3 - h2 - cost;
      timedOut = x.timedOut;
      time = x.timedOut ? x.ms : Math.min(x.ms, y.timedOut ? Infinity : y.ms);
    }
    return { m: { rowsExamined: Math.max(0, rows), ms: Math.round(time * 100) / 100, ...base, ...(timedOut ? { timedOut: true as const } : {}) }, keys, plan };
  } finally {
    await c.query('COMMIT');
  }
}

/** The access of the plan row reading the most rows (the one an index should change). */
function worst(plan: RowDataPacket[]): RowDataPacket | undefined {
  return [...plan].sort((x, y) => Number(y.rows ?? 0) - Number(x.rows ?? 0))[0];
}

/** The trace's word on the candidate (still present on the shadow), else what the plan shows. */
async function whyNotUsed(c: Connection, sql: string, cand: Candidate, run: Run): Promise<string> {
  try {
    await c.query("SET SESSION optimizer_trace = 'enabled=on'");
    await c.query(`EXPLAIN ${sql}`);
    const [[row]] = await c.query<RowDataPacket[]>('SELECT TRACE AS t FROM information_schema.OPTIMIZER_TRACE');
    if (row?.t) {
      const trace = readTrace(String(row.t));
      for (const t of trace.tables) {
        const alt = t.alternatives.find((a) => a.index === cand.name && !a.chosen);
        if (alt) return `Not used (optimizer trace): ${alt.why}`;
      }
    }
  } catch {
    // no trace: the plan's reason below
  } finally {
    await c.query("SET SESSION optimizer_trace = 'enabled=off'").catch(() => undefined);
  }
  const row = run.plan.find(
    (r) =>
      String(r.table ?? '').length &&
      String(r.possible_keys ?? '')
        .split(',')
        .includes(cand.name),
  );
  if (row)
    return `Not used: the optimizer listed ${cand.name} as possible for ${String(row.table)} but chose ${String(row.type)}${row.key ? ' ' + String(row.key) : ''} as cheaper by its estimate.`;
  return `Not used: the optimizer found no use for ${cand.name} in this statement (the plan keeps ${run.m.access}${run.m.key ? ' ' + run.m.key : ''}).`;
}
