import type { CounterDelta } from './diff';
import { formatNumber } from '../format';

/** Something the counters say that a reader should act on. */
export interface Finding {
  id: string;
  severity: 'info' | 'warning' | 'error';
  title: string;
  /** One line: what it means and why it is slow. */
  detail: string;
  /** The counters behind it. */
  counters: string[];
  /** A related rewrite-hint rule id (docs/rules.md). */
  hint?: string;
}

export interface RowsSummary {
  /** Rows the storage engines handed to the server (Handler_read_* plus temporary tables). */
  examined: number;
  returned: number;
  /** examined / returned; undefined when nothing was returned. */
  ratio?: number;
}

const get = (counters: CounterDelta[], name: string) => counters.find((c) => c.name === name)?.corrected ?? 0;

/** Every Handler_read_* counter: together, the rows the storage engines produced. */
export const HANDLER_READS: readonly string[] = [
  'Handler_read_first',
  'Handler_read_key',
  'Handler_read_last',
  'Handler_read_next',
  'Handler_read_prev',
  'Handler_read_rnd',
  'Handler_read_rnd_next',
];

/**
 * Rows examined the way High Performance MySQL reads them: every row a handler call
 * produced, from indexes, from scans and from positioned reads. Rows_read (MariaDB) is the
 * server's own figure and wins when present.
 */
export function rowsSummary(counters: CounterDelta[], rowsReturned: number): RowsSummary {
  const handler = HANDLER_READS.reduce((s, n) => s + get(counters, n), 0);
  const rowsRead = get(counters, 'Rows_read');
  const examined = rowsRead > 0 ? rowsRead : handler;
  const summary: RowsSummary = { examined, returned: rowsReturned };
  if (rowsReturned > 0) summary.ratio = examined / rowsReturned;
  return summary;
}

type Count = (name: string) => number;

/** One counter rule: a finding when its counters say so, else undefined. */
type CounterRule = (c: Count) => Finding | undefined;

const JOIN_RULES: CounterRule[] = [
  (c) =>
    c('Select_full_join') > 0
      ? {
          id: 'full-join',
          severity: 'error',
          title: 'Join without an index',
          counters: ['Select_full_join'],
          detail: `${c('Select_full_join')} join(s) scanned a whole table for each row of the previous one: the join column has no usable index.`,
          hint: 'missing-index',
        }
      : undefined,
  (c) =>
    c('Select_full_range_join') > 0
      ? {
          id: 'full-range-join',
          severity: 'warning',
          title: 'Range join on a reference table',
          counters: ['Select_full_range_join'],
          detail: 'A joined table was read by a range for each row of the previous one; an equality index would read fewer rows.',
          hint: 'missing-index',
        }
      : undefined,
];

const SPILL_RULES: CounterRule[] = [
  (c) =>
    c('Created_tmp_disk_tables') > 0
      ? {
          id: 'disk-tmp-table',
          severity: 'error',
          title: 'Temporary table on disk',
          counters: ['Created_tmp_disk_tables', 'Created_tmp_tables'],
          detail: `${c('Created_tmp_disk_tables')} internal temporary table(s) went to disk (too big for tmp_table_size/max_heap_table_size, or BLOB/TEXT columns).`,
          hint: 'filesort-temporary',
        }
      : undefined,
  (c) =>
    c('Sort_merge_passes') > 0
      ? {
          id: 'sort-merge-passes',
          severity: 'warning',
          title: 'Sort spilled to disk',
          counters: ['Sort_merge_passes'],
          detail: `The sort needed ${c('Sort_merge_passes')} merge pass(es) because it did not fit in sort_buffer_size; an index in ORDER BY order avoids the sort.`,
          hint: 'filesort-temporary',
        }
      : undefined,
];

/** Rows examined against rows returned: the first number an expert looks at. */
function examinedFinding(rows: RowsSummary, rowsReturned: number): Finding | undefined {
  if (rows.ratio !== undefined && rows.ratio > 100 && rows.examined >= 1000) {
    return {
      id: 'examined-returned',
      severity: 'warning',
      title: `${formatNumber(Math.round(rows.ratio))} rows examined per row returned`,
      counters: ['Rows_read', 'Rows_sent'],
      detail: `The server examined ${formatNumber(rows.examined)} rows to return ${formatNumber(rows.returned)}: most of the work is thrown away. A more selective index, or a covering one, cuts it.`,
      hint: 'missing-index',
    };
  }
  if (rowsReturned === 0 && rows.examined >= 10000) {
    return {
      id: 'examined-returned',
      severity: 'warning',
      title: `${formatNumber(rows.examined)} rows examined, none returned`,
      counters: ['Rows_read'],
      detail: 'All the rows read were discarded by the conditions: an index on the filtered columns would avoid reading them.',
      hint: 'missing-index',
    };
  }
  return undefined;
}

const WORK_RULES: CounterRule[] = [
  (c) =>
    c('Select_scan') > 0 && c('Handler_read_rnd_next') >= 10000
      ? {
          id: 'full-scan',
          severity: 'warning',
          title: 'Full table scan',
          counters: ['Select_scan', 'Handler_read_rnd_next'],
          detail: `${formatNumber(c('Handler_read_rnd_next'))} rows were read sequentially (Handler_read_rnd_next): a whole table, or a temporary table, was scanned.`,
          hint: 'full-scan',
        }
      : undefined,
  (c) =>
    c('Created_tmp_tables') > 0 && c('Created_tmp_disk_tables') === 0
      ? {
          id: 'tmp-table',
          severity: 'info',
          title: 'Internal temporary table',
          counters: ['Created_tmp_tables', 'Handler_tmp_write'],
          detail: `The statement built ${c('Created_tmp_tables')} in-memory temporary table(s) (${formatNumber(c('Handler_tmp_write'))} rows written), typically for GROUP BY, DISTINCT, UNION or a sort over several tables.`,
          hint: 'filesort-temporary',
        }
      : undefined,
  (c) =>
    c('Sort_rows') > 0 || c('Sort_scan') > 0 || c('Sort_range') > 0
      ? {
          id: 'filesort',
          severity: 'info',
          title: 'Sorted in the server (filesort)',
          counters: ['Sort_rows', 'Sort_scan', 'Sort_range', 'Sort_priority_queue_sorts'],
          detail: `${formatNumber(c('Sort_rows'))} rows were sorted${c('Sort_priority_queue_sorts') > 0 ? ' with a priority queue (LIMIT keeps it cheap)' : ''}; an index in ORDER BY order would return them presorted.`,
          hint: 'filesort-temporary',
        }
      : undefined,
  (c) =>
    c('Subquery_cache_miss') > 0
      ? {
          id: 'dependent-subquery',
          severity: 'warning',
          title: 'Dependent subquery re-executed',
          counters: ['Subquery_cache_miss', 'Subquery_cache_hit'],
          detail: `A correlated subquery ran ${formatNumber(c('Subquery_cache_miss'))} times (cache hits ${formatNumber(c('Subquery_cache_hit'))}); a join or a derived table runs it once.`,
          hint: 'in-subquery',
        }
      : undefined,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

/** Findings from the measured counters, most serious first. */
export function interpretCounters(counters: CounterDelta[], rowsReturned: number): Finding[] {
  const c: Count = (n) => get(counters, n);
  const found = [
    ...JOIN_RULES.map((rule) => rule(c)),
    ...SPILL_RULES.map((rule) => rule(c)),
    examinedFinding(rowsSummary(counters, rowsReturned), rowsReturned),
    ...WORK_RULES.map((rule) => rule(c)),
  ];
  const out = found.filter((f): f is Finding => f !== undefined);
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
