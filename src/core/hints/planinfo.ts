// Reading the plan of a statement as evidence for (or against) a finding.
import { describeNode } from '../plan/text';
import { walkPlan, type Plan, type PlanNode } from '../plan/model';

export function planNodes(plan: Plan | undefined): PlanNode[] {
  if (!plan) return [];
  return [...walkPlan(plan.root)].map((x) => x.node);
}

/** Table-access nodes for a table reference (plans name tables by alias). */
export function nodesForTable(plan: Plan | undefined, alias: string, name?: string): PlanNode[] {
  const a = alias.toLowerCase();
  const n = name?.toLowerCase();
  const hits = planNodes(plan).filter((p) => p.table !== undefined && (p.alias ?? p.table).toLowerCase() === a);
  if (hits.length || !n) return hits;
  return planNodes(plan).filter((p) => p.table?.toLowerCase() === n);
}

export function hasExtra(node: PlanNode, word: string): boolean {
  const w = word.toLowerCase();
  return node.extra.some((e) => e.toLowerCase().includes(w));
}

export function nodesWithExtra(plan: Plan | undefined, word: string): PlanNode[] {
  return planNodes(plan).filter((n) => hasExtra(n, word));
}

export function isScan(node: PlanNode): boolean {
  return node.accessType?.toUpperCase() === 'ALL';
}

/** ALL or a full index scan: the rows are not found through a lookup. */
export function isFullRead(node: PlanNode): boolean {
  const a = node.accessType?.toUpperCase();
  return a === 'ALL' || a === 'INDEX';
}

export function evidence(node: PlanNode): string {
  return `plan: ${describeNode(node)}`;
}

export interface ServerVersion {
  flavor: 'mysql' | 'mariadb';
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(v: string | undefined, dialect: 'mysql' | 'mariadb'): ServerVersion | undefined {
  const m = v?.match(/(\d+)\.(\d+)(?:\.(\d+))?/);
  if (!m || !v) return undefined;
  return { flavor: /mariadb/i.test(v) ? 'mariadb' : dialect, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function atLeast(v: ServerVersion, major: number, minor: number, patch = 0): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}
