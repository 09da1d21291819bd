// Small helpers shared by the e2e runner and the scenario: condition polling, timing, shell.
import { spawn } from 'node:child_process';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls fn until it returns a truthy value (which is returned) or the timeout passes. */
export async function pollUntil(fn, { timeoutMs = 10_000, intervalMs = 200, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      // A thrown error ends the wait only when it says so (exited processes and the like).
      if (e?.fatal !== false) throw e;
      lastError = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
    await sleep(intervalMs);
  }
}

/** Runs a command; resolves with its output, rejects with its output on a non-zero exit. */
export function run(cmd, args, { cwd, env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!quiet) process.stderr.write(d);
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${stderr || stdout}`), { stdout, stderr, code }));
    });
  });
}

export const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
