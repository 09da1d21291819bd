// A real OpenSSH server (Debian's /usr/sbin/sshd) on 127.0.0.1 with its own host key, port,
// authorized_keys and config in a temp dir, for the SSH tunnel tests. Plus an ssh-agent.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './freePort';

export interface Sshd {
  port: number;
  dir: string;
  user: string;
  /** A key sshd accepts, one it does not, and a known_hosts file that has the server's key. */
  key: string;
  wrongKey: string;
  knownHosts: string;
  hostKeyLine: string;
  /** What sshd logged so far (stderr). */
  log(): string;
  /** The pids of this sshd and its per-connection children. */
  pids(): number[];
  stop(): Promise<void>;
}

export const SSHD = '/usr/sbin/sshd';

function keygen(file: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mqt-test', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

async function waitListening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((r) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        r(true);
      });
      c.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port}: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * How a password is checked: `password` (sshd reads the shadow file itself, UsePAM no), or
 * `keyboard-interactive` (PAM's prompt, as many bastions offer only that). Keys always work.
 */
export interface PasswordLogin {
  user: string;
  method: 'password' | 'keyboard-interactive';
}

/** Starts sshd; forwarding is allowed only to the given destinations (others are refused). */
export async function startSshd(permitOpen: string[], login?: PasswordLogin): Promise<Sshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-sshd-'));
  keygen(path.join(dir, 'host_ed25519'));
  keygen(path.join(dir, 'client'));
  keygen(path.join(dir, 'wrong'));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client.pub')));
  const port = await freePort();
  const user = os.userInfo().username;
  writeFileSync(
    path.join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_ed25519')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      `UsePAM ${login?.method === 'keyboard-interactive' ? 'yes' : 'no'}`,
      `PasswordAuthentication ${login?.method === 'password' ? 'yes' : 'no'}`,
      `KbdInteractiveAuthentication ${login?.method === 'keyboard-interactive' ? 'yes' : 'no'}`,
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${user}${login ? ` ${login.user}` : ''}`,
      'AllowTcpForwarding local',
      `PermitOpen ${permitOpen.join(' ')}`,
      'X11Forwarding no',
      'AllowAgentForwarding no',
      'PrintMotd no',
      // DEBUG1 logs each forward (direct-tcpip) the tests look for.
      'LogLevel DEBUG1',
      '',
    ].join('\n'),
  );
  // Run as root, sshd wants its privilege separation dir (the Debian service makes it at start).
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => {
    log += b.toString();
  });
  await waitListening(port, child, () => log);
  const hostPub = readFileSync(path.join(dir, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/);
  const hostKeyLine = `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}`;
  writeFileSync(path.join(dir, 'known_hosts'), `${hostKeyLine}\n`);
  return {
    port,
    dir,
    user,
    key: path.join(dir, 'client'),
    wrongKey: path.join(dir, 'wrong'),
    knownHosts: path.join(dir, 'known_hosts'),
    hostKeyLine,
    log: () => log,
    pids: () => descendants(child.pid!),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An ssh-agent on a private socket holding `key`. */
export async function startAgent(dir: string, key: string): Promise<{ sock: string; stop(): void }> {
  const sock = path.join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 30));
  const add = spawnSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`ssh-add failed: ${add.stderr}`);
  return { sock, stop: () => child.kill('SIGTERM') };
}

/** A process and all its descendants, from /proc (sshd forks one child, or two, per connection). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out;
}

/** The pid of the process whose TCP socket has this local port on 127.0.0.1 (`ss -p`, as root). */
export function socketOwner(localPort: number): number | undefined {
  const r = spawnSync('ss', ['-Htnp', 'src', `127.0.0.1:${localPort}`], { encoding: 'utf8' });
  const m = /pid=(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}
