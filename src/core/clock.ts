/**
 * Milliseconds on a monotonic clock, for durations. Not `performance.now()`: the first use of
 * node's performance API loads its ten perf_hooks modules, about 2 ms of every `mqt` start.
 */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
