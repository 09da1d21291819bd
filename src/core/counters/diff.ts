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
  /** The buffer now, when it grew since the pair was measured (a longer statement arrived). */
  grownTo?: number;
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
    const before = first.get(name) ?? '0'; // left out of the snapshot: 0 (STATUS_SQL)
    if (before === raw) continue; // most counters: the same text, no need to read it
    const a = numeric(before);
    const b = numeric(raw);
    if (a === undefined || b === undefined || a === b || isNoise(name)) continue;
    cost.set(name, b - a);
  }
  const sent = cost.get('Bytes_sent');
  if (sent !== undefined) cost.set('Bytes_sent', sentCost(sent, rowWireBytes(first), rowWireBytes(next), net));
  return cost;
}

/**
 * The end-of-result packet that follows the rows (an EOF packet: header + 0xFE + warnings +
 * status; mysql2 does not ask for CLIENT_DEPRECATE_EOF). The server writes it after restoring
 * the counters, so a flush that writing it causes is counted.
 */
const END_PACKET = 9;

const mod = (a: number, n: number) => ((a % n) + n) % n;

/**
 * What the SHOW that opens the window will count as Bytes_sent, from what the calibrating one
 * counted (`sent`) and how many bytes the rows of each take. A count below the rows' own size
 * proves the server undid full-buffer flushes (whatever it is). On such a server the flushes
 * made while the rows are written are undone and the rest counts: a result whose rows end
 * within the last buffer (seen over plain TCP at 16,390 bytes) counts in full, one a few
 * bytes longer counts only the part after its last full buffer.
 */
function sentCost(sent: number, firstRows: number, secondRows: number, net?: NetBuffer): number {
  const length = net?.length ?? 0;
  const restores = net?.restoresCounters || sent < firstRows;
  if (!restores || length <= 0) return sent + secondRows - firstRows;
  // Column definitions, packet headers and the end packet: the same for both, under one buffer.
  const overhead = mod(sent - firstRows, length);
  const total = secondRows + overhead;
  const now = Math.max(length, net?.grownTo ?? 0);
  const flushedWithRows = Math.max(0, Math.floor((total - END_PACKET - 1) / now));
  return total - flushedWithRows * now;
}

/** Counter deltas between two snapshots, noise removed, corrected for the observation cost. */
export function diffSnapshots(before: StatusSnapshot, after: StatusSnapshot, cost: ObservationCost = new Map()): CounterDelta[] {
  const out: CounterDelta[] = [];
  for (const [name, raw] of after) {
    const b = numeric(before.get(name)) ?? 0;
    const a = numeric(raw);
    if (a === undefined) continue;
    const delta = a - b;
    const corrected = delta - (cost.get(name) ?? 0);
    if ((delta === 0 && corrected === 0) || isNoise(name)) continue;
    out.push({ name, before: b, after: a, delta, corrected, group: counterGroup(name) });
  }
  return out;
}
