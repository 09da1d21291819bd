import { fromClassicRows, parsePlanText } from '../../plan';
import type { Plan } from '../../plan/model';
import type { Report, ReportError } from '../../report/model';
import { AnalysisError, toReportError } from '../../session/errors';
import { atLeast } from '../../session/server';
import { step, type StepContext } from '../step';

export interface ExplainOutput {
  plan: Plan | null;
  classicPlan: Plan | null;
  raw: Report['raw'];
  planError?: ReportError;
}

declare module '../step' {
  interface StepOutputs {
    /** The plans in every format the server has, or why there is none. */
    explain: ExplainOutput;
  }
}

type RowArrays = unknown[][];
const firstCell = (rows: RowArrays) => String(rows[0]?.[0] ?? '');

/** One EXPLAIN round trip; a server error is an answer (kept), a lost connection or cancel is not. */
async function attempt<T>(fn: () => Promise<T>): Promise<T | Error> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    return e instanceof Error ? e : new Error(String(e));
  }
}

async function explainAll(ctx: StepContext, detected: { server: Report['server']; capabilities: Report['capabilities'] }): Promise<ExplainOutput> {
  const { db } = ctx;
  const text = ctx.statement.text;
  const out: ExplainOutput = { plan: null, classicPlan: null, raw: {} };
  if (detected.capabilities.explainJson) {
    const r = await attempt(() => db.query<RowArrays>('EXPLAIN', { sql: `EXPLAIN FORMAT=JSON ${text}`, rowsAsArray: true }));
    if (r instanceof Error) out.planError = toReportError(r, text);
    else {
      out.raw.explainJson = firstCell(r);
      try {
        // parsePlanText also reads MySQL's /* end markers */ (end_markers_in_json=on).
        out.plan = parsePlanText(out.raw.explainJson);
      } catch (e) {
        out.planError = toReportError(e, text);
      }
    }
  }
  // MySQL 8.0.16+ also prints the plan as an iterator tree, the form its ANALYZE uses.
  if (detected.server.flavor === 'mysql' && atLeast(detected.server, 8, 0, 16)) {
    const tree = await attempt(() => db.query<RowArrays>('EXPLAIN', { sql: `EXPLAIN FORMAT=TREE ${text}`, rowsAsArray: true }));
    if (!(tree instanceof Error)) out.raw.explainTree = firstCell(tree);
  }
  const rows = await attempt(() => db.query<Array<Record<string, unknown>>>('EXPLAIN', `EXPLAIN ${text}`));
  if (rows instanceof Error) {
    out.planError ??= toReportError(rows, text);
    return out;
  }
  out.raw.explainRows = rows.map((r) => ({ ...r }));
  out.classicPlan = { format: 'classic', root: fromClassicRows(out.raw.explainRows) };
  if (!out.plan) {
    out.plan = out.classicPlan;
    delete out.planError;
  }
  return out;
}

export const explain = step({
  name: 'explain',
  needs: ['detect', 'inspect'],
  async run(ctx, { detect, inspect }) {
    const cls = ctx.statement.classification;
    if (!inspect.decision.explain || !cls.explainable) {
      return {
        plan: null,
        classicPlan: null,
        raw: {},
        planError: { message: inspect.decision.reason ?? cls.reason ?? 'EXPLAIN does not apply to this statement.' },
      };
    }
    ctx.progress('Explaining');
    return ctx.phase('explain', () => explainAll(ctx, detect));
  },
  apply(report, out) {
    report.plan = out.plan;
    report.classicPlan = out.classicPlan;
    report.raw = { ...report.raw, ...out.raw };
    if (out.planError) report.planError = out.planError;
  },
});

/** The server rejected the statement at EXPLAIN time (syntax, unknown table): running it would only repeat that. */
export const rejectedByServer = (e: ExplainOutput): boolean => e.planError?.errno !== undefined && !e.raw.explainJson && !e.raw.explainRows;
