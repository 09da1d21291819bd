import { walkPlan, type PlanNode } from '../plan/model';
import type { Report } from './model';
import { compareNames } from '../format';

export interface Comparison {
  a: { statement: string; ms: number; rows: number; createdAt: string; checksum?: string };
  b: { statement: string; ms: number; rows: number; createdAt: string; checksum?: string };
  /** Both results were checksummed: whether they hold the same rows (in any order). */
  sameRows?: boolean;
  /** b / a of the statement's wall time; undefined when a took no time. */
  timeRatio?: number;
  counters: Array<{ name: string; a: number; b: number; change: number }>;
  stages: Array<{ name: string; a: number; b: number; change: number }>;
  plan: PlanChange[];
  sameStatement: boolean;
}

export interface PlanChange {
  table: string;
  what: 'added' | 'removed' | 'changed';
  a?: string;
  b?: string;
}

/** Per table: how it is read (access type, key, estimated rows, actual rows). */
function access(root: PlanNode | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!root) return out;
  for (const { node } of walkPlan(root)) {
    const name = node.alias ?? node.table;
    if (!name || out.has(name)) continue;
    const parts = [node.accessType ?? node.op, node.key ? `key ${node.key}` : 'no key'];
    if (node.rowsEstimated !== undefined) parts.push(`~${node.rowsEstimated} rows`);
    if (node.rowsActual !== undefined) parts.push(`${node.rowsActual} actual`);
    out.set(name, parts.join(', '));
  }
  return out;
}

function sumByName(items: Array<{ name: string; value: number }>): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.name, (m.get(i.name) ?? 0) + i.value);
  return m;
}

/** "3.2x faster", "1.5x slower", or "about the same" within 10% (run-to-run noise). */
export function speedChange(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio) || ratio <= 0) return '';
  if (ratio > 0.9 && ratio < 1.1) return 'about the same';
  return ratio < 1 ? `${(1 / ratio).toFixed(1)}x faster` : `${ratio.toFixed(1)}x slower`;
}

/** What changed from run A to run B (e.g. before and after adding an index). */
export function compareReports(a: Report, b: Report): Comparison {
  const ca = new Map(a.counters.map((c) => [c.name, c.corrected]));
  const cb = new Map(b.counters.map((c) => [c.name, c.corrected]));
  const counters = [...new Set([...ca.keys(), ...cb.keys()])]
    .map((name) => ({ name, a: ca.get(name) ?? 0, b: cb.get(name) ?? 0, change: (cb.get(name) ?? 0) - (ca.get(name) ?? 0) }))
    .filter((c) => c.a !== 0 || c.b !== 0)
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || compareNames(x.name, y.name));
  const sa = sumByName(a.profile.stages.map((s) => ({ name: s.name, value: s.ms })));
  const sb = sumByName(b.profile.stages.map((s) => ({ name: s.name, value: s.ms })));
  const stages = [...new Set([...sa.keys(), ...sb.keys()])]
    .map((name) => ({ name, a: sa.get(name) ?? 0, b: sb.get(name) ?? 0, change: (sb.get(name) ?? 0) - (sa.get(name) ?? 0) }))
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
  const pa = access(a.plan?.root);
  const pb = access(b.plan?.root);
  const plan: PlanChange[] = [];
  for (const [table, how] of pa) {
    const other = pb.get(table);
    if (other === undefined) plan.push({ table, what: 'removed', a: how });
    else if (other !== how) plan.push({ table, what: 'changed', a: how, b: other });
  }
  for (const [table, how] of pb) if (!pa.has(table)) plan.push({ table, what: 'added', b: how });
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const side = (r: Report) => ({
    statement: r.statement,
    ms: r.execution.ms,
    rows: r.execution.rows,
    createdAt: r.createdAt,
    ...(r.execution.checksum ? { checksum: r.execution.checksum } : {}),
  });
  const c: Comparison = {
    a: side(a),
    b: side(b),
    counters,
    stages,
    plan,
    sameStatement: norm(a.statement) === norm(b.statement),
  };
  if (a.execution.ms > 0) c.timeRatio = b.execution.ms / a.execution.ms;
  if (a.execution.checksum && b.execution.checksum) c.sameRows = a.execution.checksum === b.execution.checksum;
  return c;
}
