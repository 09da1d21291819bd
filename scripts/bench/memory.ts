// RSS growth while analysing 1M-row results: rows are streamed and counted, never kept, so
// memory stays flat. Run: node --expose-gc --import tsx scripts/bench/memory.ts [mysql://…]
// (default: the sandbox). Prints one line per query and exits 1 when growth reaches 50 MB.
import { parseConnectionUrl } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';
import { startSandbox } from '../../src/sandbox/index';

const MB = 1024 * 1024;
const LIMIT_MB = 50;
const QUERIES = ['SELECT * FROM seq_1_to_1000000', 'SELECT r.*, s.seq FROM rental r CROSS JOIN seq_1_to_10 s'];

async function measure(session: ProfilerSession, sql: string): Promise<{ growthMb: number; rows: number; ms: number }> {
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const r = await session.analyze(sql, { timeoutMs: 300_000 });
    if (!r.execution.executed) throw new Error(`not executed: ${r.execution.reason ?? ''} ${r.execution.error?.message ?? ''}`);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { growthMb: (peak - baseline) / MB, rows: r.execution.rows, ms: r.execution.ms };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const url = process.argv[2] ?? process.env.MQT_URL ?? (await startSandbox()).url;
  if (!global.gc) process.stderr.write('note: run with --expose-gc for a steadier baseline\n');
  const session = new ProfilerSession(parseConnectionUrl(url));
  let worst = 0;
  try {
    // Warm-up: connect and load the driver and report code, so the baseline includes them.
    await session.analyze('SELECT * FROM seq_1_to_10000', { timeoutMs: 30_000 });
    for (const sql of QUERIES) {
      const m = await measure(session, sql);
      worst = Math.max(worst, m.growthMb);
      process.stdout.write(`${m.rows} rows in ${(m.ms / 1000).toFixed(1)} s: RSS growth ${m.growthMb.toFixed(1)} MB  (${sql})\n`);
    }
  } finally {
    await session.close();
  }
  process.stdout.write(`worst RSS growth ${worst.toFixed(1)} MB (limit ${LIMIT_MB} MB)\n`);
  if (worst >= LIMIT_MB) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
