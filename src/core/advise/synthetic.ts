// A statistics-only shadow (copyRows = never): rows made up here, shaped by the analysed
// server's statistics (stats.ts), so the optimizer on the shadow sees the row count, the
// value ranges, the distinct counts, the NULLs and the distribution of the columns that
// matter, and the measured runs read as many rows as they would on real data, give or take a
// bucket. (An empty shadow with forged statistics does not work: MariaDB estimates every
// range on an empty index at 1 row.) Seeded, so the same statistics give the same rows.
import type { Connection } from 'mysql2/promise';
import type { Bucket, ColumnStats } from './stats';
import { q } from './types';
import { seeded } from '../seeded';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const toMs = (v: unknown) => Date.parse(String(v).replace(' ', 'T') + (String(v).length <= 10 ? 'T00:00:00Z' : 'Z'));
function fromMs(t: number, dataType: string): string {
  const d = new Date(t);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return dataType === 'date' ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The k-th of `n` evenly spaced values from lo to hi (k = 0 is lo), in the column's kind. */
function between(s: ColumnStats, lo: unknown, hi: unknown, k: number, n: number): unknown {
  if (k === 0 || n <= 1) return lo;
  if (k === n - 1) return hi;
  const t = k / (n - 1);
  if (s.kind === 'int') return Math.round(Number(lo) + t * (Number(hi) - Number(lo)));
  if (s.kind === 'num') return Number(lo) + t * (Number(hi) - Number(lo));
  if (s.kind === 'time') {
    const a = toMs(lo),
      b = toMs(hi);
    return Number.isFinite(a) && Number.isFinite(b) ? fromMs(Math.round((a + t * (b - a)) / 1000) * 1000, s.column.dataType) : lo;
  }
  // A string after lo and (almost always) before the next bucket's lo.
  return `${String(lo)}~${k}`;
}

/** One value drawn from a bucket: one of its `distinct` evenly spaced values. */
const fromBucket = (s: ColumnStats, b: Bucket, r: () => number) => between(s, b.lo, b.hi, Math.floor(r() * Math.max(1, b.distinct)), Math.max(1, b.distinct));

/** A draw by weight (rows) from a list. */
function pick<T extends { rows: number }>(list: T[], total: number, r: () => number): T {
  let x = r() * total;
  for (const e of list) if ((x -= e.rows) < 0) return e;
  return list[list.length - 1];
}

/** A value for a column without values or buckets: one of `distinct` evenly spaced from MIN to MAX. */
function plainValue(s: ColumnStats, r: () => number): unknown {
  if (s.min === null || s.min === undefined) return s.column.nullable ? null : emptyOf(s);
  const n = Math.max(1, s.distinct);
  return between(s, s.min, s.max, Math.floor(r() * n), n);
}

/** What a NOT NULL column that has no statistics gets. */
const POINT = Symbol('point');
function emptyOf(s: ColumnStats): unknown {
  if (/point|geometry|polygon|linestring/.test(s.column.dataType)) return POINT;
  if (s.kind === 'int' || s.kind === 'num' || s.column.dataType === 'bit') return 0;
  if (s.column.dataType === 'json') return '{}';
  return '';
}

/** A column's value generator for row i of n; a single-column unique key gets distinct values. */
export function generator(s: ColumnStats, unique: boolean, n: number, r: () => number): (i: number) => unknown {
  const nulls = s.column.nullable ? s.nullShare : 0;
  if (s.kind === 'other') return () => (s.column.nullable ? null : emptyOf(s));
  if (unique && s.min !== null && s.min !== undefined) {
    if (s.kind === 'int' || s.kind === 'num' || s.kind === 'time') return (i) => between(s, s.min, s.max, i, n);
  }
  const values = s.values,
    buckets = s.buckets;
  const totalV = values?.reduce((x, v) => x + v.rows, 0) ?? 0;
  const totalB = buckets?.reduce((x, b) => x + b.rows, 0) ?? 0;
  const draw = values?.length ? () => pick(values, totalV, r).v : buckets?.length ? () => fromBucket(s, pick(buckets, totalB, r), r) : () => plainValue(s, r);
  return (i) => {
    if (nulls > 0 && r() < nulls) return null;
    const v = draw();
    return unique && s.kind === 'str' ? `${String(v)}~${i}` : v;
  };
}

/** `rows` synthetic rows into the shadow table, in chunks; duplicates of a unique key are skipped. */
export async function fillSynthetic(
  sandbox: Connection,
  shadow: string,
  table: string,
  stats: ColumnStats[],
  unique: Set<string>,
  rows: number,
  seed: number,
): Promise<number> {
  const r = seeded(seed);
  const gens = stats.map((s) => generator(s, unique.has(s.column.name.toLowerCase()), rows, r));
  const list = stats.map((s) => q(s.column.name)).join(', ');
  const lit = (v: unknown) => (v === POINT ? 'POINT(0, 0)' : sandbox.escape(v));
  let inserted = 0;
  for (let start = 0; start < rows; start += 2000) {
    const values: string[] = [];
    for (let i = start; i < Math.min(rows, start + 2000); i++) values.push(`(${gens.map((g) => lit(g(i))).join(', ')})`);
    const [res] = await sandbox.query(`INSERT IGNORE INTO ${q(shadow)}.${q(table)} (${list}) VALUES ${values.join(', ')}`);
    inserted += Number((res as { affectedRows?: number }).affectedRows ?? 0);
  }
  await sandbox.query(`ANALYZE TABLE ${q(shadow)}.${q(table)} PERSISTENT FOR ALL`);
  return inserted;
}
