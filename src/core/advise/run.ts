// Index advice alone (`mqt advise`, Advise Indexes): the pipeline with the steps it needs
// (detect, read, advise) on an analysis session, so the analysed server is reached as by any
// analysis: the access gate first, then one connection the server keeps READ ONLY.
import { normalize } from '../config';
import { analyze, type AnalysisSession } from '../pipeline/analyze';
import { serverPolicy } from '../pipeline/policy';
import { makeStatement } from '../pipeline/statement';
import { adviseStep, ADVICE_NOTE } from '../pipeline/steps/advise';
import { detect } from '../pipeline/steps/detect';
import { read } from '../pipeline/steps/read';
import { OPEN_GATE, type AccessGate } from '../safety/gate';
import type { AdviceResult, AdviceRun } from './types';

export const ADVICE_STEPS = [detect, read, adviseStep] as const;

export interface AdviseOnOptions {
  gate?: AccessGate;
  signal?: AbortSignal;
  /** The limit for each round trip to the analysed server (s); 30 by default, as an analysis. */
  timeoutSeconds?: number;
}

/** The advice for one statement, on `session` (which the caller closes). */
export async function adviseOn(session: AnalysisSession, sql: string, advice: AdviceRun, o: AdviseOnOptions = {}): Promise<AdviceResult> {
  const { config } = normalize({ ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}) });
  const report = await analyze(makeStatement(sql), config, serverPolicy({ gate: o.gate ?? OPEN_GATE }), session, {
    steps: ADVICE_STEPS,
    advice: { ...advice, strict: true },
    live: false,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (report.statementKind !== 'read') return { advice: [], notes: ['Index advice is for a read (SELECT): nothing tried.'] };
  return { advice: report.advice ?? [], notes: report.notes.filter((n) => n.startsWith(ADVICE_NOTE)).map((n) => n.slice(ADVICE_NOTE.length)) };
}
