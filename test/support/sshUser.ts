// A throwaway local account for SSH password tests: `mqt-pw-<pid>` with a random password,
// made with useradd/chpasswd as root and removed afterwards. Accounts left by a run that died
// (their pid gone) are removed first; those of a run still going are left alone.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface TestUser {
  name: string;
  password: string;
  remove(): void;
}

const PREFIX = 'mqt-pw-';

function run(cmd: string, args: string[], input?: string): { ok: boolean; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { ok: r.status === 0, err: `${r.error?.message ?? ''}${r.stderr ?? ''}`.trim() };
}

function removeStale(): void {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const name = line.split(':')[0];
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length));
    if (Number.isInteger(pid) && !existsSync(`/proc/${pid}`)) run('userdel', [name]);
  }
}

/** The account, or why there is none (not root, no useradd...): the caller skips with that reason. */
export function makeTestUser(): TestUser | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'SSH password tests need a throwaway local account, made only when running as root (CI does)' };
  removeStale();
  const name = `${PREFIX}${process.pid}`;
  run('userdel', [name]);
  const add = run('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name]);
  if (!add.ok) return { skip: `cannot create the local account ${name} for the SSH password tests: ${add.err}` };
  const password = randomBytes(18).toString('base64url');
  const set = run('chpasswd', [], `${name}:${password}\n`);
  if (!set.ok) {
    run('userdel', [name]);
    return { skip: `cannot set a password for ${name}: ${set.err}` };
  }
  return { name, password, remove: () => void run('userdel', [name]) };
}
