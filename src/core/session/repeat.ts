import type { Report, RepeatSummary, Spread } from '../report/model';
import type { AnalyzeOptions, ProfilerSession } from './profiler';

export function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, max: s[s.length - 1] };
}

/** Summary of several reports of the same statement, in run order. */
export function summarizeRuns(reports: Report[]): RepeatSummary {
  const ms = reports.map((r) => r.execution.ms);
  const [cold, ...warm] = reports;
  const names = [...new Set(reports.flatMap((r) => r.counters.map((c) => c.name)))];
  const value = (r: Report, name: string) => r.counters.find((c) => c.name === name)?.corrected ?? 0;
  const summary: RepeatSummary = {
    runs: reports.length,
    ms,
    cold: { ms: cold.execution.ms },
    all: spread(ms),
    counters: names
      .map((name) => ({ name, cold: value(cold, name), ...(warm.length ? { warm: spread(warm.map((r) => value(r, name))) } : {}) }))
      .filter((c) => c.cold !== 0 || (c.warm && (c.warm.min !== 0 || c.warm.max !== 0))),
  };
  if (warm.length) summary.warm = spread(warm.map((r) => r.execution.ms));
  return summary;
}

/**
 * Run a statement `runs` times on one session. The report is the first (cold) run's, with
 * the spread of all runs attached. Stops early if a run was not executed (error, timeout,
 * cancel, or a statement that is never run).
 */
export function analyzeRepeated(session: ProfilerSession, sql: string, runs: number, opts: AnalyzeOptions = {}): Promise<Report> {
  return repeatRuns((label) => session.analyze(sql, { ...opts, onProgress: (step) => opts.onProgress?.(label(step)) }), runs, opts.signal);
}

/** The same, for any one-run function (the pipeline's analyze); `label` adds "(run i of n)" to a progress step. */
export async function repeatRuns(once: (label: (step: string) => string) => Promise<Report>, runs: number, signal?: AbortSignal): Promise<Report> {
  const reports: Report[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) {
    if (signal?.aborted) break;
    const r = await once((step) => (runs > 1 ? `${step} (run ${i + 1} of ${runs})` : step));
    reports.push(r);
    if (!r.execution.executed) break;
  }
  const first = reports[0];
  if (reports.length > 1) first.repeat = summarizeRuns(reports);
  return first;
}
