/**
 * `items.map(f)` in turns of a few milliseconds, yielding to the event loop between turns, so
 * that a file with thousands of statements or findings never holds the extension host's thread.
 * Stops early (returns what it has) when `cancelled()` turns true.
 */
export async function mapInTurns<T, R>(items: readonly T[], f: (item: T) => R | undefined, cancelled: () => boolean = () => false, turnMs = 8): Promise<R[]> {
  const out: R[] = [];
  let turnStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    if ((i & 63) === 63 && performance.now() - turnStart > turnMs) {
      await new Promise((r) => setImmediate(r));
      if (cancelled()) return out;
      turnStart = performance.now();
    }
    const r = f(items[i]);
    if (r !== undefined) out.push(r);
  }
  return out;
}
