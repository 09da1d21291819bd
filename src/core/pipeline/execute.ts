import { performance } from 'node:perf_hooks';
import type { Connection as CoreConnection } from 'mysql2';
import type { ResultSetHeader } from 'mysql2/promise';
import type { Execution } from '../report/model';
import { toReportError } from '../session/errors';
import { ResultChecksum } from '../session/checksum';
import type { StepDb } from './step';

export type Executed = Execution & { affected?: number };

const ER_STATEMENT_TIMEOUT = [1969, 3024];

/** Run the statement, counting rows as they stream and keeping none. */
export async function executeStreaming(db: StepDb, statement: string, checksum: boolean): Promise<Executed> {
  // The promise wrapper has no streaming API; its underlying core connection does.
  const raw = (db.conn as unknown as { connection: CoreConnection }).connection;
  const limit = db.limitMs;
  // The server's own limit normally fires first; the client guard catches what it does not cover.
  const clientMs = limit > 0 ? limit + 1500 : 2 ** 31 - 1;
  const t0 = performance.now();
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
          // A streaming query without a callback hears of a lost connection only through the connection.
          onLost = (e: unknown) => reject(e instanceof Error ? Object.assign(e, { fatal: true }) : new Error(String(e)));
          raw.on('error', onLost);
          const q = raw.query({ sql: statement, rowsAsArray: true });
          const sum = checksum ? new ResultChecksum() : undefined;
          q.on('result', (row: unknown) => {
            // OK packets of statements without a result set also arrive here; only arrays are rows.
            if (Array.isArray(row)) {
              rows++;
              sum?.add(row);
            } else if (row && typeof row === 'object' && 'affectedRows' in row) affected = (row as ResultSetHeader).affectedRows;
          });
          q.on('error', (e: unknown) => {
            if ((e as { fatal?: boolean }).fatal) return reject(e instanceof Error ? e : new Error(String(e)));
            const err = toReportError(e, statement);
            const reason = db.guard.cancelled
              ? 'Cancelled.'
              : ER_STATEMENT_TIMEOUT.includes(err.errno ?? 0) || timedOut
                ? 'Stopped by the time limit.'
                : 'The statement failed.';
            resolve({ executed: false, rows, ms: performance.now() - t0, reason, error: err });
          });
          q.on('end', () =>
            resolve({
              executed: true,
              rows,
              ms: performance.now() - t0,
              ...(affected !== undefined ? { affected } : {}),
              ...(sum ? { checksum: sum.digest() } : {}),
            }),
          );
        }),
    );
  } finally {
    clearTimeout(timer);
    if (onLost) raw.removeListener('error', onLost);
  }
}
