import type { RowDataPacket } from 'mysql2/promise';
import { fromClassicRows, parsePlanText } from '../../plan';
import type { Plan } from '../../plan/model';
import type { Report, ReportError } from '../../report/model';
import type { Decision } from '../../safety';
import { disagreement, ER_READ_ONLY_TRANSACTION, type ExplainOutcome } from '../../safety/confirm';
import { AnalysisError, toReportError } from '../../session/errors';
import { atLeast } from '../../session/server';
import type { Classification } from '../../sql/classify';
import type { Statement } from '../statement';
import { fromTraceRow, TRACE_MEM_START, TRACE_ROW_SQL, tracedStatement, type Captured } from '../../trace/capture';
import { TraceError } from '../../trace/text';
import { step, type Detected, type StepContext } from '../step';

/** The trace row read; a trace that cannot be read is a note, as in captureTrace. */
function fromTraceRowSafe(row: RowDataPacket | undefined): Captured | 'larger' {
  try {
    return fromTraceRow(row, TRACE_MEM_START);
  } catch (e) {
    return { note: `The optimizer trace could not be read: ${e instanceof TraceError ? e.message : String(e)}` };
  }
}

export interface ExplainOutput {
  plan: Plan | null;
  classicPlan: Plan | null;
  raw: Report['raw'];
  planError?: ReportError;
  /** The server and the reader disagree on what the statement is: it is explained, never run. */
  differs?: string;
  /** The full EXPLAIN ran and its classic rows came back (what the trace step needs). */
  explained?: boolean;
  /** It was explained inside START TRANSACTION READ WRITE … ROLLBACK (a write or a locking read). */
  readWrite?: boolean;
  /** The optimizer trace of the JSON EXPLAIN, when it was traced (MariaDB: SET STATEMENT … FOR). */
  traced?: Captured | 'larger';
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

/** Trace the JSON EXPLAIN itself: on MariaDB the trace is on for that one statement (no SET before and after). */
const traceWithJson = (ctx: StepContext, detected: Detected) =>
  ctx.config.optimizerTrace !== 'never' && detected.server.flavor === 'mariadb' && detected.traceMem !== undefined;

async function explainAll(ctx: StepContext, text: string, detected: Detected): Promise<ExplainOutput> {
  const { db } = ctx;
  const out: ExplainOutput = { plan: null, classicPlan: null, raw: {} };
  if (detected.capabilities.explainJson) {
    const json = `EXPLAIN FORMAT=JSON ${text}`;
    let r: RowArrays | Error | undefined;
    if (traceWithJson(ctx, detected)) {
      r = await attempt(() => db.query<RowArrays>('EXPLAIN', { sql: tracedStatement(json, TRACE_MEM_START), rowsAsArray: true }));
      if (!(r instanceof Error)) {
        const row = await attempt(() => db.query<RowDataPacket[]>('reading the optimizer trace', TRACE_ROW_SQL));
        if (!(row instanceof Error)) out.traced = fromTraceRowSafe(row[0]);
      } else r = undefined; // the statement itself is refused on its own, just below
    }
    r ??= await attempt(() => db.query<RowArrays>('EXPLAIN', { sql: json, rowsAsArray: true }));
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
  out.explained = true;
  out.classicPlan = { format: 'classic', root: fromClassicRows(out.raw.explainRows) };
  if (!out.plan) {
    out.plan = out.classicPlan;
    delete out.planError;
  }
  return out;
}

/**
 * Run `fn` inside START TRANSACTION READ WRITE … ROLLBACK: EXPLAIN of a write (and its trace)
 * fails in the read-only session. The rollback is skipped only on a connection already dropped.
 */
export async function inReadWrite<T>(ctx: StepContext, what: string, fn: () => Promise<T>): Promise<T> {
  let open = false;
  try {
    await ctx.db.query(what, 'START TRANSACTION READ WRITE');
    open = true;
    return await fn();
  } finally {
    if (open && ctx.db.current()) await ctx.db.query(what, 'ROLLBACK');
  }
}

const outcome = (o: ExplainOutput): ExplainOutcome => ({
  ...(o.planError?.errno !== undefined ? { errno: o.planError.errno } : {}),
  ...(o.raw.explainJson !== undefined ? { json: o.raw.explainJson } : {}),
  ...(o.raw.explainRows !== undefined ? { classic: o.raw.explainRows } : {}),
});

/**
 * EXPLAIN, with the server confirming the kind. Reads are explained in the read-only
 * session: a refusal (1792) or a write node means the server sees a write. A write is
 * first explained there too, where the server must refuse it (or show its write node);
 * then inside START TRANSACTION READ WRITE … ROLLBACK.
 */
async function explainChecked(ctx: StepContext, s: Statement, cls: Classification, detected: Detected): Promise<ExplainOutput> {
  const explainIn = () => ctx.phase('explain', () => explainAll(ctx, s.text, detected));
  if (cls.kind !== 'write' && !cls.locking) {
    const out = await explainIn();
    const differs = disagreement(cls, outcome(out));
    return differs ? { ...out, differs } : out;
  }
  if (cls.kind === 'write') {
    let probe: ExplainOutcome;
    try {
      const rows = await ctx.db.query<Array<Record<string, unknown>>>('EXPLAIN', `EXPLAIN ${s.text}`);
      probe = { classic: rows.map((r) => ({ ...r })) };
    } catch (e) {
      if (e instanceof AnalysisError) throw e;
      probe = { errno: toReportError(e).errno ?? -1 };
      // Syntax, privileges, unknown table: the server's own answer.
      if (probe.errno !== ER_READ_ONLY_TRANSACTION) return { plan: null, classicPlan: null, raw: {}, planError: toReportError(e, s.text) };
    }
    const differs = disagreement(cls, probe);
    if (differs)
      return { plan: null, classicPlan: null, raw: { ...(probe.classic ? { explainRows: probe.classic } : {}) }, planError: { message: differs }, differs };
  }
  const out = await inReadWrite(ctx, 'EXPLAIN', explainIn);
  out.readWrite = true;
  const differs = cls.kind === 'write' ? undefined : disagreement(cls, outcome(out));
  return differs ? { ...out, differs } : out;
}

/** The decision once the server has had its say: a disagreement means nothing is run. */
export function decisionAfter(decision: Decision, e: ExplainOutput): Decision {
  // When the reader had already held it back, its own reason stays the one shown.
  return e.differs && decision.run !== 'no' ? { ...decision, run: 'no', reason: e.differs } : decision;
}

export const explain = step({
  name: 'explain',
  needs: ['detect', 'read', 'inspect'],
  async run(ctx, { detect, read, inspect }) {
    const cls = read.classification;
    if (!inspect.decision.explain || !cls.explainable) {
      return {
        plan: null,
        classicPlan: null,
        raw: {},
        planError: { message: inspect.decision.reason ?? cls.reason ?? 'EXPLAIN does not apply to this statement.' },
      };
    }
    ctx.progress('Explaining');
    const out = await explainChecked(ctx, read, cls, detect);
    if (out.differs) ctx.note(out.differs);
    return out;
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
