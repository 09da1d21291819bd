import { diffSnapshots, measureObservationCost, type CounterDelta } from '../../counters/diff';
import { snapshotFromRows, STATUS_SQL, type StatusRow, type StatusSnapshot } from '../../counters/snapshot';
import { parsePlanText } from '../../plan';
import type { Plan } from '../../plan/model';
import { readProfile } from '../../profile/read';
import type { Profile } from '../../profile/model';
import type { Capabilities, Execution, Observation, ServerInfo } from '../../report/model';
import type { Decision } from '../../safety';
import { AnalysisError, toReportError } from '../../session/errors';
import type { Statement } from '../statement';
import { step, type Detected, type StepContext } from '../step';
import { decisionAfter, rejectedByServer } from './explain';

export interface MeasureOutput {
  execution: Execution;
  counters: CounterDelta[];
  observation: Observation | null;
  profile: Profile;
  /** What this run learned it may not do (profiling off, FLUSH STATUS denied). */
  capabilities: Capabilities;
  /** The measured run was meant as ANALYZE FORMAT=JSON (MariaDB): no second run for actuals. */
  oneRun?: boolean;
  /** Its plan, with actual rows and times, when the server ran it so. */
  analyzed?: { plan: Plan; text: string };
}

declare module '../step' {
  interface StepOutputs {
    /** One measured run: counters, profile, rows and time; or why it was not run. */
    measure: MeasureOutput;
  }
}

const ER_SPECIFIC_ACCESS_DENIED = 1227;

const snapshot = async (ctx: StepContext): Promise<StatusSnapshot> =>
  snapshotFromRows(await ctx.db.query<StatusRow[]>('reading SHOW SESSION STATUS', STATUS_SQL));

/** SET profiling = 1 (unless on for the session) and FLUSH STATUS, learning what is denied. FLUSH commits implicitly: before any transaction. */
async function prepare(ctx: StepContext, caps: Capabilities): Promise<boolean> {
  const q = (sql: string) => ctx.db.query('the measurement set-up', sql);
  if (caps.profiling && ctx.db.state.profiling === false) caps.profiling = false;
  else if (caps.profiling && ctx.db.state.profiling !== true) {
    try {
      await q('SET profiling = 1');
    } catch (e) {
      if (e instanceof AnalysisError) throw e;
      caps.profiling = false;
    }
  }
  try {
    await q('FLUSH STATUS');
    return true;
  } catch (e) {
    if (e instanceof AnalysisError || (e as { errno?: number }).errno !== ER_SPECIFIC_ACCESS_DENIED) throw e;
    caps.flushStatus = false;
    ctx.note('FLUSH STATUS was denied (no RELOAD privilege): counters are before/after differences on an unflushed session.');
    return false;
  }
}

/** The window: two snapshots (the cost of observing), the statement, a third snapshot; rolled back when asked. */
async function window(ctx: StepContext, run: Run, flushed: boolean, out: MeasureOutput): Promise<{ first: unknown; after?: number }> {
  const { decision, detected } = run;
  const q = (sql: string) => ctx.db.query('the measurement set-up', sql);
  const rollback = decision.run === 'rollback';
  let inTransaction = false;
  try {
    if (rollback) {
      await q('START TRANSACTION READ WRITE');
      inTransaction = true;
    }
    // What a SHOW STATUS costs is measured once per session (two back to back), then reused:
    // its Bytes_sent follows the width of the snapshot that opens each window (counters/diff).
    const cached = ctx.db.state.calibration;
    const netLength = ctx.db.state.netLength ?? detected.netBuffer.length;
    const calibration = cached ?? { first: await snapshot(ctx), second: await snapshot(ctx), netLength };
    const before = cached ? await snapshot(ctx) : calibration.second;
    ctx.db.state.calibration = calibration;
    const net = { ...detected.netBuffer, length: calibration.netLength, grownTo: netLength };
    const cost = measureObservationCost(calibration.first, calibration.second, net, before);
    const { affected, first, ...execution } = await ctx.phase('execute', () =>
      ctx.db.execute(run.sql, { checksum: ctx.run.checksum, keepFirst: run.sql !== run.statement.text }),
    );
    ctx.db.guard.finishing = true;
    out.execution = execution;
    // Statements sent after the measured run, when known: SHOW PROFILE's query id is then ours.
    const ranAt = ctx.db.sent();
    let exact = !rollback;
    if (affected !== undefined) ctx.note(`${affected} row(s) affected${rollback ? ', then rolled back' : ''}.`);
    const after = await snapshot(ctx).catch((e: unknown) => {
      if (e instanceof AnalysisError) throw e;
      exact = false;
      return undefined;
    });
    if (after) {
      out.counters = diffSnapshots(before, after, cost);
      out.observation = { flushed, selfCost: Object.fromEntries(cost) };
    }
    if (inTransaction && detected.server.flavor === 'mariadb') {
      const rows = await ctx.db.query('the measurement set-up', 'SELECT @@in_transaction AS t');
      if (Number(rows[0]?.t) !== 1) ctx.note('WARNING: the transaction ended before the rollback (an implicit commit?); the change may have been kept.');
    }
    return { first, ...(exact ? { after: ctx.db.sent() - ranAt } : {}) };
  } finally {
    ctx.db.guard.finishing = true;
    if (inTransaction && ctx.db.current()) await q('ROLLBACK');
  }
}

