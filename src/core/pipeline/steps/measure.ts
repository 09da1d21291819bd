import { diffSnapshots, measureObservationCost, type CounterDelta } from '../../counters/diff';
import { snapshotFromRows, type StatusRow, type StatusSnapshot } from '../../counters/snapshot';
import { readProfile } from '../../profile/read';
import type { Profile } from '../../profile/model';
import type { Capabilities, Execution, Observation } from '../../report/model';
import type { Decision } from '../../safety';
import { AnalysisError } from '../../session/errors';
import { step, type StepContext } from '../step';
import { rejectedByServer } from './explain';

export interface MeasureOutput {
  execution: Execution;
  counters: CounterDelta[];
  observation: Observation | null;
  profile: Profile;
  /** What this run learned it may not do (profiling off, FLUSH STATUS denied). */
  capabilities: Capabilities;
}

declare module '../step' {
  interface StepOutputs {
    /** One measured run: counters, profile, rows and time; or why it was not run. */
    measure: MeasureOutput;
  }
}

const ER_SPECIFIC_ACCESS_DENIED = 1227;

const snapshot = async (ctx: StepContext): Promise<StatusSnapshot> =>
  snapshotFromRows(await ctx.db.query<StatusRow[]>('reading SHOW SESSION STATUS', 'SHOW SESSION STATUS'));

/** SET profiling = 1 and FLUSH STATUS, learning what is denied. FLUSH commits implicitly: before any transaction. */
async function prepare(ctx: StepContext, caps: Capabilities): Promise<boolean> {
  const q = (sql: string) => ctx.db.query('the measurement set-up', sql);
  if (caps.profiling) {
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
async function window(ctx: StepContext, decision: Decision, flushed: boolean, out: MeasureOutput, flavor: string): Promise<void> {
  const q = (sql: string) => ctx.db.query('the measurement set-up', sql);
  const rollback = decision.run === 'rollback';
  let inTransaction = false;
  try {
    if (rollback) {
      await q('START TRANSACTION READ WRITE');
      inTransaction = true;
    }
    const calibrate = await snapshot(ctx);
    const before = await snapshot(ctx);
    const cost = measureObservationCost(calibrate, before);
    const { affected, ...execution } = await ctx.phase('execute', () => ctx.db.execute(ctx.statement.text, ctx.run.checksum));
    ctx.db.guard.finishing = true;
    out.execution = execution;
    if (affected !== undefined) ctx.note(`${affected} row(s) affected${rollback ? ', then rolled back' : ''}.`);
    const after = await snapshot(ctx).catch((e: unknown) => {
      if (e instanceof AnalysisError) throw e;
      return undefined;
    });
    if (after) {
      out.counters = diffSnapshots(before, after, cost);
      out.observation = { flushed, selfCost: Object.fromEntries(cost) };
    }
    if (inTransaction && flavor === 'mariadb') {
      const rows = await ctx.db.query('the measurement set-up', 'SELECT @@in_transaction AS t');
      if (Number(rows[0]?.t) !== 1) ctx.note('WARNING: the transaction ended before the rollback (an implicit commit?); the change may have been kept.');
    }
  } finally {
    ctx.db.guard.finishing = true;
    if (inTransaction && ctx.db.current()) await q('ROLLBACK');
  }
}

export const measure = step({
  name: 'measure',
  needs: ['detect', 'inspect', 'explain'],
  async run(ctx, { detect, inspect, explain }) {
    const { decision } = inspect;
    const caps = detect.capabilities;
    const out: MeasureOutput = {
      execution: { executed: false, rows: 0, ms: 0 },
      counters: [],
      observation: null,
      profile: { source: null, stages: [] },
      capabilities: caps,
    };
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
    const flushed = await prepare(ctx, caps);
    await window(ctx, decision, flushed, out, detect.server.flavor);
    if (decision.run === 'rollback' && out.execution.executed) for (const n of decision.notes) ctx.note(n);
    out.profile = await ctx.db.guard.step('reading the profile', ctx.db.stepMs, () =>
      readProfile(ctx.db.conn, ctx.statement.text, caps, detect.server, ctx.config.profileSource),
    );
    return out;
  },
  apply(report, out) {
    report.execution = out.execution;
    report.counters = out.counters;
    report.observation = out.observation;
    report.profile = out.profile;
    report.capabilities = out.capabilities;
  },
});
