// The shadow trial: the tables a statement reads, copied into a schema of its own in the
// sandbox, each index candidate created there and the statement explained and run with and
// without it. The analysed server only receives reads (information_schema, SHOW CREATE TABLE,
// bounded SELECTs, or with copyRows = never aggregates only) on the pipeline's session, which
// the server itself keeps read-only; all DDL goes to the shadow.
import { randomBytes } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { str } from '../hints/ast';
import { parseStatement } from '../hints/parse';
import type { SchemaInfo, TableInfo } from '../hints/schema';
import { candidatesOf, type Candidate } from './candidates';
import { copyRows, createShadowTable, sameServer, tablesRead, type SourceDb } from './copy';
import { readStats } from './stats';
import { fillSynthetic } from './synthetic';
import { plain, trial, type Sample } from './trial';
import { DEFAULT_SAMPLE_ROWS, fmt, q, STATISTICS_ONLY, type AdviceResult, type AdviseOptions } from './types';

export * from './types';
export type { SourceDb } from './copy';

/** The analysed server as the advice sees it: the session's round trips and its schema reader. */
export interface AdviceSource {
  db: SourceDb;
  loadSchema(database: string): Promise<SchemaInfo>;
}

/** Index advice for one statement: candidates, then (with a sandbox) the shadow trial. */
export async function advise(sql: string, source: AdviceSource, sandbox: Connection | undefined, opts: AdviseOptions = {}): Promise<AdviceResult> {
  const notes: string[] = [];
  const [meta] = await source.db.query('reading the server', 'SELECT DATABASE() AS db, VERSION() AS v');
  const database = str(meta.db);
  const mysqlServer = !/mariadb/i.test(String(meta.v));
  if (!database) return { advice: [], notes: ['No default database: give one in the URL.'] };
  const schema = await source.loadSchema(database);
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
  const same = !opts.forceWire && (await sameServer(source.db, sandbox));
  const limit = opts.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const shadow = `mqt_shadow_${randomBytes(6).toString('hex')}`;
  const mode = same ? 'always' : (opts.copyRows ?? 'ask');
  if (mode === 'ask') {
    const question = `Copy up to ${fmt(limit)} rows of each of ${tables.join(', ')} from ${database} into the sandbox schema ${shadow} to try the index candidates?`;
    if (!(opts.confirm && (await opts.confirm(question)))) return unverified('Copying rows to the sandbox was declined: not tried.');
  }
  const synthetic = mode === 'never';
  const [[home]] = await sandbox.query<RowDataPacket[]>('SELECT DATABASE() AS db');
  const quiet = await uninstrument(sandbox);
  try {
    await sandbox.query(`CREATE DATABASE ${q(shadow)}`);
    const build = { sql, source: source.db, sandbox, database, shadow, limit, same, candidates, schema };
    const sample = new Map<string, Sample>();
    for (const t of tables) sample.set(t, synthetic ? await syntheticTable(build, t) : await copiedTable(build, t));
    await sandbox.query(`USE ${q(shadow)}`);
    const sizes = [...sample.entries()].map(([t, s]) => `${t} ${fmt(s.rows)} rows (${Math.round(s.fraction * 1000) / 10}%)`).join(', ');
    notes.push(
      synthetic
        ? `Shadow ${shadow} in the sandbox, ${STATISTICS_ONLY}: ${sizes}. Copying rows is off (mysqlQueryTuner.advice.copyRows = never), so the rows were made up from aggregate reads of ${database} (row count, per column NULLs, MIN, MAX and distinct values, and value counts or a 64-bucket histogram for the columns the statement names); the gain on real data can differ.`
        : `Shadow ${shadow} in the sandbox: ${sizes}.`,
    );
    return { advice: await trial(sandbox, sql, candidates, sample, { timeoutMs: opts.timeoutMs ?? 10_000, synthetic, notes }), notes };
  } finally {
    await sandbox.query(`DROP DATABASE IF EXISTS ${q(shadow)}`).catch(() => undefined);
    // Back to where the sandbox session was (DROP DATABASE of the current one leaves none).
    if (str(home?.db)) await sandbox.query(`USE ${q(String(home.db))}`).catch(() => undefined);
    if (quiet) await sandbox.query("UPDATE performance_schema.threads SET INSTRUMENTED = 'YES' WHERE PROCESSLIST_ID = CONNECTION_ID()").catch(() => undefined);
  }
}

interface Build {
  sql: string;
  source: SourceDb;
  sandbox: Connection;
  database: string;
  shadow: string;
  limit: number;
  same: boolean;
  candidates: Candidate[];
  schema: SchemaInfo;
}

async function copiedTable(b: Build, table: string): Promise<Sample> {
  const made = await createShadowTable(b.source, b.sandbox, b.database, b.shadow, table);
  return copyRows(b.source, b.sandbox, b.database, b.shadow, table, { limit: b.limit, same: b.same, ...made });
}

/** Statistics-only: as many rows as the table has (at most the limit), made up from its statistics. */
async function syntheticTable(b: Build, table: string): Promise<Sample> {
  const made = await createShadowTable(b.source, b.sandbox, b.database, b.shadow, table);
  const info: TableInfo | undefined = b.schema.tables[table.toLowerCase()];
  // Values or buckets for the columns the statement names (its filters and joins) and the candidates'; MIN/MAX for the rest.
  const named = made.columns
    .map((c) => c.name.toLowerCase())
    .filter((n) => new RegExp(`(^|[^\\w$])${n.replace(/[^\w$]/g, '\\$&')}($|[^\\w$])`, 'i').test(b.sql));
  const wanted = b.candidates.filter((c) => c.table.toLowerCase() === table.toLowerCase()).flatMap((c) => c.columns.map((x) => x.toLowerCase()));
  const unique = new Set((info?.indexes ?? []).filter((i) => i.unique && i.columns.length === 1).map((i) => i.columns[0].name));
  const stats = await readStats(b.source, b.database, table, made.columns, b.limit, new Set([...named, ...wanted]));
  const rows = Math.min(made.total, b.limit);
  const inserted = await fillSynthetic(b.sandbox, b.shadow, table, stats.columns, unique, rows, 16);
  return { rows: inserted, fraction: made.total ? inserted / made.total : 1 };
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
