// Small statistics and figure helpers shared by every benchmark. No I/O here.

export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal: string;
  met: boolean;
  /** How it was measured, or why it could not be (shown in the table, kept in the JSON). */
  note?: string;
}

/** The q-quantile (0..1) by linear interpolation between closest ranks; NaN for no samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const pos = Math.min(Math.max(q, 0), 1) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  if (Math.abs(v) >= 100) return Math.round(v);
  return Number(v.toPrecision(3));
}

/** A figure with an upper bound: met when value < limit (or <= when inclusive). */
export function below(name: string, value: number, unit: string, limit: number, opts: { inclusive?: boolean; note?: string } = {}): Figure {
  const met = Number.isFinite(value) && (opts.inclusive ? value <= limit : value < limit);
  return { name, value: round(value), unit, goal: `${opts.inclusive ? '<=' : '<'} ${limit} ${unit}`, met, ...(opts.note ? { note: opts.note } : {}) };
}

/** A figure with no goal: reported only, always met. */
export function reported(name: string, value: number, unit: string, note?: string): Figure {
  return { name, value: round(value), unit, goal: 'reported', met: true, ...(note ? { note } : {}) };
}

/** A figure that could not be measured on this run: value NaN (null in JSON), not met. */
export function unmeasured(name: string, unit: string, goal: string, reason: string): Figure {
  return { name, value: NaN, unit, goal, met: false, note: `not measured: ${reason}` };
}

/** Seeded PRNG, so generated inputs and hover positions are the same every run. */
export { prng as rng } from '../../test/support/prng';

/** Plain-text table of figures, for the terminal. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [f.name, Number.isFinite(f.value) ? `${f.value} ${f.unit}` : 'n/a', f.goal, f.met ? 'yes' : 'NO']);
  const head = ['figure', 'value', 'goal', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
