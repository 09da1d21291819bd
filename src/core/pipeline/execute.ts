import { nowMs } from '../clock';
import type { Connection as CoreConnection } from 'mysql2';
import type { QueryOptions, ResultSetHeader } from 'mysql2/promise';
import { ER_READ_ONLY_TRANSACTION } from '../safety/confirm';
import { toReportError } from '../session/errors';
import { ResultChecksum } from '../session/checksum';
import type { Executed, StepDb } from './step';

export type { Executed } from './step';

const ER_STATEMENT_TIMEOUT = [1969, 3024];

/** Run the statement, counting rows as they stream and keeping none. */
export async function executeStreaming(db: StepDb, statement: string, o: { checksum: boolean; keepFirst?: boolean }): Promise<Executed> {
  // The promise wrapper has no streaming API; its underlying core connection does.
  const raw = (db.conn as unknown as { connection: CoreConnection }).connection;
  const limit = db.limitMs;
  // The server's own limit normally fires first; the client guard catches what it does not cover.
  const clientMs = limit > 0 ? limit + 1500 : 2 ** 31 - 1;
  const t0 = nowMs();
  let timedOut = false;
  let onLost: ((e: unknown) => void) | undefined;
  const timer = limit > 0 ? setTimeout(() => (timedOut = true), clientMs) : undefined;
  try {
    return await db.guard.step(
      'the statement',
      clientMs,
      () =>
        new Promise<Executed>((resolve, reject) => {
          let rows = 0;
          let affected: number | undefined;
          let first: unknown;
          // A streaming query without a callback hears of a lost connection only through the connection.
          onLost = (e: unknown) => reject(e instanceof Error ? Object.assign(e, { fatal: true }) : new Error(String(e)));
          raw.on('error', onLost);
          // The statement's own rows (perhaps millions) through the driver's generated row
          // reader (1.5x the static one's speed on 100k rows); the one-row ANALYZE result
          // (keepFirst) through the static one.
          const q = raw.query({ sql: statement, rowsAsArray: true, disableEval: o.keepFirst === true } as QueryOptions);
          const sum = o.checksum ? new ResultChecksum() : undefined;
          q.on('result', (row: unknown) => {
            // OK packets of statements without a result set also arrive here; only arrays are rows.
            if (Array.isArray(row)) {
              if (o.keepFirst && rows === 0) first = row[0];
              rows++;
              sum?.add(row);
            } else if (row && typeof row === 'object' && 'affectedRows' in row) affected = (row as ResultSetHeader).affectedRows;
          });
          q.on('error', (e: unknown) => {
            if ((e as { fatal?: boolean }).fatal) return reject(e instanceof Error ? e : new Error(String(e)));
            const err = toReportError(e, statement);
            const reason = db.guard.cancelled
              ? 'Cancelled.'
              : err.errno === ER_READ_ONLY_TRANSACTION
                ? 'The server refused it: it writes, and the session is read-only.'
                : ER_STATEMENT_TIMEOUT.includes(err.errno ?? 0) || timedOut
                  ? 'Stopped by the time limit.'
                  : 'The statement failed.';
            resolve({ executed: false, rows, ms: nowMs() - t0, reason, error: err });
          });
          q.on('end', () =>
            resolve({
              executed: true,
              rows,
              ms: nowMs() - t0,
              ...(affected !== undefined ? { affected } : {}),
              ...(sum ? { checksum: sum.digest() } : {}),
              ...(o.keepFirst ? { first } : {}),
            }),
          );
        }),
    );
  } finally {
    clearTimeout(timer);
    if (onLost) raw.removeListener('error', onLost);
  }
}
