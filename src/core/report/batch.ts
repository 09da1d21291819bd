import type { Report } from './model';
import { oneLine } from './text';
import { fmtMs, fmtNum } from './view';

export interface BatchRow {
  index: number;
  statement: string;
  executed: boolean;
  ms: number;
  rowsExamined: number;
  rowsReturned: number;
  tmpTables: number;
  tmpDiskTables: number;
  sorts: number;
  fullScans: number;
  findings: number;
}

const counter = (r: Report, n: string) => r.counters.find((c) => c.name === n)?.corrected ?? 0;

/** One row per statement, worst (slowest) first: mk-query-profiler's batch summary. */
export function batchSummary(reports: Report[]): BatchRow[] {
  return reports
    .map((r, index) => ({
      index,
      statement: r.statement,
      executed: r.execution.executed,
      ms: r.execution.ms,
      rowsExamined: r.rows?.examined ?? 0,
      rowsReturned: r.execution.rows,
      tmpTables: counter(r, 'Created_tmp_tables'),
      tmpDiskTables: counter(r, 'Created_tmp_disk_tables'),
      sorts: counter(r, 'Sort_scan') + counter(r, 'Sort_range'),
      fullScans: counter(r, 'Select_scan') + counter(r, 'Select_full_join'),
      findings: r.findings?.filter((f) => f.severity !== 'info').length ?? 0,
    }))
    .sort((a, b) => b.ms - a.ms || b.rowsExamined - a.rowsExamined);
}

export function batchHeaders(): string[] {
  return ['#', 'time', 'examined', 'returned', 'tmp (disk)', 'sorts', 'scans', 'issues', 'statement'];
}

export function batchCells(row: BatchRow): string[] {
  return [
    String(row.index + 1),
    row.executed ? fmtMs(row.ms) : 'not run',
    fmtNum(row.rowsExamined),
    fmtNum(row.rowsReturned),
    `${row.tmpTables}${row.tmpDiskTables ? ` (${row.tmpDiskTables})` : ''}`,
    String(row.sorts),
    String(row.fullScans),
    String(row.findings),
    oneLine(row.statement, 60),
  ];
}
