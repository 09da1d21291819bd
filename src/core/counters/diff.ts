import { isNoise, numeric, rowWireBytes, type StatusSnapshot } from './snapshot';
import { counterGroup, type CounterGroup } from './groups';

export interface CounterDelta {
  name: string;
  before: number;
  after: number;
  /** after - before, as measured. */
  delta: number;
  /** delta minus the cost of observing it (the SHOW STATUS that ended the window). */
  corrected: number;
  group: CounterGroup;
}

/** What one SHOW SESSION STATUS adds to the counters, measured on the live connection. */
export type ObservationCost = Map<string, number>;

/** How the server counts the Bytes_sent of a SHOW STATUS result. */
export interface NetBuffer {
  /** @@net_buffer_length: the size of the flushes the server makes while a result is sent. */
  length: number;
  /**
   * MariaDB saves the session counters before a SHOW STATUS and restores them after it, once
   * the result is sent but before its last flush: every full-buffer flush of its own result
   * is undone, and only the remainder is counted.
   */
  restoresCounters: boolean;
}

/**
 * Measure the observation cost from two back-to-back snapshots (nothing ran between them):
 * whatever changed is what a SHOW STATUS costs. `next` is the snapshot that will open the
 * measured window: its own result set is what the closing SHOW will count as Bytes_sent,
 * so the cost is adjusted by how many more bytes its rows take than `first`'s did. A session
 * measures the pair once and passes each later window's opening snapshot as `next`.
 */
export function measureObservationCost(first: StatusSnapshot, second: StatusSnapshot, net?: NetBuffer, next: StatusSnapshot = second): ObservationCost {
  const cost: ObservationCost = new Map();
  for (const [name, raw] of second) {
    if (isNoise(name)) continue;
    const a = numeric(first.get(name));
    const b = numeric(raw);
    if (a === undefined || b === undefined || a === b) continue;
    cost.set(name, b - a);
  }
  const sent = cost.get('Bytes_sent');
  if (sent !== undefined) cost.set('Bytes_sent', sentCost(sent, rowWireBytes(first), rowWireBytes(next), net));
  return cost;
}

/**
 * What the SHOW that opens the window will count as Bytes_sent, from what the calibrating one
 * counted (`sent`) and how many bytes the rows of each take. A count below the rows' own size
 * proves the server undid full-buffer flushes (whatever it is); on such a server only the
 * remainder after the last full buffer counts, so a result that grows across a buffer
 * boundary counts 16 KB less, not a few bytes more.
 */
function sentCost(sent: number, firstRows: number, secondRows: number, net?: NetBuffer): number {
  const grown = sent + secondRows - firstRows;
  const length = net?.length ?? 0;
  const restores = net?.restoresCounters || sent < firstRows;
  if (!restores || length <= 0) return grown;
  return ((grown % length) + length) % length;
}

/** Counter deltas between two snapshots, noise removed, corrected for the observation cost. */
export function diffSnapshots(before: StatusSnapshot, after: StatusSnapshot, cost: ObservationCost = new Map()): CounterDelta[] {
  const out: CounterDelta[] = [];
  for (const [name, raw] of after) {
    if (isNoise(name)) continue;
    const b = numeric(before.get(name)) ?? 0;
    const a = numeric(raw);
    if (a === undefined) continue;
    const delta = a - b;
    const corrected = delta - (cost.get(name) ?? 0);
    if (delta === 0 && corrected === 0) continue;
    out.push({ name, before: b, after: a, delta, corrected, group: counterGroup(name) });
  }
  return out;
}
