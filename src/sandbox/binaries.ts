// Locating the MariaDB programs, and installing them with apt when we are root.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { SandboxError, type Log } from './errors';

export interface Binaries {
  mariadbd: string;
  installDb: string;
}

// sbin dirs are often missing from PATH for non-root users.
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
export const INSTALL_COMMAND = 'apt-get update && apt-get install -y mariadb-server mariadb-client';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findBinary(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

function locate(): Binaries | undefined {
  const mariadbd = findBinary(['mariadbd', 'mysqld']);
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
  return mariadbd && installDb ? { mariadbd, installDb } : undefined;
}

/** Streams a command's output, line by line, to `log`; rejects on a non-zero exit. */
export function run(cmd: string, args: string[], log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const tail: string[] = [];
    const onData = (buf: Buffer): void => {
      for (const line of buf.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        log(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => reject(new SandboxError(`cannot run ${cmd}: ${e.message}`, { cause: e })));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new SandboxError(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`));
    });
  });
}

export async function ensureBinaries(log: Log): Promise<Binaries> {
  const found = locate();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !findBinary(['apt-get'])) {
    const sudo = isRoot ? '' : 'sudo ';
    throw new SandboxError(
      `MariaDB server is not installed (no mariadbd in PATH or /usr/sbin). Install it with:\n  ${sudo}${INSTALL_COMMAND.replace('&& ', `&& ${sudo}`)}`,
    );
  }
  log(`mariadbd not found; running: ${INSTALL_COMMAND}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], log, env);
  await run('apt-get', ['install', '-y', 'mariadb-server', 'mariadb-client'], log, env);
  const installed = locate();
  if (!installed) throw new SandboxError('apt-get installed MariaDB but mariadbd or mariadb-install-db is still missing');
  return installed;
}
