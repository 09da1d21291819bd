/**
 * Runs `fn` once the extension host's thread has been quiet for `quietMs` (a 10 ms timer kept
 * firing on time: no extension was busy), or after `maxMs` whatever the load. For work that
 * makes a later command faster and that no one waits for now.
 */
export function whenIdle(fn: () => void, { quietMs = 300, maxMs = 10_000 } = {}): { dispose(): void } {
  const start = performance.now();
  let last = start;
  let quietSince = start;
  const timer = setInterval(() => {
    const t = performance.now();
    if (t - last > 30) quietSince = t; // this tick came late: the thread was busy
    last = t;
    if (t - quietSince >= quietMs || t - start >= maxMs) {
      clearInterval(timer);
      fn();
    }
  }, 10);
  return { dispose: () => clearInterval(timer) };
}
