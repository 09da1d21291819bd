// A lock file (O_EXCL create) so that two processes never initialise or start the same sandbox.
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { SandboxError, type Log } from './errors';
import { pidAlive, sleep } from './server';

const STALE_AFTER_MS = 15 * 60_000; // longer than any apt install + init + load
const EMPTY_GRACE_MS = 5_000; // a holder writes its pid right after creating the file

function holder(file: string): { pid?: number; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(file).mtimeMs;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? { pid, ageMs } : { ageMs };
  } catch {
    return undefined; // gone in between
  }
}

function isStale(h: { pid?: number; ageMs: number }): boolean {
  if (h.ageMs > STALE_AFTER_MS) return true;
  if (h.pid === undefined) return h.ageMs > EMPTY_GRACE_MS;
  return !pidAlive(h.pid);
}

/** Rename first: if a fresh lock replaced the stale one meanwhile, we put it back. */
function removeStale(file: string, log: Log): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else took care of it
  }
  const h = holder(aside);
  if (h && !isStale(h)) {
    try {
      linkSync(aside, file);
    } catch {
      // a newer lock exists already; the one we moved lost the race anyway
    }
  } else {
    log(`removed stale sandbox lock ${file} (pid ${h?.pid ?? '?'})`);
  }
  rmSync(aside, { force: true });
}

async function acquire(file: string, timeoutMs: number, log: Log): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const h = holder(file);
    if (h && isStale(h)) {
      removeStale(file, log);
      continue;
    }
    if (Date.now() > deadline) throw new SandboxError(`timed out waiting for the sandbox lock ${file} (held by pid ${h?.pid ?? '?'})`);
    if (!told) {
      log(`waiting for another process (pid ${h?.pid ?? '?'}) to finish with the sandbox`);
      told = true;
    }
    await sleep(100);
  }
}

/** Runs `fn` holding the lock. Within one process, calls queue on the same file too. */
export async function withLock<T>(file: string, fn: () => Promise<T>, log: Log, timeoutMs = 10 * 60_000): Promise<T> {
  await acquire(file, timeoutMs, log);
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