interface Run {
  statement: Statement;
  /** What is sent: the statement, or ANALYZE FORMAT=JSON of it. */
  sql: string;
  decision: Decision;
  detected: Detected;
}

/** One measured run: set-up, the window, the profile of what was sent. */
async function measureOnce(ctx: StepContext, run: Run): Promise<{ out: MeasureOutput; first: unknown }> {
  const caps = run.detected.capabilities;
  const out = empty(caps);
  const flushed = await prepare(ctx, caps);
  const { first, after } = await window(ctx, run, flushed, out);
  if (run.decision.run === 'rollback' && out.execution.executed) for (const n of run.decision.notes) ctx.note(n);
  const session = ctx.db.state.profiling === true;
  out.profile = await ctx.db.guard.step('reading the profile', ctx.db.stepMs, () =>
    readProfile(ctx.db.conn, run.sql, caps, run.detected.server, ctx.config.profileSource, {
      // Profiling stays on for the session; the statement's query id is known when nothing else ran between.
      keepProfiling: session,
      ...(session && after !== undefined && out.execution.executed ? { profiledAfter: after } : {}),
    }),
  );
  return { out, first };
}

const empty = (capabilities: Capabilities): MeasureOutput => ({
  execution: { executed: false, rows: 0, ms: 0 },
  counters: [],
  observation: null,
  profile: { source: null, stages: [] },
  capabilities,
});

/** ANALYZE FORMAT=JSON takes SELECT and WITH as they are; other reads (TABLE, VALUES) would read as another command. */
export function oneRunApplies(server: ServerInfo, caps: Capabilities, s: Statement): boolean {
  if (server.flavor !== 'mariadb' || !caps.explainAnalyze) return false;
  const first = s.tokens[0]?.text.toUpperCase();
  return first === 'SELECT' || first === 'WITH';
}

/**
 * The measured run as `ANALYZE FORMAT=JSON statement` (MariaDB): the plan with actual rows and
 * times, the counters and the profile from one execution. The server sends the plan instead
 * of the rows, so the row count is `Rows_sent` less the plan's own row, and `Bytes_sent` is
 * that of the plan. If the server refuses the ANALYZE form, the statement is measured plainly.
 */
async function measureWithActuals(ctx: StepContext, run: Run): Promise<MeasureOutput> {
  const { out, first } = await measureOnce(ctx, { ...run, sql: `ANALYZE FORMAT=JSON ${run.statement.text}` });
  out.oneRun = true;
  const ex = out.execution;
  if (!ex.executed) {
    if (ctx.db.guard.cancelled || /time limit/i.test(ex.reason ?? '')) return out;
    ctx.note(`ANALYZE FORMAT=JSON was refused (${ex.error?.message ?? ex.reason ?? 'no reason given'}); the statement was measured without it.`);
    return { ...(await measureOnce(ctx, run)).out, oneRun: true };
  }
  const text = String(first ?? '');
  try {
    out.analyzed = { plan: parsePlanText(text), text };
  } catch (e) {
    ctx.note(`The ANALYZE plan could not be read, the plan shows estimates only: ${toReportError(e).message}`);
  }
  const sent = out.counters.find((c) => c.name === 'Rows_sent');
  ex.rows = sent ? Math.max(0, sent.corrected - 1) : ex.rows;
  ctx.note(
    "One execution under ANALYZE FORMAT=JSON gave the plan's actual rows and times, the counters and the profile; Bytes_sent is that of the plan the server sent instead of the rows.",
  );
  return out;
}

export const measure = step({
  name: 'measure',
  needs: ['detect', 'read', 'inspect', 'explain'],
  async run(ctx, { detect, read, inspect, explain }) {
    const decision = decisionAfter(inspect.decision, explain);
    const out = empty(detect.capabilities);
    if (decision.run === 'no' || ctx.policy.explainOnly) {
      out.execution.reason = decision.run === 'no' ? (decision.reason ?? 'Not executed.') : 'Explain only: the statement was not run.';
      return out;
    }
    if (rejectedByServer(explain)) {
      out.execution = {
        executed: false,
        rows: 0,
        ms: 0,
        reason: 'The server rejected the statement.',
        ...(explain.planError ? { error: explain.planError } : {}),
      };
      return out;
    }
    ctx.db.guard.checkCancelled();
    ctx.progress('Running');
    const run: Run = { statement: read, sql: read.text, decision, detected: detect };
    // MariaDB's ANALYZE FORMAT=JSON runs the statement once and gives the actuals; its handler
    // counters are a plain run's (test/db/oneRun.test.ts), so it is the measured run itself.
    const oneRun =
      ctx.config.planActuals !== 'never' && decision.run === 'plain' && !ctx.run.checksum && oneRunApplies(detect.server, detect.capabilities, read);
    return oneRun ? measureWithActuals(ctx, run) : (await measureOnce(ctx, run)).out;
  },
  apply(report, out) {
    report.execution = out.execution;
    report.counters = out.counters;
    report.observation = out.observation;
    report.profile = out.profile;
    report.capabilities = out.capabilities;
    if (out.analyzed?.plan) {
      report.plan = out.analyzed.plan;
      report.raw = { ...report.raw, analyze: out.analyzed.text };
    }
  },
});
