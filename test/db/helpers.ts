// Shared by every DB test: one sandbox per process, and connections to its sakila database.
import { after, before } from 'node:test';
import mysql from 'mysql2/promise';
import { startSandbox, type SandboxInfo } from '../../src/sandbox/index';
import { ProfilerSession } from '../../src/core/session/profiler';
import type { ConnectionSpec } from '../../src/core/session/connection';

export type { SandboxInfo } from '../../src/sandbox/index';

let pending: Promise<SandboxInfo> | undefined;

/** Starts (or reuses) the project's sandbox once per process. Set MQT_SANDBOX_LOG=1 to see progress. */
export function sandbox(): Promise<SandboxInfo> {
  if (!pending) {
    const log = process.env.MQT_SANDBOX_LOG ? (line: string) => console.error(`[sandbox] ${line}`) : undefined;
    pending = startSandbox(log ? { log } : {});
    // A failed start is not cached, so a later test can retry.
    pending.catch(() => (pending = undefined));
  }
  return pending;
}

export interface ConnectOptions extends Partial<mysql.ConnectionOptions> {
  /** Log in as the SELECT-only user instead of mqt (ALL PRIVILEGES). */
  readonly?: boolean;
}

/** A mysql2/promise connection to sakila over TCP; the caller ends it. */
export function connect(info: SandboxInfo, opts: ConnectOptions = {}): Promise<mysql.Connection> {
  const { readonly, ...rest } = opts;
  return mysql.createConnection({
    host: info.host,
    port: info.port,
    user: readonly ? info.readonlyUser : info.user,
    password: readonly ? info.readonlyPassword : info.password,
    database: info.database,
    ...rest,
  });
}

/** Where the sandbox's sakila is, as the mqt user (or the SELECT-only one); TLS left to the caller. */
export function sandboxSpec(info: SandboxInfo, opts: { readonly?: boolean } = {}): ConnectionSpec {
  const { host, port, database } = info;
  return opts.readonly
    ? { host, port, user: info.readonlyUser, password: info.readonlyPassword, database }
    : { host, port, user: info.user, password: info.password, database };
}

/** A profiler session on the sandbox as the mqt user (ALL PRIVILEGES), TLS off. */
export function profilerSession(info: SandboxInfo): ProfilerSession {
  return new ProfilerSession({ ...sandboxSpec(info), tls: 'disabled' });
}

/**
 * The sandbox and one profiler session on it for the file's tests: started in a before hook,
 * closed in an after hook; the getters give them to a test. The file's own set-up goes in
 * `setUp`, run in the same hook: node 20 starts a file's before hooks together, not in turn.
 */
export function useProfilerSession(setUp?: (info: SandboxInfo, session: ProfilerSession) => Promise<void>): {
  info: () => SandboxInfo;
  session: () => ProfilerSession;
} {
  let info: SandboxInfo | undefined;
  let session: ProfilerSession | undefined;
  before(async () => {
    info = await sandbox();
    session = profilerSession(info);
    await setUp?.(info, session);
  });
  after(async () => {
    await session?.close();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the sandbox session did not start');
    return x;
  };
  return { info: () => started(info), session: () => started(session) };
}
