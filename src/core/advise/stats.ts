// The column statistics a statistics-only shadow is shaped from, read from the analysed server
// with aggregate reads over a bounded sample only (no row leaves it): the row count, and per
// column the null share, MIN, MAX and COUNT(DISTINCT); for the columns that matter (the
// candidates', the indexed ones) the most common values with their counts when there are few,
// else an equi-height histogram (NTILE buckets: MIN, MAX, COUNT, COUNT(DISTINCT) per bucket).
import type { RowDataPacket } from 'mysql2/promise';
import type { ColumnInfo, SourceDb } from './copy';
import { q } from './types';

export type Kind = 'int' | 'num' | 'time' | 'str' | 'other';

export interface Bucket {
  lo: unknown;
  hi: unknown;
  rows: number;
  distinct: number;
}

export interface ColumnStats {
  column: ColumnInfo;
  kind: Kind;
  /** Share of the sample's rows where the column is NULL. */
  nullShare: number;
  distinct: number;
  min: unknown;
  max: unknown;
  /** Every value with its count, when the column has few distinct values. */
  values?: Array<{ v: unknown; rows: number }>;
  /** Equi-height buckets over the non-null values, in order. */
  buckets?: Bucket[];
}

export interface TableStats {
  sampled: number;
  columns: ColumnStats[];
}

/** A column with at most this many distinct values is described value by value. */
const FEW_VALUES = 200;
const BUCKETS = 64;

export function kindOf(dataType: string): Kind {
  if (/^(tinyint|smallint|mediumint|int|integer|bigint|year)$/.test(dataType)) return 'int';
  if (/^(decimal|numeric|float|double|real)$/.test(dataType)) return 'num';
  if (/^(date|datetime|timestamp)$/.test(dataType)) return 'time';
  if (/^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)$/.test(dataType)) return 'str';
  return 'other';
}

/** The bounded sample every statistic is computed over: never more than `limit` rows. */
const sampleOf = (db: string, table: string, cols: string, limit: number) => `(SELECT ${cols} FROM ${q(db)}.${q(table)} LIMIT ${limit}) AS s`;

/** One aggregate read for the whole table: the sample's size, then NULLs, MIN, MAX, distinct per column. */
async function summary(source: SourceDb, db: string, table: string, cols: ColumnInfo[], limit: number): Promise<{ sampled: number; row: RowDataPacket }> {
  const parts = ['COUNT(*) AS n'];
  cols.forEach((c, i) => {
    const x = q(c.name);
    parts.push(`COUNT(${x}) AS nn${i}`);
    if (kindOf(c.dataType) !== 'other') parts.push(`MIN(${x}) AS lo${i}`, `MAX(${x}) AS hi${i}`, `COUNT(DISTINCT ${x}) AS d${i}`);
  });
  const [row] = await source.query(
    'reading column statistics',
    `SELECT ${parts.join(', ')} FROM ${sampleOf(db, table, cols.map((c) => q(c.name)).join(', '), limit)}`,
  );
  return { sampled: Number(row.n), row };
}

/** Few values: each with its count (GROUP BY; MIN of the group is its value). */
async function valueCounts(source: SourceDb, db: string, table: string, c: ColumnInfo, limit: number): Promise<Array<{ v: unknown; rows: number }>> {
  const x = q(c.name);
  const rows = await source.query(
    'reading column statistics',
    `SELECT COUNT(*) AS n, MIN(${x}) AS v FROM ${sampleOf(db, table, x, limit)} WHERE ${x} IS NOT NULL GROUP BY ${x} ORDER BY n DESC LIMIT ${FEW_VALUES}`,
  );
  return rows.map((r) => ({ v: r.v, rows: Number(r.n) }));
}

/** Many values: equi-height buckets; undefined when the server has no window functions. */
async function histogram(source: SourceDb, db: string, table: string, c: ColumnInfo, limit: number): Promise<Bucket[] | undefined> {
  const x = q(c.name);
  try {
    const rows = await source.query(
      'reading column statistics',
      `SELECT MIN(v) AS lo, MAX(v) AS hi, COUNT(*) AS n, COUNT(DISTINCT v) AS d FROM (SELECT v, NTILE(${BUCKETS}) OVER (ORDER BY v) AS b FROM (SELECT ${x} AS v FROM ${q(db)}.${q(table)} LIMIT ${limit}) AS s WHERE v IS NOT NULL) AS h GROUP BY b ORDER BY b`,
    );
    return rows.map((r) => ({ lo: r.lo, hi: r.hi, rows: Number(r.n), distinct: Number(r.d) }));
  } catch (e) {
    if ((e as { errno?: number }).errno === undefined) throw e; // not the server's refusal
    return undefined; // no NTILE (MySQL 5.7, MariaDB before 10.2): MIN and MAX only
  }
}

/** The statistics of a table; `detailed` names the columns that get values or buckets. */
export async function readStats(source: SourceDb, db: string, table: string, cols: ColumnInfo[], limit: number, detailed: Set<string>): Promise<TableStats> {
  const { sampled, row } = await summary(source, db, table, cols, limit);
  const columns: ColumnStats[] = [];
  for (const [i, c] of cols.entries()) {
    const kind = kindOf(c.dataType);
    const nonNull = Number(row[`nn${i}`] ?? 0);
    const s: ColumnStats = {
      column: c,
      kind,
      nullShare: sampled ? 1 - nonNull / sampled : 0,
      distinct: Number(row[`d${i}`] ?? 0),
      min: row[`lo${i}`],
      max: row[`hi${i}`],
    };
    if (kind !== 'other' && nonNull > 0 && detailed.has(c.name.toLowerCase())) {
      if (s.distinct <= FEW_VALUES) s.values = await valueCounts(source, db, table, c, limit);
      else s.buckets = await histogram(source, db, table, c, limit);
    }
    columns.push(s);
  }
  return { sampled, columns };
}
