// A private MariaDB with the sakila sample database, for tests, the demo and `mqt sandbox`.
// Node only: no vscode import.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { ensureBinaries } from './binaries';
import { noLog, SandboxError, type Log } from './errors';
import { withLock } from './lock';
import { defaultDir, defaultPort, sandboxPaths, type SandboxPaths } from './paths';
import { findServerPid, initDataDir, isInitialised, missingServerOptions, ping, rootConnect, shutdownServer, spawnServer, waitReady } from './server';
import { ensureSakila, ensureUsers, lockRoot, readCredentials, type Credentials } from './setup';
import { ensureCertificates } from './tls';

export { SandboxError } from './errors';
export { SAKILA_ROWS, SAKILA_TABLES, SAKILA_VERSION } from './sakila';

export interface SandboxInfo {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  url: string;
  dir: string;
  version?: string;
  pid?: number;
  /** SELECT on sakila.* only. */
  readonlyUser: string;
  readonlyPassword: string;
  /** Unix socket; root (no password) can log in only through it. */
  socket?: string;
  /** The sandbox CA's certificate: verify-full against it succeeds for 127.0.0.1 and localhost. */
  tlsCa?: string;
}

export interface SandboxOptions {
  dir?: string;
  port?: number;
  log?: (line: string) => void;
}

const HOST = '127.0.0.1';
const DATABASE = 'sakila';

/** The mqt user's URL; with `tls`, verify-full against the sandbox's own CA. */
export function sandboxUrl(info: SandboxInfo, opts: { tls?: boolean } = {}): string {
  const auth = `${encodeURIComponent(info.user)}:${encodeURIComponent(info.password)}`;
  const base = `mysql://${auth}@${info.host}:${info.port}/${encodeURIComponent(info.database)}`;
  if (!opts.tls) return base;
  if (!info.tlsCa) throw new SandboxError('the sandbox has no TLS certificate yet: restart it with `mqt sandbox start`');
  return `${base}?ssl-mode=verify-full&ssl-ca=${encodeURIComponent(info.tlsCa)}`;
}

function resolve(opts: SandboxOptions): { paths: SandboxPaths; port: number; log: Log } {
  return { paths: sandboxPaths(opts.dir ? path.resolve(opts.dir) : defaultDir()), port: opts.port ?? defaultPort(), log: opts.log ?? noLog };
}

async function describe(paths: SandboxPaths, c: Credentials, pid: number | undefined): Promise<SandboxInfo> {
  const root = await rootConnect(paths);
  try {
    const [rows] = await root.query<RowDataPacket[]>('SELECT @@port AS port, VERSION() AS version');
    const info: SandboxInfo = {
      host: HOST,
      port: Number(rows[0]?.port),
      user: c.user,
      password: c.password,
      database: DATABASE,
      url: '',
      dir: paths.dir,
      version: String(rows[0]?.version),
      readonlyUser: c.readonlyUser,
      readonlyPassword: c.readonlyPassword,
      socket: paths.socket,
    };
    if (existsSync(paths.tls.ca)) info.tlsCa = paths.tls.ca;
    if (pid !== undefined) info.pid = pid;
    info.url = sandboxUrl(info);
    return info;
  } finally {
    await root.end();
  }
}

/** Is our server up? Waits for one that is still starting (its process exists but the socket does not answer yet). */
async function detect(paths: SandboxPaths): Promise<{ running: boolean; pid?: number }> {
  if (await ping(paths)) {
    const pid = findServerPid(paths);
    return pid === undefined ? { running: true } : { running: true, pid };
  }
  const pid = findServerPid(paths);
  if (pid === undefined) return { running: false };
  await waitReady(paths);
  return { running: true, pid };
}

function removeLeftovers(paths: SandboxPaths): void {
  // A crashed or killed server leaves these behind.
  rmSync(paths.pidFile, { force: true });
  rmSync(paths.socket, { force: true });
}

/** Starts the sandbox, or reuses the one already running. Initialises and loads sakila on first use. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxInfo> {
  const { paths, port, log } = resolve(opts);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  return withLock(
    paths.lock,
    async () => {
      for (const d of [paths.files, path.dirname(paths.socket)]) mkdirSync(d, { recursive: true, mode: 0o700 });
      await ensureCertificates(paths); // before any (re)start: the server's options name these files
      let state = await detect(paths);
      let pid = state.pid;
      const missing = state.running && pid !== undefined ? missingServerOptions(pid, paths, port) : [];
      if (missing.length) {
        // Started by an older version of the project: restart with today's options (data is kept).
        log(`restarting the sandbox server for new options: ${missing.join(' ')}`);
        await shutdownServer(paths, pid);
        state = await detect(paths);
        pid = state.pid;
      }
      if (!state.running) {
        removeLeftovers(paths);
        const bins = await ensureBinaries(log);
        if (!isInitialised(paths)) {
          log(`initialising a MariaDB data dir in ${paths.data}`);
          await initDataDir(bins, paths);
        }
        log(`starting mariadbd on ${HOST}:${port}`);
        const child = spawnServer(bins, paths, port);
        try {
          await waitReady(paths, child);
        } catch (e) {
          if (child.exitCode === null) child.kill('SIGTERM'); // no half-started orphan
          throw e;
        }
        pid = child.pid;
      }
      const root = await rootConnect(paths);
      let creds: Credentials;
      try {
        await lockRoot(root, log);
        creds = await ensureUsers(root, paths.credentials, log);
        await ensureSakila(root, log);
      } finally {
        await root.end();
      }
      const info = await describe(paths, creds, pid);
      if (info.port !== port) log(`note: the sandbox was already running on port ${info.port} (asked for ${port})`);
      return info;
    },
    log,
  );
}

/** Clean shutdown. Returns false when the sandbox was not running. */
export async function stopSandbox(opts: SandboxOptions = {}): Promise<boolean> {
  const { paths, log } = resolve(opts);
  if (!existsSync(paths.dir)) return false;
  return withLock(
    paths.lock,
    async () => {
      const { running, pid } = await detect(paths);
      if (!running) {
        removeLeftovers(paths);
        return false;
      }
      log(`stopping mariadbd${pid === undefined ? '' : ` (pid ${pid})`}`);
      await shutdownServer(paths, pid);
      return true;
    },
    log,
  );
}

export async function sandboxStatus(opts: SandboxOptions = {}): Promise<{ running: boolean; info?: SandboxInfo }> {
  const { paths } = resolve(opts);
  if (!existsSync(paths.dir) || !(await ping(paths))) return { running: false };
  const creds = readCredentials(paths.credentials);
  if (!creds) return { running: true }; // up, but the first start has not finished
  try {
    return { running: true, info: await describe(paths, creds, findServerPid(paths)) };
  } catch (e) {
    throw new SandboxError(`the sandbox answers but cannot be described: ${(e as Error).message}`, { cause: e });
  }
}
