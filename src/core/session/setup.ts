// What a session learns and sets once per connection: the server (one SELECT) and the
// session's limits (one SET). Each round trip saved here is saved on every first analysis.
import type { RowDataPacket } from 'mysql2/promise';
import type { ConnectionState, Detected } from '../pipeline/step';
import { dialectFrom } from '../sql/dialect';
import { AnalysisError, toReportError } from './errors';
import { atLeast, capabilitiesFrom, serverInfoFrom } from './server';

/** One guarded round trip on the session's connection. */
export type SetupQuery = (what: string, sql: string) => Promise<RowDataPacket[]>;

const BASE = 'VERSION() AS v, @@version_comment AS c, @@performance_schema AS ps, @@max_allowed_packet AS mp, @@SESSION.sql_mode AS sm, @@net_buffer_length AS nb';
/** The same with what older builds may lack (a missing variable fails the whole SELECT: then one at a time). */
const ALL = `SELECT ${BASE}, @@have_profiling AS hp, DATABASE() AS db, @@optimizer_trace_max_mem_size AS tm`;

/** A server error is an answer (null); a lost connection or cancel is not. */
async function optional(q: SetupQuery, sql: string): Promise<RowDataPacket | null> {
  try {
    return (await q('connecting', sql))[0] ?? null;
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    return null;
  }
}

/** Flavor, version, sql_mode, profiling, performance_schema, the database and the trace limit: one SELECT on current servers. */
export async function learn(q: SetupQuery): Promise<Detected> {
  let row = await optional(q, ALL);
  if (!row) {
    row = { ...(await q('connecting', `SELECT ${BASE}`))[0] } as RowDataPacket;
    row.hp = (await optional(q, 'SELECT @@have_profiling AS hp'))?.hp ?? null;
    row.db = (await q('connecting', 'SELECT DATABASE() AS db'))[0]?.db ?? null;
    row.tm = (await optional(q, 'SELECT @@optimizer_trace_max_mem_size AS tm'))?.tm;
  }
  const server = serverInfoFrom(String(row.v), row.c ? String(row.c) : undefined);
  // The reader reads statements as this server does: its version and session sql_mode.
  const dialect = dialectFrom(server.flavor, server.version, String(row.sm ?? ''));
  const netBuffer = { length: Number(row.nb) || 16384, restoresCounters: server.flavor === 'mariadb' };
  const capabilities = capabilitiesFrom(server, { haveProfiling: row.hp === null || row.hp === undefined ? null : String(row.hp), performanceSchema: row.ps as string | number | null });
  const traceMem = row.tm === null || row.tm === undefined || !Number.isFinite(Number(row.tm)) ? undefined : Number(row.tm);
  const database = row.db === undefined ? undefined : row.db === null ? null : String(row.db);
  return {
    server,
    capabilities,
    maxPacket: Number(row.mp) || 0,
    dialect,
    netBuffer,
    ...(database !== undefined ? { database } : {}),
    ...(traceMem !== undefined ? { traceMem } : {}),
  };
}

/** The assignment of the session's time limit (ms; 0: none) for this server. */
export function limitAssignment(d: Detected, limitMs: number): string {
  return d.server.flavor === 'mariadb' ? `max_statement_time = ${(limitMs / 1000).toFixed(3)}` : `max_execution_time = ${Math.ceil(limitMs)}`;
}

/** The variable behind SET SESSION TRANSACTION READ ONLY (tx_read_only until MySQL 5.7.20 and MariaDB 11.1). */
function readOnlyVariable(d: Detected): string {
  const s = d.server;
  const old = s.flavor === 'mariadb' ? !atLeast(s, 11, 1) : !atLeast(s, 5, 7, 20);
  return old ? 'tx_read_only' : 'transaction_read_only';
}

const readOnlyRefused = (e: unknown) =>
  new AnalysisError(`The server did not accept SET SESSION TRANSACTION READ ONLY (${toReportError(e).message}); nothing is run without it.`);

/**
 * The session set-up, once per connection and before anything of the user's is sent: READ ONLY
 * (the server refuses writes from here on), the time limit when one is known, profiling when
 * the server has it, and on MySQL 8.3+ the tree-shaped JSON plans. One SET; when the server
 * refuses the combination, each part alone, READ ONLY first (without it nothing is run).
 */
export async function setUpSession(q: SetupQuery, d: Detected, state: ConnectionState, limitMs?: number): Promise<void> {
  const parts = [`${readOnlyVariable(d)} = 1`];
  if (limitMs !== undefined) parts.push(limitAssignment(d, limitMs));
  if (d.capabilities.profiling) parts.push('profiling = 1');
  // MySQL 8.3+: the tree-shaped JSON (version 2), which names every iterator, as TREE does.
  if (d.server.flavor === 'mysql' && atLeast(d.server, 8, 3)) parts.push('explain_json_format_version = 2');
  try {
    await q('connecting', `SET SESSION ${parts.join(', ')}`);
    if (limitMs !== undefined) state.limitMs = limitMs;
    state.profiling = d.capabilities.profiling;
    return;
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
  }
  try {
    await q('connecting', 'SET SESSION TRANSACTION READ ONLY');
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    throw readOnlyRefused(e);
  }
  for (const rest of parts.slice(1)) {
    const ok = await q('connecting', `SET SESSION ${rest}`).then(
      () => true,
      (e: unknown) => {
        if (e instanceof AnalysisError) throw e;
        return false;
      },
    );
    if (rest === 'profiling = 1') state.profiling = ok;
    else if (ok && rest.startsWith('max_') && limitMs !== undefined) state.limitMs = limitMs;
  }
  // A limit not set here is set (and its failure reported) by the detect step.
}
