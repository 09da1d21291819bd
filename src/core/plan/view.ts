/**
 * The plan view's model: a flat, pre-ordered list of nodes with their own (exclusive) time
 * and cost, shares, rows flowing to the parent and badges. Pure, so renderers stay dumb and
 * every rule here is unit-tested.
 */
import type { TableRef } from '../sql/locate';
import type { Plan, PlanFormat, PlanNode } from './model';
import { formatNumber } from '../format';

export type Metric = 'time' | 'cost' | 'rows' | 'none';
export type BadgeKind = 'slow' | 'costly' | 'misestimate' | 'filtered' | 'fullscan' | 'filesort' | 'temporary' | 'never';

export interface Badge {
  kind: BadgeKind;
  /** A few words on the node. */
  label: string;
  /** One sentence for the tooltip and the details pane. */
  title: string;
}

export interface Estimate {
  /** Estimated rows per loop, and actual rows per loop (both sources report per loop). */
  estimated: number;
  actual: number;
  loops: number;
  /** actual / estimated, both at least 1: > 1 under-estimated, < 1 over-estimated. */
  ratio: number;
}

export interface ViewNode {
  id: number;
  parent: number;
  children: number[];
  depth: number;
  node: PlanNode;
  /** Operation as a person would say it ("Full table scan"), and the table with its alias. */
  title: string;
  table: string;
  selfTime?: number;
  selfCost?: number;
  timeShare?: number;
  costShare?: number;
  /** Share of the heat metric, 0..1 (0 when the metric is unknown for this node). */
  heat: number;
  /** Rows this node hands to its parent (actual when measured), for edge widths. */
  rowsOut?: number;
  estimate?: Estimate;
  badges: Badge[];
}

export interface PlanView {
  format: PlanFormat | undefined;
  nodes: ViewNode[];
  /** What the heat colour means: own time when measured, else own cost, else rows. */
  metric: Metric;
  /** The plan has actual rows (ANALYZE-style). */
  hasActual: boolean;
  totalTime?: number;
  totalCost?: number;
  maxRowsOut: number;
}

export const THRESHOLDS = {
  slowShare: 0.3,
  costlyShare: 0.3,
  misestimate: 10,
  /** Percent of rows kept by the table condition at or under which the filter is flagged. */
  filteredKept: 50,
  /** Rows examined before a filter is worth flagging. */
  filteredMinRows: 100,
  fullScanRows: 10_000,
};

// Formats whose time and cost include the children's (MySQL's iterator trees).
const INCLUSIVE: ReadonlySet<PlanFormat> = new Set<PlanFormat>(['mysql-tree', 'mysql-analyze', 'mysql-json2']);

const ACCESS_TITLES: Record<string, string> = {
  ALL: 'Full table scan',
  index: 'Full index scan',
  range: 'Index range scan',
  ref: 'Index lookup',
  eq_ref: 'Single-row index lookup',
  const: 'Constant row',
  system: 'System table',
  ref_or_null: 'Index lookup or NULL',
  index_merge: 'Index merge',
  fulltext: 'Full-text search',
  unique_subquery: 'Unique subquery lookup',
  index_subquery: 'Index subquery lookup',
  hash: 'Hash join',
};

export function nodeTitle(node: PlanNode): string {
  if (node.op === 'table' && node.accessType) return ACCESS_TITLES[node.accessType] ?? `Table (${node.accessType})`;
  if (node.op === 'select' && node.selectId !== undefined)
    return `Select #${node.selectId}${node.selectType && node.selectType !== 'SIMPLE' ? ` (${node.selectType})` : ''}`;
  if (node.op === 'table') return 'Table';
  return node.op.charAt(0).toUpperCase() + node.op.slice(1);
}

export function tableLabel(node: PlanNode): string {
  if (!node.table) return node.alias ?? '';
  return node.alias && node.alias !== node.table ? `${node.table} ${node.alias}` : node.table;
}

