import type { TunerConfig } from '../config';
import type { Report } from '../report/model';
import { splitStatements } from '../sql/statements';
import { analyze, type AnalysisSession, type RunOptions } from './analyze';
import type { ServerPolicy } from './policy';
import { makeStatement } from './statement';

/** One statement of a run, with where it came from (offsets into the caller's text). */
export interface RunTarget {
  text: string;
  start?: number;
  end?: number;
}

export interface RunResult {
  target: RunTarget;
  report: Report;
}

/**
 * Every way the editor and the CLI analyse goes through here: one statement, a batch (each
 * statement in order, on one session), a pair (original and rewrite, rows checksummed).
 * The same config and policy apply to every statement of the run.
 */
export async function runTargets(
  targets: readonly RunTarget[],
  config: TunerConfig,
  policy: ServerPolicy,
  session: AnalysisSession,
  run: RunOptions & { onReport?: (r: RunResult, index: number) => void } = {},
): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const [i, target] of targets.entries()) {
    if (run.signal?.aborted) break;
    const report = await analyze(makeStatement(target.text), config, policy, session, run);
    const result = { target, report };
    out.push(result);
    run.onReport?.(result, i);
  }
  return out;
}

/** The statements of a script as run targets (offsets into `text`, shifted by `base`). */
export function batchTargets(text: string, base = 0): RunTarget[] {
  return splitStatements(text).map((s) => ({ text: s.text, start: base + s.start, end: base + s.end }));
}
