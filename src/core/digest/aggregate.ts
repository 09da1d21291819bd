// Per-class figures of a slow log, in memory bounded by the number of classes: each class keeps
// its sums, one sample (the slowest statement, with its real literals) and its query times for
// the p95, exactly up to EXACT_TIMES of them and as a log-scale histogram beyond.
import { FingerprintMemo } from './fingerprint';
import type { SlowLogEvent } from './slowlog';

/** One class, as `mqt digest --format json` prints it (times in seconds, as in the log). */
export interface DigestClass {
  fingerprint: string;
  count: number;
  queryTime: { sum: number; avg: number; p95: number; max: number };
  lockTime: { sum: number };
  rowsSent: { sum: number };
  rowsExamined: { sum: number };
  /** ISO 8601 UTC, or null when the log has no time for the class. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The slowest statement of the class, as logged. */
  sample: string;
  /** The default database of the sample, when the log says. */
  db?: string;
  /** Counts of MariaDB's query-plan flags (`log_slow_verbosity=query_plan`), when logged. */
  plan?: Record<string, number>;
}

export const EXACT_TIMES = 1000;
/** Histogram buckets grow by 2%: the p95 of a big class is within 2% of the exact one. */
const RATIO = 1.02;
const LOG_RATIO = Math.log(RATIO);
const MIN_TIME = 1e-6;

const PLAN_FLAGS = ['Full_scan', 'Full_join', 'Tmp_table', 'Tmp_table_on_disk', 'Filesort', 'Filesort_on_disk'] as const;

class Times {
  private exact: number[] | undefined = [];
  /** Counts by bucket: index 0 for times up to MIN_TIME, i + 1 for bucket i. */
  private buckets: number[] | undefined;

  add(t: number): void {
    if (this.exact) {
      this.exact.push(t);
      if (this.exact.length <= EXACT_TIMES) return;
      this.buckets = [];
      for (const x of this.exact) this.bucket(x);
      this.exact = undefined;
      return;
    }
    this.bucket(t);
  }

  private bucket(t: number): void {
    // A time of 1e9 s is bucket 1,400 or so: the array stays small.
    const b = t <= MIN_TIME ? 0 : 1 + Math.floor(Math.log(t / MIN_TIME) / LOG_RATIO);
    const bs = this.buckets!;
    while (bs.length <= b) bs.push(0);
    bs[b]!++;
  }

  /** The nearest-rank 95th percentile. */
  p95(count: number): number {
    const rank = Math.max(1, Math.ceil(count * 0.95));
    if (this.exact) return [...this.exact].sort((a, b) => a - b)[rank - 1] ?? 0;
    let seen = 0;
    const bs = this.buckets!;
    for (let b = 0; b < bs.length; b++) {
      seen += bs[b]!;
      // The bucket's geometric middle.
      if (seen >= rank) return b === 0 ? MIN_TIME : MIN_TIME * RATIO ** (b - 1 + 0.5);
    }
    return 0;
  }
}

interface Acc {
  fingerprint: string;
  count: number;
  sum: number;
  max: number;
  lock: number;
  sent: number;
  examined: number;
  first: number | undefined;
  last: number | undefined;
  sample: string;
  sampleTime: number;
  db: string | undefined;
  times: Times;
  plan: Record<string, number> | undefined;
}

export class DigestAggregator {
  private readonly classes = new Map<string, Acc>();
  private readonly fingerprints = new FingerprintMemo();
  events = 0;

  add(e: SlowLogEvent): void {
    this.events++;
    let fp = this.fingerprints.get(e.query);
    let a = this.classes.get(fp);
    if (!a) {
      fp = own(fp);
      a = {
        fingerprint: fp,
        count: 0,
        sum: 0,
        max: -1,
        lock: 0,
        sent: 0,
        examined: 0,
        first: undefined,
        last: undefined,
        sample: '',
        sampleTime: -1,
        db: ownOpt(e.db),
        times: new Times(),
        plan: undefined,
      };
      this.classes.set(fp, a);
    }
    a.count++;
    a.sum += e.queryTime;
    a.lock += e.lockTime;
    a.sent += e.rowsSent;
    a.examined += e.rowsExamined;
    a.times.add(e.queryTime);
    if (e.queryTime > a.max) a.max = e.queryTime;
    if (e.queryTime > a.sampleTime) {
      a.sample = own(e.query);
      a.sampleTime = e.queryTime;
      a.db = ownOpt(e.db);
    }
    if (e.timestamp !== undefined) {
      if (a.first === undefined || e.timestamp < a.first) a.first = e.timestamp;
      if (a.last === undefined || e.timestamp > a.last) a.last = e.timestamp;
    }
    // Not e.fields: that would read every other header line of every entry.
    const p = e.plan;
    if (p && p.Full_scan !== undefined) {
      a.plan ??= Object.fromEntries(PLAN_FLAGS.map((f) => [f, 0]));
      for (const f of PLAN_FLAGS) if (p[f] === 'Yes') a.plan[f]!++;
    }
  }

  get classCount(): number {
    return this.classes.size;
  }

  /** The classes, most total time first. */
  result(): DigestClass[] {
    const out: DigestClass[] = [];
    for (const a of this.classes.values()) {
      const c: DigestClass = {
        fingerprint: a.fingerprint,
        count: a.count,
        queryTime: { sum: round6(a.sum), avg: round6(a.sum / a.count), p95: round6(a.times.p95(a.count)), max: round6(Math.max(0, a.max)) },
        lockTime: { sum: round6(a.lock) },
        rowsSent: { sum: a.sent },
        rowsExamined: { sum: a.examined },
        firstSeen: iso(a.first),
        lastSeen: iso(a.last),
        sample: a.sample,
      };
      if (a.db !== undefined) c.db = a.db;
      if (a.plan) c.plan = a.plan;
      out.push(c);
    }
    return out.sort((x, y) => y.queryTime.sum - x.queryTime.sum || y.count - x.count || (x.fingerprint < y.fingerprint ? -1 : 1));
  }
}

/**
 * A copy of its own: a slice of the reader's chunk would keep the whole chunk alive (V8 copies
 * substrings shorter than 13 characters anyway).
 */
function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

function ownOpt(s: string | undefined): string | undefined {
  return s === undefined ? s : own(s);
}

/** Microseconds, the log's own precision. */
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function iso(t: number | undefined): string | null {
  return t === undefined ? null : new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}
