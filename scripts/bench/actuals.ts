// Explain & Profile with plan actuals (the editor's default, planActuals: auto) against one
// execution of the same statement on a warm connection: what the statement itself costs.
import { performance } from 'node:perf_hooks';
import { driverOptions, parseConnectionUrl } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';
import type { SandboxInfo } from '../../src/sandbox/index';
import { below, median, round, type Figure } from './stats';

export const ACTUALS_FIGURE = 'Explain & Profile with actuals vs one execution (GROUP BY over payment x rental)';
export const ACTUALS_SQL =
  'SELECT r.customer_id, COUNT(*) AS n, SUM(p.amount) AS total FROM payment p JOIN rental r ON r.rental_id = p.rental_id GROUP BY r.customer_id ORDER BY total DESC';

export async function benchActuals(info: SandboxInfo, reps: number): Promise<Figure[]> {
  const spec = parseConnectionUrl(info.url);
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection(driverOptions(spec, false));
  const session = new ProfilerSession(spec);
  const once: number[] = [];
  const full: number[] = [];
  let notes: string[] = [];
  try {
    const analyze = () => session.analyze(ACTUALS_SQL, { timeoutMs: 30_000, actuals: 'auto' });
    await conn.query({ sql: ACTUALS_SQL, rowsAsArray: true });
    await analyze();
    for (let i = 0; i < reps; i++) {
      let t0 = performance.now();
      await conn.query({ sql: ACTUALS_SQL, rowsAsArray: true });
      once.push(performance.now() - t0);
      t0 = performance.now();
      const report = await analyze();
      full.push(performance.now() - t0);
      if (!report.execution.executed) throw new Error(`the statement did not run: ${report.execution.reason ?? ''}`);
      if (!report.raw.analyze) throw new Error('the report has no plan actuals');
      notes = report.notes;
    }
  } finally {
    await conn.end().catch(() => undefined);
    await session.close();
  }
  const o = median(once);
  const limit = 1.25 * o + 30;
  const how = notes.some((n) => /second run/i.test(n))
    ? 'the statement ran twice (measured run, then ANALYZE)'
    : 'one execution gave the plan actuals, the counters and the profile';
  return [
    {
      ...below(ACTUALS_FIGURE, median(full), 'ms', limit, {
        inclusive: true,
        note: `${round(median(full) / o)}x one execution (${round(o)} ms, warm connection, rows read by the driver), median of ${reps}; warm session, planActuals auto; ${how}`,
      }),
      goal: `<= 1.25 x one execution + 30 ms = ${round(limit)} ms`,
    },
  ];
}
