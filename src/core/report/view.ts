import { GROUP_ORDER } from '../counters/groups';
import type { CounterDelta } from '../counters/diff';
import { walkPlan, type PlanNode } from '../plan/model';
import type { Report } from './model';
import { compareNames, formatNumber } from '../format';

/** What every renderer shows, derived once from a Report so the renderers stay dumb. */
export interface PlanRow {
  depth: number;
  op: string;
  table: string;
  access: string;
  key: string;
  rows: string;
  actual: string;
  cost: string;
  extra: string;
}

export function fmtNum(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return formatNumber(n, digits);
}

export function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function planRows(root: PlanNode | undefined): PlanRow[] {
  if (!root) return [];
  const rows: PlanRow[] = [];
  for (const { node, depth } of walkPlan(root)) {
    const actual =
      node.rowsActual !== undefined
        ? `${fmtNum(node.rowsActual)}${node.loops !== undefined && node.loops !== 1 ? ` x ${fmtNum(node.loops)}` : ''}`
        : node.neverExecuted
          ? 'never executed'
          : '';
    rows.push({
      depth,
      op: node.op,
      table: node.table ? (node.alias && node.alias !== node.table ? `${node.table} ${node.alias}` : node.table) : (node.alias ?? ''),
      access: node.accessType ?? '',
      key: node.key ?? '',
      rows: fmtNum(node.rowsEstimated),
      actual,
      cost: node.cost !== undefined ? fmtNum(node.cost, 2) : node.timeMs !== undefined ? fmtMs(node.timeMs) : '',
      extra: node.extra.join('; '),
    });
  }
  return rows;
}

/** Counters worth showing: those the statement itself moved (after correction). */
export function shownCounters(report: Report): CounterDelta[] {
  return report.counters
    .filter((c) => c.corrected !== 0)
    .sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || compareNames(a.name, b.name));
}

export function executionSummary(report: Report): string {
  const ex = report.execution;
  // The client's time also holds the network and anything else on the client's thread (in an
  // editor: every extension's work); the server's own timer (performance_schema) says which is which.
  const server = report.profile?.statement?.ms;
  const own = server !== undefined && Number.isFinite(server) ? ` (${fmtMs(server)} on the server)` : '';
  if (ex.executed) return `Executed in ${fmtMs(ex.ms)}${own}, ${fmtNum(ex.rows)} row${ex.rows === 1 ? '' : 's'} returned.`;
  if (ex.error) return `Not completed: ${ex.reason ?? ''} ${ex.error.message}`.trim();
  return `Not executed: ${ex.reason ?? 'no reason given'}`;
}

export function serverLabel(report: Report): string {
  const s = report.server;
  return `${s.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${s.version}`;
}