/** Per-loop estimate against per-loop actual rows, when both are known. */
export function estimateOf(node: PlanNode): Estimate | undefined {
  if (node.rowsEstimated === undefined || node.rowsActual === undefined || node.neverExecuted) return undefined;
  const loops = node.loops ?? 1;
  const ratio = Math.max(node.rowsActual, 1) / Math.max(node.rowsEstimated, 1);
  return { estimated: node.rowsEstimated, actual: node.rowsActual, loops, ratio };
}

const fmtInt = (n: number) => formatNumber(Math.round(n), 0);
const pct = (x: number) => `${Math.round(x * 100)}%`;

export function badgesFor(node: PlanNode, shares: { time?: number; cost?: number }, estimate = estimateOf(node)): Badge[] {
  const out: Badge[] = [];
  if (node.neverExecuted) out.push({ kind: 'never', label: 'never executed', title: 'The server never ran this part of the plan.' });
  if (shares.time !== undefined && shares.time >= THRESHOLDS.slowShare) {
    out.push({ kind: 'slow', label: `slow ${pct(shares.time)}`, title: `This node's own time is ${pct(shares.time)} of the query's.` });
  }
  if (shares.cost !== undefined && shares.cost >= THRESHOLDS.costlyShare) {
    out.push({ kind: 'costly', label: `costly ${pct(shares.cost)}`, title: `This node's own cost is ${pct(shares.cost)} of the plan's.` });
  }
  if (estimate && (estimate.ratio >= THRESHOLDS.misestimate || estimate.ratio <= 1 / THRESHOLDS.misestimate)) {
    const under = estimate.ratio > 1;
    const factor = under ? estimate.ratio : 1 / estimate.ratio;
    out.push({
      kind: 'misestimate',
      label: `${under ? 'under' : 'over'}-estimate ${factor >= 100 ? fmtInt(factor) : factor.toFixed(0)}x`,
      title: `Estimated ${fmtInt(estimate.estimated)} rows per loop, got ${fmtInt(estimate.actual)} (${under ? 'under' : 'over'}-estimated ${factor.toFixed(1)}x); statistics or histograms may be stale or missing.`,
    });
  }
  const kept = node.filteredActual ?? node.filtered;
  const examined = (node.rowsActual ?? node.rowsEstimated ?? 0) * (node.loops ?? 1);
  if (kept !== undefined && kept <= THRESHOLDS.filteredKept && examined >= THRESHOLDS.filteredMinRows) {
    const removed = 100 - kept;
    out.push({
      kind: 'filtered',
      label: `filter drops ${removed >= 99.5 ? '>99' : Math.round(removed)}%`,
      title: `The table condition throws away ${removed.toFixed(1)}% of the ${fmtInt(examined)} rows read${node.filteredActual === undefined ? ' (estimated)' : ''}: an index on the filtered columns may avoid reading them.`,
    });
  }
  // measured rows win: a materialised derived table estimated at 100k may hold 2,000
  const scanned = node.rowsActual ?? node.rowsEstimated ?? 0;
  if (node.accessType === 'ALL' && scanned >= THRESHOLDS.fullScanRows) {
    out.push({
      kind: 'fullscan',
      label: `full scan ${fmtInt(scanned)}`,
      title: `Reads every row of ${node.table ?? 'the table'} (${fmtInt(scanned)} rows${(node.loops ?? 1) > 1 ? `, ${fmtInt(node.loops ?? 1)} times` : ''}).`,
    });
  }
  const extra = node.extra.join(' ').toLowerCase();
  if (extra.includes('filesort') || node.op === 'filesort' || /^sort\b/i.test(node.op)) {
    out.push({ kind: 'filesort', label: 'filesort', title: 'Rows are sorted after being read (no index gives this order).' });
  }
  if (extra.includes('using temporary') || /temporary/i.test(node.op)) {
    out.push({ kind: 'temporary', label: 'temporary', title: 'An internal temporary table holds intermediate rows.' });
  }
  return out;
}

