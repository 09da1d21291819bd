// Where the sandbox lives: the data dir, its files and the default port.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';

export const DEFAULT_PORT = 3407;
const PROJECT_NAME = 'mysql-query-tuner';
// sun_path holds 108 bytes including the NUL; keep a margin.
const MAX_SOCKET_PATH = 100;

/** Nearest folder at or above `from` whose package.json is this project (works from src/ and dist/). */
export function findProjectRoot(from: string = __dirname): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === PROJECT_NAME) return dir;
      } catch {
        // unreadable package.json: keep walking
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function defaultDir(): string {
  const env = process.env.MQT_SANDBOX_DIR;
  if (env) return path.resolve(env);
  const root = findProjectRoot();
  // An installed extension folder may be read-only.
  if (root && writable(root)) return path.join(root, '.sandbox');
  return path.join(os.homedir(), '.mqt-sandbox');
}

export function defaultPort(): number {
  const env = process.env.MQT_SANDBOX_PORT;
  if (!env) return DEFAULT_PORT;
  const port = Number(env);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`MQT_SANDBOX_PORT is not a port: ${env}`);
  return port;
}

export interface SandboxPaths {
  dir: string;
  data: string;
  socket: string;
  pidFile: string;
  errLog: string;
  outLog: string;
  credentials: string;
  lock: string;
  /** secure_file_priv: the only place INTO OUTFILE / LOAD DATA may touch. */
  files: string;
  /** The sandbox's own CA and server certificate. */
  tls: { dir: string; ca: string; cert: string; key: string };
}

export function sandboxPaths(dir: string): SandboxPaths {
  const abs = path.resolve(dir);
  let socket = path.join(abs, 'mariadbd.sock');
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    const id = createHash('sha256').update(abs).digest('hex').slice(0, 12);
    // In a private folder: root logs in through the socket without a password.
    socket = path.join(os.tmpdir(), `mqt-${id}`, 'mariadbd.sock');
  }
  return {
    dir: abs,
    data: path.join(abs, 'data'),
    socket,
    pidFile: path.join(abs, 'mariadbd.pid'),
    errLog: path.join(abs, 'mariadbd.err'),
    outLog: path.join(abs, 'mariadbd.out'),
    credentials: path.join(abs, 'credentials.json'),
    lock: path.join(abs, 'sandbox.lock'),
    files: path.join(abs, 'files'),
    tls: {
      dir: path.join(abs, 'tls'),
      ca: path.join(abs, 'tls', 'ca.pem'),
      cert: path.join(abs, 'tls', 'server-cert.pem'),
      key: path.join(abs, 'tls', 'server-key.pem'),
    },
  };
}
