import { nowMs } from '../clock';
import type { AdviceRun } from '../advise/types';
import type { TunerConfig } from '../config';
import type { Report } from '../report/model';
import { enrichReport } from '../report/enrich';
import { AnalysisError } from '../session/errors';
import { TOOL_VERSION } from '../version';
import type { LiveUpdate } from '../live';
import type { ServerPolicy } from './policy';
import { statementFacts, type Reader, type Statement } from './statement';
import { isAround, isSequential, type AnyStep, type AroundStep, type Phase, type StepContext, type StepDb, type StepName, type StepOutputs } from './step';
import { STEPS } from './steps';

/** Limit for the round trips around the statement when the configuration sets no time limit. */
export const DEFAULT_STEP_MS = 60_000;

/** Where an analysis runs: a session with one dedicated connection (core/session/profiler). */
export interface AnalysisSession {
  readonly where: Report['connection'];
  /**
   * Run `fn` on the session's connection (connecting first if needed), one analysis at a
   * time; `gate` is asked before anything is sent.
   */
  exclusive<T>(
    opts: { signal?: AbortSignal; stepMs: number; limitMs: number; policy: ServerPolicy; onConnect?: () => void },
    fn: (db: StepDb) => Promise<T>,
  ): Promise<T>;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
  /** Checksum the result rows (order-independent), to compare two statements. */
  checksum?: boolean;
  /** Watch the statement while it runs (from about 1 s on); default on. Each update goes to onLive. */
  live?: boolean;
  onLive?: (u: LiveUpdate) => void;
  /** The SQL classifier; the standard one by default (tests pass a wrong one). */
  reader?: Reader;
  /** Index advice for a read: the advise step runs only when given. */
  advice?: AdviceRun;
  /** The steps to run; the standard pipeline by default. */
  steps?: readonly AnyStep[];
}

type Outputs = Partial<StepOutputs>;

const ready = (needs: readonly StepName[], outputs: Outputs) => needs.every((n) => outputs[n] !== undefined);

function skeleton(statement: Statement, where: Report['connection']): Report {
  return {
    tool: { name: 'mysql-query-tuner', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    // Filled in by the detect step.
    server: { flavor: 'mysql', version: '' },
    capabilities: { profiling: false, performanceSchema: false, flushStatus: false, explainJson: false, explainAnalyze: false },
    connection: where,
    statement: statement.text,
    statementKind: statement.kind,
    source: statementFacts(statement),
    plan: null,
    classicPlan: null,
    raw: {},
    counters: [],
    observation: null,
    profile: { source: null, stages: [] },
    execution: { executed: false, rows: 0, ms: 0 },
    hints: [],
    notes: [...statement.notes],
    analysisMs: 0,
  };
}

/** Runs the around steps of `phase` around `fn`; their outputs count only when `fn` succeeded. */
async function aroundPhase<T>(
  phase: Phase,
  fn: () => Promise<T>,
  around: AroundStep<StepName, StepName>[],
  ctx: StepContext,
  outputs: Outputs,
  report: Report,
): Promise<T> {
  const finishers: Array<{ s: AroundStep<StepName, StepName>; finish: () => Promise<unknown> }> = [];
  for (const s of around) {
    if (s.around !== phase || !ready(s.needs, outputs)) continue;
    const finish = await s.start(ctx, outputs as StepOutputs);
    if (finish) finishers.push({ s, finish });
  }
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    for (const f of finishers) await f.finish().catch(() => undefined);
    throw e;
  }
  for (const { s, finish } of finishers) {
    const out = await finish();
    if (out === undefined) continue;
    (outputs as Record<string, unknown>)[s.name] = out;
    s.apply?.(report, out as never);
  }
  return result;
}

/**
 * Explain, measure and profile one statement: the steps in order, each on the outputs of the
 * ones it needs, each writing its part of the Report. Never changes data: see core/safety.
 */
export async function analyze(
  statement: Statement,
  config: TunerConfig,
  policy: ServerPolicy,
  session: AnalysisSession,
  run: RunOptions = {},
): Promise<Report> {
  const t0 = nowMs();
  const blocked = policy.blocked();
  if (blocked) throw new AnalysisError(blocked);
  if (statement.kind === 'empty') throw new AnalysisError('Nothing to analyse: the statement is empty.');
  const progress = run.onProgress ?? (() => undefined);
  const limitMs = config.timeoutSeconds > 0 ? config.timeoutSeconds * 1000 : 0;
  const stepMs = limitMs || DEFAULT_STEP_MS;
  const steps = run.steps ?? STEPS;
  const around = steps.filter(isAround);
  const report = skeleton(statement, session.where);
  const outputs: Outputs = {};
  await session.exclusive({ signal: run.signal, stepMs, limitMs, policy, onConnect: () => progress('Connecting') }, async (db) => {
    const ctx: StepContext = {
      statement,
      where: session.where,
      config,
      policy,
      db,
      run: {
        checksum: run.checksum === true,
        live: run.live !== false,
        ...(run.onLive ? { onLive: run.onLive } : {}),
        ...(run.reader ? { reader: run.reader } : {}),
        ...(run.advice ? { advice: run.advice } : {}),
      },
      progress,
      note: (text) => report.notes.push(text),
      phase: (phase, fn) => aroundPhase(phase, fn, around, ctx, outputs, report),
    };
    for (const s of steps.filter(isSequential)) {
      if (!ready(s.needs, outputs)) continue;
      const out = await s.run(ctx, outputs as StepOutputs);
      if (out === undefined) continue;
      (outputs as Record<string, unknown>)[s.name] = out;
      s.apply?.(report, out as never);
    }
  });
  report.analysisMs = nowMs() - t0;
  return enrichReport(report, (outputs.read ?? statement).tokens);
}
