// The mariadbd process: init the data dir, spawn it detached, wait for it, find it, stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import type * as mysql from 'mysql2/promise';
import { run, type Binaries } from './binaries';
import { noLog, SandboxError } from './errors';
import type { SandboxPaths } from './paths';

export const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 60_000;

const isRoot = (): boolean => process.getuid?.() === 0;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function cmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

/** A live mariadbd for this data dir. /proc also rules out recycled pids and zombies. */
export function isServerProcess(pid: number, datadir: string): boolean {
  if (!pidAlive(pid)) return false;
  const args = cmdline(pid);
  if (!args) return process.platform !== 'linux';
  return args.includes(`--datadir=${datadir}`);
}

export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The server's pid from its pid file, else by scanning /proc (pid file lost or stale). */
export function findServerPid(paths: SandboxPaths): number | undefined {
  const fromFile = readPidFile(paths.pidFile);
  if (fromFile !== undefined && isServerProcess(fromFile, paths.data)) return fromFile;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const args = cmdline(Number(entry));
    if (args?.includes(`--datadir=${paths.data}`) && /(mariadbd|mysqld)$/.test(args[0] ?? '')) return Number(entry);
  }
  return undefined;
}

export function tailLog(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function isInitialised(paths: SandboxPaths): boolean {
  return existsSync(`${paths.data}/mysql/global_priv.frm`) || existsSync(`${paths.data}/mysql/user.frm`);
}

/** Runs install-db into a scratch dir and renames it, so an interrupted init is simply redone. */
export async function initDataDir(bins: Binaries, paths: SandboxPaths): Promise<void> {
  const scratch = `${paths.data}.init`;
  rmSync(scratch, { recursive: true, force: true });
  rmSync(paths.data, { recursive: true, force: true });
  await run(
    bins.installDb,
    [
      '--no-defaults',
      `--datadir=${scratch}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
      ...(isRoot() ? ['--user=root'] : []),
      // Passed through to the bootstrap server: a 16 MB redo log instead of 100 MB.
      '--innodb-log-file-size=16M',
    ],
    noLog,
  ); // its chatter is boilerplate; a failure still reports the output's tail
  renameSync(scratch, paths.data);
}

export function serverArgs(paths: SandboxPaths, port: number): string[] {
  return [
    '--no-defaults', // must come first; /etc/mysql would point at /run/mysqld and /var/lib/mysql
    ...(isRoot() ? ['--user=root'] : []),
    `--datadir=${paths.data}`,
    `--socket=${paths.socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${paths.pidFile}`,
    `--log-error=${paths.errLog}`,
    '--skip-name-resolve',
    // INTO OUTFILE, LOAD DATA and LOAD_FILE() only inside .sandbox/files.
    `--secure-file-priv=${paths.files}`,
    // TLS with the sandbox's own CA (src/sandbox/tls.ts); plain TCP is still accepted.
    `--ssl-ca=${paths.tls.ca}`,
    `--ssl-cert=${paths.tls.cert}`,
    `--ssl-key=${paths.tls.key}`,
    '--max-connections=50',
    '--innodb-buffer-pool-size=128M',
    '--innodb-log-file-size=16M',
    // A disposable sandbox: trade durability for load speed.
    '--innodb-flush-log-at-trx-commit=2',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_general_ci',
    // Stage and statement events, so the performance_schema profile source can be shown and tested.
    '--performance-schema=ON',
    '--performance-schema-instrument=stage/%=ON',
    '--performance-schema-consumer-events-stages-current=ON',
    '--performance-schema-consumer-events-stages-history=ON',
    '--performance-schema-consumer-events-stages-history-long=ON',
    '--performance-schema-consumer-events-statements-current=ON',
    '--performance-schema-consumer-events-statements-history=ON',
    // Sample statements for `mqt top` and the Top Statements view.
    '--performance-schema-consumer-events-statements-history-long=ON',
  ];
}

export function spawnServer(bins: Binaries, paths: SandboxPaths, port: number): ChildProcess {
  const out = openSync(paths.outLog, 'a');
  try {
    const child = spawn(bins.mariadbd, serverArgs(paths, port), { detached: true, stdio: ['ignore', out, out] });
    child.on('error', () => undefined); // reported by waitReady through exitCode / the log
    child.unref();
    return child;
  } finally {
    closeSync(out);
  }
}

export function rootConnect(paths: SandboxPaths): Promise<mysql.Connection> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = require('mysql2/promise') as typeof mysql; // loaded on first use: `mqt` starts without the driver
  return driver.createConnection({ socketPath: paths.socket, user: 'root', connectTimeout: 5000 });
}

export async function ping(paths: SandboxPaths): Promise<boolean> {
  if (!existsSync(paths.socket)) return false;
  try {
    const conn = await rootConnect(paths);
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

export async function waitReady(paths: SandboxPaths, child?: ChildProcess, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ping(paths)) return;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      const tail = tailLog(paths.errLog);
      const hint = /Address already in use/.test(tail) ? '\nThe port is taken: pick another one with MQT_SANDBOX_PORT.' : '';
      throw new SandboxError(`mariadbd exited (${child.signalCode ?? `exit ${child.exitCode}`}) before it was ready. Tail of ${paths.errLog}:\n${tail}${hint}`);
    }
    if (Date.now() > deadline) {
      throw new SandboxError(`mariadbd was not ready after ${timeoutMs / 1000} s. Tail of ${paths.errLog}:\n${tailLog(paths.errLog)}`);
    }
    await sleep(100);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Clean shutdown as root over the socket; signals only when SQL cannot reach the server. */
export async function shutdownServer(paths: SandboxPaths, pid: number | undefined): Promise<void> {
  let asked = false;
  try {
    const conn = await rootConnect(paths);
    try {
      await conn.query('SHUTDOWN');
      asked = true;
    } catch (e) {
      // The server may drop the connection before the OK packet arrives.
      asked = (e as { code?: string }).code === 'PROTOCOL_CONNECTION_LOST';
    } finally {
      conn.destroy();
    }
  } catch {
    // cannot connect: fall back to a signal
  }
  if (!asked && pid !== undefined) signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (pid !== undefined ? isServerProcess(pid, paths.data) : await ping(paths)) {
    if (Date.now() > deadline) {
      if (pid === undefined) throw new SandboxError('mariadbd did not stop in time');
      signal(pid, 'SIGKILL');
    }
    await sleep(50);
  }
}

/**
 * Options the running server lacks compared with what this version of the project starts
 * it with (port and paths aside): a reason to restart it.
 */
export function missingServerOptions(pid: number, paths: SandboxPaths, port: number): string[] {
  const running = cmdline(pid);
  if (!running) return [];
  return serverArgs(paths, port)
    .filter((a) => !/^--(port|socket|pid-file|log-error|datadir|secure-file-priv|ssl-ca|ssl-cert|ssl-key)=/.test(a) && !running.includes(a))
    .concat(['--secure-file-priv', '--ssl-cert'].filter((flag) => !running.some((a) => a.startsWith(`${flag}=`))));
}
