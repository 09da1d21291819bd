import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { ProfileStage, StatementEvent } from './model';

/** performance_schema timers are in picoseconds. */
const psToMs = (v: unknown) => Number(v ?? 0) / 1e9;
const n = (v: unknown) => Number(v ?? 0);

/** Our connection's performance_schema thread (works on MySQL and MariaDB; no PS_CURRENT_THREAD_ID on MariaDB). */
export async function ownThreadId(conn: Connection): Promise<number | undefined> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT THREAD_ID AS t FROM performance_schema.threads WHERE PROCESSLIST_ID = CONNECTION_ID()');
  return rows.length ? Number(rows[0].t) : undefined;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Our statement's event in events_statements_history (the last few statements of our own
 * thread), matched on its text, which the server may have truncated.
 */
export async function findStatementEvent(conn: Connection, threadId: number | null, statement: string): Promise<Record<string, unknown> | undefined> {
  // null: our own thread, found in the same query.
  const [rows] =
    threadId === null
      ? await conn.query<RowDataPacket[]>(
          `SELECT h.* FROM performance_schema.events_statements_history h JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID
           WHERE t.PROCESSLIST_ID = CONNECTION_ID() ORDER BY h.EVENT_ID DESC`)
      : await conn.query<RowDataPacket[]>('SELECT * FROM performance_schema.events_statements_history WHERE THREAD_ID = ? ORDER BY EVENT_ID DESC', [threadId]);
  const want = norm(statement);
  return rows.find((r) => {
    const text = norm(String(r.SQL_TEXT ?? '').replace(/\.\.\.$/, ''));
    return text.length > 0 && want.startsWith(text);
  });
}

export function statementEventFrom(r: Record<string, unknown>): StatementEvent {
  return {
    ms: psToMs(r.TIMER_WAIT),
    lockMs: psToMs(r.LOCK_TIME),
    rowsExamined: n(r.ROWS_EXAMINED),
    rowsSent: n(r.ROWS_SENT),
    rowsAffected: n(r.ROWS_AFFECTED),
    createdTmpTables: n(r.CREATED_TMP_TABLES),
    createdTmpDiskTables: n(r.CREATED_TMP_DISK_TABLES),
    sortMergePasses: n(r.SORT_MERGE_PASSES),
    sortRows: n(r.SORT_ROWS),
    selectFullJoin: n(r.SELECT_FULL_JOIN),
    selectScan: n(r.SELECT_SCAN),
    noIndexUsed: n(r.NO_INDEX_USED) > 0,
    noGoodIndexUsed: n(r.NO_GOOD_INDEX_USED) > 0,
    warnings: n(r.WARNINGS),
    errors: n(r.ERRORS),
  };
}

/** The stages nested in one statement event, in order. */
export async function stagesOf(conn: Connection, threadId: number, eventId: number): Promise<ProfileStage[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT EVENT_NAME, TIMER_WAIT, SOURCE FROM performance_schema.events_stages_history_long
     WHERE THREAD_ID = ? AND NESTING_EVENT_ID = ? ORDER BY EVENT_ID`, [threadId, eventId]);
  return rows.map((r) => {
    const s: ProfileStage = { name: String(r.EVENT_NAME).replace(/^stage\/\w+\//, ''), ms: psToMs(r.TIMER_WAIT) };
    if (r.SOURCE) s.source = String(r.SOURCE);
    return s;
  });
}
