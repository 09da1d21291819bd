// Child process for the RSS benchmark: one analysis of a 1M-row result in a fresh process,
// RSS sampled every 5 ms. Prints {baseline, peak, after, rows, ms} (bytes, ms) as JSON.
import { parseConnectionUrl } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';

export const MILLION_ROWS_SQL = 'SELECT r.* FROM rental r CROSS JOIN seq_1_to_10 s';

async function main(): Promise<void> {
  const session = new ProfilerSession(parseConnectionUrl(process.argv[2]));
  try {
    // Warm-up: connect, load the driver and the report code, so the baseline includes them.
    await session.analyze('SELECT * FROM rental LIMIT 100', { timeoutMs: 30_000 });
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const report = await session.analyze(process.argv[3] ?? MILLION_ROWS_SQL, { timeoutMs: 120_000 });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    process.stdout.write(JSON.stringify({ baseline, peak, after: process.memoryUsage.rss(), rows: report.execution.rows, ms: report.execution.ms, executed: report.execution.executed }) + '\n');
  } finally {
    await session.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
});
