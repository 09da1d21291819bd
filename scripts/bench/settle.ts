// Waits, before a benchmark, until the machine's CPUs have been mostly idle for a while: in CI
// the bench follows the e2e run, whose editor, browser and server processes may still be winding
// down, and a process-start figure (mqt analyze) pays for every busy core. Linux only (/proc/stat);
// elsewhere it returns at once. Steal time counts as busy.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface CpuTimes {
  busy: number;
  total: number;
}

/** The first line of /proc/stat ("cpu  user nice system idle iowait irq softirq steal ..."), in ticks. */
export function cpuTimes(procStat: string): CpuTimes | undefined {
  const line = procStat.split('\n').find((l) => /^cpu\s/.test(l));
  const v = line
    ?.trim()
    .split(/\s+/)
    .slice(1, 9)
    .map((x) => Number(x));
  if (!v || v.length < 5 || v.some((x) => !Number.isFinite(x))) return undefined;
  const idle = v[3] + v[4]; // idle + iowait
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share of CPU time busy between two readings (0 to 1). */
export function busyShare(a: CpuTimes, b: CpuTimes): number {
  const total = b.total - a.total;
  return total > 0 ? (b.busy - a.busy) / total : 0;
}

function read(): CpuTimes | undefined {
  try {
    return cpuTimes(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

export interface Settled {
  waitedMs: number;
  /** Busy share of the last interval looked at. */
  busy: number;
  quiet: boolean;
}

/** Until `needMs` in a row with the CPUs under `maxBusy` busy (checked every 500 ms), at most `maxMs`. */
export async function settle(o: { maxBusy?: number; needMs?: number; maxMs?: number } = {}): Promise<Settled> {
  const { maxBusy = 0.15, needMs = 1000, maxMs = 30_000 } = o;
  const t0 = Date.now();
  let last = read();
  if (!last) return { waitedMs: 0, busy: NaN, quiet: false };
  let quietSince = Date.now();
  let busy = 0;
  for (;;) {
    await sleep(500);
    const now = read();
    if (!now) return { waitedMs: Date.now() - t0, busy: NaN, quiet: false };
    busy = busyShare(last, now);
    last = now;
    if (busy > maxBusy) quietSince = Date.now();
    else if (Date.now() - quietSince >= needMs) return { waitedMs: Date.now() - t0, busy, quiet: true };
    if (Date.now() - t0 >= maxMs) return { waitedMs: Date.now() - t0, busy, quiet: false };
  }
}
