import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Capabilities } from '../report/model';
import type { Profile } from './model';
import { findProfiledQuery, stagesFromShowProfile } from './showProfile';

/**
 * Read the profile of the statement just run on `conn`: SHOW PROFILE where the server has
 * it. The caller turned `profiling` on before the statement; this turns it off again.
 */
export async function readProfile(conn: Connection, statement: string, caps: Capabilities): Promise<Profile> {
  if (!caps.profiling) {
    return { source: null, stages: [], note: 'SHOW PROFILE is not available on this server (have_profiling is not YES).' };
  }
  try {
    const [list] = await conn.query<RowDataPacket[]>('SHOW PROFILES');
    const id = findProfiledQuery(list, statement);
    if (id === undefined) return { source: null, stages: [], note: 'The statement was not found in SHOW PROFILES.' };
    const [rows] = await conn.query<RowDataPacket[]>(`SHOW PROFILE ALL FOR QUERY ${id}`);
    const stages = stagesFromShowProfile(rows);
    return { source: 'show-profile', stages, totalMs: stages.reduce((s, x) => s + x.ms, 0) };
  } catch (e) {
    return { source: null, stages: [], note: `SHOW PROFILE failed: ${(e as Error).message}` };
  } finally {
    await conn.query('SET profiling = 0').catch(() => undefined);
  }
}
