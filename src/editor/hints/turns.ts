/**
 * `f(0) ... f(count - 1)` in turns of a few milliseconds, yielding to the event loop between
 * turns, so that a file with thousands of statements or findings never holds the extension
 * host's thread. Stops early (returns what it has) when `cancelled()` turns true.
 */
export async function mapInTurns<R>(count: number, f: (i: number) => R | undefined, cancelled: () => boolean = () => false, turnMs = 6): Promise<R[]> {
  const out: R[] = [];
  let turnStart = performance.now();
  for (let i = 0; i < count; i++) {
    if ((i & 31) === 31 && performance.now() - turnStart > turnMs) {
      await new Promise((r) => setImmediate(r));
      if (cancelled()) return out;
      turnStart = performance.now();
    }
    const r = f(i);
    if (r !== undefined) out.push(r);
  }
  return out;
}
