import { AnalysisError } from './errors';

/** Driver errors that mean the connection is gone: it must be dropped and reopened. */
const LOST_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ECONNREFUSED',
]);
const LOST_ERRNOS = new Set([2006, 2013, 1053, 1927]);

export function isConnectionLost(e: unknown): boolean {
  const d = (e ?? {}) as { fatal?: boolean; code?: string; errno?: number };
  return d.fatal === true || LOST_CODES.has(d.code ?? '') || LOST_ERRNOS.has(d.errno ?? -1);
}

export interface GuardHooks {
  /** Ask the server to stop the running query (KILL QUERY from another connection). */
  kill(): Promise<void>;
  /** Throw the connection away: the server is gone or does not answer. */
  drop(): void;
  where: string;
}

/** How long a killed query gets to end before the server counts as not answering. */
export const KILL_GRACE_MS = 2500;

/**
 * Client-side limits for every round trip of one analysis: when a step takes longer than its
 * limit (or the user cancels), its query is killed from a second connection; when even that
 * gets no answer, the connection is dropped and the step fails, so nothing waits forever.
 */
export class Guard {
  /** After the statement: the remaining steps read results and roll back, so Cancel no longer stops them. */
  finishing = false;

  constructor(
    private readonly hooks: GuardHooks,
    private readonly signal?: AbortSignal,
  ) {}

  get cancelled(): boolean {
    return this.signal?.aborted === true;
  }

  checkCancelled(): void {
    if (this.cancelled) throw new AnalysisError('Cancelled.');
  }

  /**
   * Runs `fn` within `ms`. Errors pass through, except: a lost connection becomes an
   * AnalysisError (and the connection is dropped); after a cancel, a failed step says "Cancelled.".
   */
  step<T>(what: string, ms: number, fn: () => Promise<T>): Promise<T> {
    if (!this.finishing) this.checkCancelled();
    return new Promise<T>((resolve, reject) => {
      let done = false;
      let grace: NodeJS.Timeout | undefined;
      const finish = () => {
        done = true;
        clearTimeout(timer);
        clearTimeout(grace);
        this.signal?.removeEventListener('abort', onAbort);
      };
      const stop = (why: 'timeout' | 'cancel') => {
        if (done || grace) return;
        void this.hooks.kill().catch(() => undefined);
        grace = setTimeout(() => {
          if (done) return;
          finish();
          this.hooks.drop();
          reject(
            new AnalysisError(
              why === 'cancel'
                ? 'Cancelled; the server did not confirm the stop, so the connection was closed (the next analysis reconnects).'
                : `No answer from ${this.hooks.where} for ${Math.round((ms + KILL_GRACE_MS) / 1000)} s during ${what}: the connection was closed (the next analysis reconnects).`,
            ),
          );
        }, KILL_GRACE_MS);
      };
      const timer = setTimeout(() => stop('timeout'), Math.max(1, ms));
      const onAbort = () => {
        if (!this.finishing) stop('cancel');
      };
      this.signal?.addEventListener('abort', onAbort);
      fn().then(
        (v) => {
          if (done) return;
          finish();
          resolve(v);
        },
        (e: unknown) => {
          if (done) return;
          finish();
          if (isConnectionLost(e)) {
            this.hooks.drop();
            const msg = (e as Error).message ?? String(e);
            reject(
              new AnalysisError(
                `Lost the connection to ${this.hooks.where} during ${what} (server stopped, restarted or network cut): ${msg}. The next analysis reconnects.`,
              ),
            );
          } else if (this.cancelled && !this.finishing) reject(new AnalysisError('Cancelled.'));
          else reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }
}
