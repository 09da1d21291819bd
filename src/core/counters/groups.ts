/** How an expert reads the counters (High Performance MySQL, "Profiling Queries with SHOW STATUS"). */
export type CounterGroup =
  'index reads' | 'full scans' | 'sorts' | 'temporary tables' | 'writes' | 'rows' | 'subqueries' | 'network' | 'statements' | 'transactions' | 'other';

const RULES: Array<[RegExp, CounterGroup]> = [
  [/^Handler_read_(key|next|prev|first|last)$/, 'index reads'],
  [/^Handler_(icp_|mrr_)/, 'index reads'],
  [/^Select_range/, 'index reads'],
  [/^Handler_read_rnd(_deleted)?$/, 'full scans'],
  [/^Handler_read_rnd_next$/, 'full scans'],
  [/^Select_(scan|full_join|full_range_join)$/, 'full scans'],
  [/^(Delete|Update)_scan$/, 'full scans'],
  [/^Sort_/, 'sorts'],
  [/^Filesort_/, 'sorts'],
  [/^(Created_tmp_|Handler_tmp_|Rows_tmp_read)/, 'temporary tables'],
  [/^Handler_(write|update|delete)$/, 'writes'],
  [/^Rows_(read|sent)$/, 'rows'],
  [/^(Subquery_cache_|Handler_read_rnd_deleted)/, 'subqueries'],
  [/^Bytes_/, 'network'],
  [/^(Com_|Questions$)/, 'statements'],
  [/^Handler_(commit|rollback|prepare|savepoint|external_lock)/, 'transactions'],
];

export function counterGroup(name: string): CounterGroup {
  for (const [re, group] of RULES) if (re.test(name)) return group;
  return 'other';
}

export const GROUP_ORDER: CounterGroup[] = [
  'rows',
  'index reads',
  'full scans',
  'sorts',
  'temporary tables',
  'subqueries',
  'writes',
  'transactions',
  'network',
  'statements',
  'other',
];
