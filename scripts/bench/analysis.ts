// Analysis overhead: a full Explain & Profile against the bare query in the `mariadb` client,
// same query, interleaved in one loop so that both see the same machine state.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseConnectionUrl } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';
import type { SandboxInfo } from '../../src/sandbox/index';
import { median, round, type Figure } from './stats';

const TIMEOUT_MS = 30_000; // the extension's default mysqlQueryTuner.timeoutSeconds

export const QUERIES = [
  { label: 'small query (point lookup)', sql: 'SELECT * FROM customer WHERE customer_id = 42' },
  { label: '100k-row query (SELECT * FROM payment)', sql: 'SELECT * FROM payment' },
] as const;

/** What the user compares to: the client spawned, connected, the rows printed to /dev/null. */
export function bareRun(info: SandboxInfo, sql: string): Promise<number> {
  const args = ['--no-defaults', `-h${info.host}`, `-P${info.port}`, `-u${info.user}`, `-p${info.password}`, info.database, '-e', sql];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('mariadb', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`mariadb exited with ${code}: ${err.trim()}`))));
  });
}

async function timed(session: ProfilerSession, sql: string): Promise<number> {
  const t0 = performance.now();
  const report = await session.analyze(sql, { timeoutMs: TIMEOUT_MS });
  const ms = performance.now() - t0;
  if (!report.execution.executed) throw new Error(`the analysed statement did not run: ${report.execution.reason ?? ''}`);
  return ms;
}

export async function benchAnalysis(info: SandboxInfo, reps: number): Promise<Figure[]> {
  const spec = parseConnectionUrl(info.url);
  const figures: Figure[] = [];
  for (const q of QUERIES) {
    const bare: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const reused = new ProfilerSession(spec);
    try {
      // One untimed round of each warms the server's buffer pool and the client's caches.
      await bareRun(info, q.sql);
      await timed(reused, q.sql);
      for (let i = 0; i < reps; i++) {
        bare.push(await bareRun(info, q.sql));
        const fresh = new ProfilerSession(spec); // as for the first analysis in the extension: connect included
        try {
          cold.push(await timed(fresh, q.sql));
        } finally {
          await fresh.close();
        }
        warm.push(await timed(reused, q.sql));
      }
    } finally {
      await reused.close();
    }
    const b = median(bare);
    const limit = 1.3 * b + 15;
    const goal = `<= 1.3 x bare + 15 ms = ${round(limit)} ms`;
    const note = `bare mariadb client ${round(b)} ms, median of ${reps}`;
    figures.push({
      name: `bare mariadb client run, ${q.label}`,
      value: round(b),
      unit: 'ms',
      goal: 'reported (baseline)',
      met: true,
      note: `median of ${reps}, client spawn included`,
    });
    for (const [kind, samples] of [
      ['first analysis (new session, connect incl.)', cold],
      ['warm analysis (reused session)', warm],
    ] as const) {
      const m = median(samples);
      figures.push({ name: `analysis, ${q.label}: ${kind}`, value: round(m), unit: 'ms', goal, met: m <= limit, note: `${round(m / b)}x bare; ${note}` });
    }
  }
  return figures;
}