/**
 * Own values from values that may include the children's. In inclusive formats a node's
 * value contains its children's; elsewhere (classic, MariaDB, MySQL JSON v1) it does when it
 * is at least about the sum of its subtree (a query block's total) and not otherwise (a
 * table's own cost, a filesort's own time), and then the subtree adds up to value + children.
 */
export function ownValues(parents: number[], values: Array<number | undefined>, inclusive: boolean): Array<number | undefined> {
  const n = values.length;
  const own: Array<number | undefined> = new Array<number | undefined>(n).fill(undefined);
  const childSum = new Array<number>(n).fill(0);
  // Pre-order ids: every child has a larger id than its parent, so one reverse pass is post-order.
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i];
    const sum = childSum[i];
    let subtree = sum;
    if (v !== undefined) {
      const includes = inclusive || (sum > 0 && v >= sum * 0.9);
      own[i] = includes ? Math.max(0, v - sum) : v;
      subtree = includes ? Math.max(v, sum) : v + sum;
    }
    if (parents[i] >= 0) childSum[parents[i]] += subtree;
  }
  return own;
}

function rowsOutOf(node: PlanNode): number | undefined {
  const rows = node.rowsActual ?? node.rowsEstimated;
  if (rows === undefined) return undefined;
  const kept = node.filteredActual ?? node.filtered ?? 100;
  return (rows * (node.loops ?? 1) * kept) / 100;
}

const finite = (x: number | undefined): number | undefined => (x !== undefined && Number.isFinite(x) && x >= 0 ? x : undefined);

/** Pre-order without recursion: plans may be 400 levels deep. */
function flatten(root: PlanNode): ViewNode[] {
  const nodes: ViewNode[] = [];
  const stack: Array<{ node: PlanNode; parent: number; depth: number }> = [{ node: root, parent: -1, depth: 0 }];
  while (stack.length) {
    const { node, parent, depth } = stack.pop() as (typeof stack)[number];
    const id = nodes.length;
    nodes.push({ id, parent, children: [], depth, node, title: nodeTitle(node), table: tableLabel(node), heat: 0, badges: [] });
    if (parent >= 0) nodes[parent].children.push(id);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], parent: id, depth: depth + 1 });
  }
  return nodes;
}

/** Flattens a plan in pre-order (no recursion: plans may be 400 levels deep). O(n). */
export function buildPlanView(plan: Plan | PlanNode): PlanView {
  const format = 'root' in plan ? plan.format : undefined;
  const root = 'root' in plan ? plan.root : plan;
  const nodes = flatten(root);
  const parents = nodes.map((v) => v.parent);
  const inclusive = format !== undefined && INCLUSIVE.has(format);
  const own = (value: (n: PlanNode) => number | undefined) =>
    ownValues(
      parents,
      nodes.map((v) => finite(value(v.node))),
      inclusive,
    );
  const times = own((n) => n.timeMs);
  const costs = own((n) => n.cost);
  const sum = (xs: Array<number | undefined>) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  const totalTime = sum(times);
  const totalCost = sum(costs);
  const hasTime = times.some((t) => t !== undefined);
  const hasCost = costs.some((c) => c !== undefined);
  const metric: Metric = hasTime ? 'time' : hasCost ? 'cost' : nodes.some((v) => v.node.rowsEstimated !== undefined) ? 'rows' : 'none';
  const rowsExamined = nodes.map((v) => (v.node.rowsEstimated !== undefined ? v.node.rowsEstimated * (v.node.loops ?? 1) : undefined));
  const totalRows = sum(rowsExamined);
  let maxRowsOut = 0;
  for (const v of nodes) {
    const i = v.id;
    if (times[i] !== undefined) v.selfTime = times[i];
    if (costs[i] !== undefined) v.selfCost = costs[i];
    if (times[i] !== undefined && totalTime > 0) v.timeShare = (times[i] as number) / totalTime;
    if (costs[i] !== undefined && totalCost > 0) v.costShare = (costs[i] as number) / totalCost;
    v.heat =
      metric === 'time'
        ? (v.timeShare ?? 0)
        : metric === 'cost'
          ? (v.costShare ?? 0)
          : metric === 'rows' && totalRows > 0
            ? (rowsExamined[i] ?? 0) / totalRows
            : 0;
    const out = finite(rowsOutOf(v.node));
    if (out !== undefined) {
      v.rowsOut = out;
      maxRowsOut = Math.max(maxRowsOut, out);
    }
    const est = estimateOf(v.node);
    if (est) v.estimate = est;
    v.badges = badgesFor(v.node, { time: v.timeShare, cost: v.costShare }, est);
  }
  const view: PlanView = { format, nodes, metric, hasActual: nodes.some((v) => v.node.rowsActual !== undefined), maxRowsOut };
  if (hasTime) view.totalTime = totalTime;
  if (hasCost) view.totalCost = totalCost;
  return view;
}

