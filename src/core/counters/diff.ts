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

/**
 * Measure the observation cost from two back-to-back snapshots (nothing ran between them):
 * whatever changed is what a SHOW STATUS costs. `next` is the snapshot that will open the
 * measured window: its own result set is what the closing SHOW will count as Bytes_sent,
 * so the cost is adjusted by how many more bytes its rows take than `first`'s did.
 */
export function measureObservationCost(first: StatusSnapshot, second: StatusSnapshot): ObservationCost {
  const cost: ObservationCost = new Map();
  for (const [name, raw] of second) {
    if (isNoise(name)) continue;
    const a = numeric(first.get(name));
    const b = numeric(raw);
    if (a === undefined || b === undefined || a === b) continue;
    cost.set(name, b - a);
  }
  const sent = cost.get('Bytes_sent');
  if (sent !== undefined) cost.set('Bytes_sent', sent + rowWireBytes(second) - rowWireBytes(first));
  return cost;
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
