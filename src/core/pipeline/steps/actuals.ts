import { parsePlanText } from '../../plan';
import type { Plan } from '../../plan/model';
import { AnalysisError, toReportError } from '../../session/errors';
import { step } from '../step';

/** The longest measured run for which 'auto' repeats the statement under ANALYZE. */
export const ACTUALS_AUTO_MS = 2000;

declare module '../step' {
  interface StepOutputs {
    /** The plan with actual rows, loops and times per node, from a second run under ANALYZE. */
    actuals: { plan: Plan; text: string };
  }
}

/**
 * Run the read once more under the server's ANALYZE: the plan then carries actual rows,
 * loops and times next to the estimates. It comes after the counters were read, so they
 * stay those of the single measured run.
 */
export const actuals = step({
  name: 'actuals',
  needs: ['detect', 'read', 'inspect', 'measure'],
  async run(ctx, { detect, read, inspect, measure }) {
    const want = ctx.config.planActuals;
    // One execution under ANALYZE FORMAT=JSON already gave them (or was refused): no second run.
    if (measure.oneRun) return undefined;
    const ran = inspect.decision.run === 'plain' && measure.execution.executed;
    if (!ran || want === 'never' || (want === 'auto' && measure.execution.ms > ACTUALS_AUTO_MS)) return undefined;
    ctx.progress('Measuring actual rows per plan node');
    if (!detect.capabilities.explainAnalyze) {
      ctx.note('This server has no ANALYZE for plans; the plan shows estimates only.');
      return undefined;
    }
    const mariadb = detect.server.flavor === 'mariadb';
    const sql = mariadb ? `ANALYZE FORMAT=JSON ${read.text}` : `EXPLAIN ANALYZE ${read.text}`;
    try {
      const rows = await ctx.db.query<unknown[][]>('ANALYZE', { sql, rowsAsArray: true });
      const text = String(rows[0]?.[0] ?? '');
      const plan = parsePlanText(text);
      ctx.note(
        `Actual rows and times per plan node come from a second run of the statement (${mariadb ? 'ANALYZE FORMAT=JSON' : 'EXPLAIN ANALYZE'}); the counters and the profile are those of the first.`,
      );
      return { plan, text };
    } catch (e) {
      if (e instanceof AnalysisError) throw e;
      ctx.note(`ANALYZE failed, the plan shows estimates only: ${toReportError(e).message}`);
      return undefined;
    }
  },
  apply(report, out) {
    report.plan = out.plan;
    report.raw = { ...report.raw, analyze: out.text };
  },
});
