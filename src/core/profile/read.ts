import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Capabilities, ServerInfo } from '../report/model';
import { atLeast } from '../session/server';
import type { Profile, ProfileSource } from './model';
import { findStatementEvent, ownThreadId, stagesOf, statementEventFrom } from './perfSchema';
import { findProfiledQuery, stagesFromShowProfile } from './showProfile';

export type ProfilePreference = 'auto' | ProfileSource;

/**
 * Which source to read: SHOW PROFILE where it works and is not deprecated (MariaDB, MySQL
 * before 8.0); performance_schema stages on MySQL 8+ or where profiling is missing.
 */
export function chooseSource(server: ServerInfo, caps: Capabilities, prefer: ProfilePreference = 'auto'): ProfileSource | null {
  if (prefer === 'show-profile') return caps.profiling ? 'show-profile' : null;
  if (prefer === 'performance-schema') return caps.performanceSchema ? 'performance-schema' : null;
  const deprecated = server.flavor === 'mysql' && atLeast(server, 8, 0);
  if (caps.profiling && !(deprecated && caps.performanceSchema)) return 'show-profile';
  return caps.performanceSchema ? 'performance-schema' : null;
}

/** information_schema.PROFILING under the names SHOW PROFILE ALL gives its columns. */
const PROFILING_ROWS = `SELECT STATE AS Status, DURATION AS Duration, CPU_USER AS CPU_user, CPU_SYSTEM AS CPU_system,
  CONTEXT_VOLUNTARY AS Context_voluntary, CONTEXT_INVOLUNTARY AS Context_involuntary, BLOCK_OPS_IN AS Block_ops_in,
  BLOCK_OPS_OUT AS Block_ops_out, MESSAGES_SENT AS Messages_sent, MESSAGES_RECEIVED AS Messages_received,
  PAGE_FAULTS_MAJOR AS Page_faults_major, PAGE_FAULTS_MINOR AS Page_faults_minor, SWAPS AS Swaps,
  SOURCE_FUNCTION AS Source_function, SOURCE_FILE AS Source_file, SOURCE_LINE AS Source_line
  FROM information_schema.PROFILING WHERE QUERY_ID = (SELECT MAX(QUERY_ID) FROM information_schema.PROFILING) - ? ORDER BY SEQ`;

/**
 * With profiling on for the session, every statement gets the next query id and the read of
 * PROFILING does not see itself: ours is the last one less the statements sent after it.
 */
async function fromProfiling(conn: Connection, after: number): Promise<Profile> {
  const [rows] = await conn.query<RowDataPacket[]>(PROFILING_ROWS, [after]);
  if (rows.length === 0) return { source: null, stages: [], note: 'The statement was not found in information_schema.PROFILING.' };
  const stages = stagesFromShowProfile(rows);
  return { source: 'show-profile', stages, totalMs: stages.reduce((s, x) => s + x.ms, 0) };
}

async function fromShowProfile(conn: Connection, statement: string): Promise<Profile> {
  const [list] = await conn.query<RowDataPacket[]>('SHOW PROFILES');
  const id = findProfiledQuery(list, statement);
  if (id === undefined) return { source: null, stages: [], note: 'The statement was not found in SHOW PROFILES.' };
  const [rows] = await conn.query<RowDataPacket[]>(`SHOW PROFILE ALL FOR QUERY ${id}`);
  const stages = stagesFromShowProfile(rows);
  return { source: 'show-profile', stages, totalMs: stages.reduce((s, x) => s + x.ms, 0) };
}

/** Stage timings and statement figures of our own thread's last run of `statement`. */
async function fromPerfSchema(conn: Connection, statement: string, wantStages: boolean): Promise<Profile> {
  // Without stages, one query: the history joined to our own thread.
  const thread = wantStages ? await ownThreadId(conn) : null;
  if (thread === undefined) return { source: null, stages: [], note: 'This connection is not instrumented by performance_schema.' };
  const event = await findStatementEvent(conn, thread, statement);
  if (!event) return { source: null, stages: [], note: 'The statement is not in performance_schema.events_statements_history (consumer off?).' };
  if (thread === null) return { source: null, stages: [], statement: statementEventFrom(event) };
  const profile: Profile = { source: null, stages: [], statement: statementEventFrom(event) };
  if (!wantStages) return profile;
  const stages = await stagesOf(conn, thread, Number(event.EVENT_ID));
  if (stages.length === 0) {
    profile.note = 'performance_schema recorded no stages: enable the stage/% instruments and the events_stages_history_long consumer.';
    return profile;
  }
  return { ...profile, source: 'performance-schema', stages, totalMs: stages.reduce((s, x) => s + x.ms, 0) };
}

/**
 * Read the profile of the statement just run on `conn`. The caller turned `profiling` on
 * before the statement when SHOW PROFILE is the source; this turns it off again.
 */
export interface ProfileRead {
  /** Profiling stays on (the session keeps it on): no SET profiling = 0. */
  keepProfiling?: boolean;
  /** How many statements were sent after ours (profiling on throughout): its query id is known. */
  profiledAfter?: number;
}

export async function readProfile(
  conn: Connection,
  statement: string,
  caps: Capabilities,
  server?: ServerInfo,
  prefer: ProfilePreference = 'auto',
  o: ProfileRead = {},
): Promise<Profile> {
  const source = server ? chooseSource(server, caps, prefer) : caps.profiling ? 'show-profile' : null;
  let profile: Profile;
  try {
    if (source === 'show-profile') profile = o.profiledAfter !== undefined ? await fromProfiling(conn, o.profiledAfter) : await fromShowProfile(conn, statement);
    else if (source === 'performance-schema') profile = await fromPerfSchema(conn, statement, true);
    else profile = { source: null, stages: [], note: 'Neither SHOW PROFILE nor performance_schema is available on this server.' };
  } catch (e) {
    profile = { source: null, stages: [], note: `Reading the profile failed: ${(e as Error).message}` };
  } finally {
    if (caps.profiling && !o.keepProfiling) await conn.query('SET profiling = 0').catch(() => undefined);
  }
  // performance_schema's per-statement figures add to SHOW PROFILE's stages when both exist.
  if (caps.performanceSchema && !profile.statement) {
    const ps = await fromPerfSchema(conn, statement, false).catch(() => undefined);
    if (ps?.statement) profile.statement = ps.statement;
  }
  return profile;
}