/** Stroke width for an edge carrying `rows`, on a log scale from 1.5 to 9.5 px. */
export function edgeWidth(rows: number | undefined, maxRows: number): number {
  if (rows === undefined || maxRows <= 0) return 1.5;
  const t = Math.log10(1 + Math.max(0, rows)) / Math.log10(1 + Math.max(maxRows, 10));
  return Math.round((1.5 + Math.min(1, t) * 8) * 10) / 10;
}

/** Heat band for colouring: 0 none, 1 low, 2 medium, 3 high, 4 very high. */
export function heatLevel(share: number): 0 | 1 | 2 | 3 | 4 {
  if (!(share > 0.005)) return 0;
  if (share < 0.1) return 1;
  if (share < 0.3) return 2;
  if (share < 0.6) return 3;
  return 4;
}

const norm = (s: string) => s.replace(/`/g, '').toLowerCase();

/**
 * The source range of a node: its alias (or table) matched against located references,
 * by alias first, then by table name. Derived tables named `<derived2>` do not match.
 */
export function sourceRangeFor(node: PlanNode, refs: TableRef[]): { start: number; end: number } | undefined {
  const names = [node.alias, node.table].filter((x): x is string => !!x).map(norm);
  if (!names.length) return undefined;
  for (const n of names) {
    const hit = refs.find((r) => r.alias !== undefined && norm(r.alias) === n) ?? refs.find((r) => r.alias === undefined && norm(r.name) === n);
    if (hit) return { start: hit.start, end: hit.end };
  }
  const bare = names[names.length - 1];
  const hit = refs.find((r) => norm(r.name) === bare);
  return hit ? { start: hit.start, end: hit.end } : undefined;
}

/** The join condition written for the node's table, when the SQL has one (`ON ...`). */
export function conditionRangeFor(node: PlanNode, refs: TableRef[]): { start: number; end: number } | undefined {
  const names = [node.alias, node.table].filter((x): x is string => !!x).map(norm);
  for (const n of names) {
    const hit = refs.find((r) => r.alias !== undefined && norm(r.alias) === n) ?? refs.find((r) => r.alias === undefined && norm(r.name) === n);
    if (hit?.condition) return hit.condition;
  }
  return undefined;
}

/** A subquery or union member (select#N, no table of its own): its SELECT in the SQL. */
export function selectRangeFor(node: PlanNode, selects: Array<{ id: number; start: number; end: number }>): { start: number; end: number } | undefined {
  if (node.table || node.alias || node.selectId === undefined || node.selectId < 2) return undefined;
  const s = selects.find((x) => x.id === node.selectId);
  return s && { start: s.start, end: s.end };
}

/** The node for a table name coming from the editor (an alias or a table). */
export function nodeForTable(view: PlanView, name: string): ViewNode | undefined {
  const n = norm(name);
  return (
    view.nodes.find((v) => v.node.alias !== undefined && norm(v.node.alias) === n) ??
    view.nodes.find((v) => v.node.table !== undefined && norm(v.node.table) === n)
  );
}
