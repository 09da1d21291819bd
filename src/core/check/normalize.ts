// A plan reduced to what a baseline keeps: per table the access type, the key and the
// estimated rows as an order of magnitude, in join order; whether a filesort or a temporary
// table is used; and a cost. Small enough to review in a diff, coarse enough to stay put
// when statistics drift a little.
import { walkPlan, type Plan } from '../plan/model';

export interface NormalTable {
  /** The table as the plan names it (its alias when it has one); `#2`… for a second use. */
  table: string;
  /** Classic access type (ALL, index, range, ref, eq_ref, const…); "?" when the plan does not say. */
  access: string;
  key: string | null;
  /** Estimated rows as the nearest power of ten (100 means about 32 to 316); 0 for none; null when unknown. */
  rows: number | null;
  /** The exact estimate of this run, for the comparison; never written to a baseline. */
  estimate?: number;
}

export interface NormalPlan {
  /** In join order (the order the plan reads them). */
  tables: NormalTable[];
  filesort: boolean;
  temporary: boolean;
  /** The server's cost estimate when it gives one, else the estimated rows the joins examine; two significant digits. */
  cost: number | null;
  costBasis: 'server' | 'rows';
}

/**
 * The order of magnitude of an estimate: the nearest power of ten on a log scale, so that
 * the boundaries sit at 3.16, 31.6, 316… and round table sizes (100,000 rows) do not flip
 * between two values from one ANALYZE to the next.
 */
export function magnitude(rows: number | undefined): number | null {
  if (rows === undefined || !Number.isFinite(rows) || rows < 0) return null;
  if (rows === 0) return 0;
  return 10 ** Math.max(0, Math.round(Math.log10(rows)));
}

function twoDigits(n: number): number {
  return n > 0 && Number.isFinite(n) ? Number(n.toPrecision(2)) : 0;
}

/**
 * Normalise the plans of one EXPLAIN: tables and flags from the classic plan when there is
 * one (every server has it, with the same access-type words), else from the other plan; the
 * cost from whichever plan carries one.
 */
export function normalizePlan(classic: Plan | null, other: Plan | null): NormalPlan | null {
  const source = classic ?? other;
  if (!source) return null;
  const tables: NormalTable[] = [];
  const seen = new Map<string, number>();
  const exact: number[] = [];
  let filesort = false;
  let temporary = false;
  for (const plan of [classic, other]) {
    if (!plan) continue;
    for (const { node } of walkPlan(plan.root)) {
      if (node.op === 'filesort' || node.extra.some((e) => /^Using filesort/i.test(e))) filesort = true;
      if (node.op === 'temporary table' || node.extra.some((e) => /^Using temporary/i.test(e))) temporary = true;
    }
  }
  for (const { node } of walkPlan(source.root)) {
    if (!node.table) continue;
    const n = (seen.get(node.table) ?? 0) + 1;
    seen.set(node.table, n);
    tables.push({
      table: n === 1 ? node.table : `${node.table}#${n}`,
      access: node.accessType ?? '?',
      key: node.key ?? null,
      rows: magnitude(node.rowsEstimated),
      ...(node.rowsEstimated !== undefined && Number.isFinite(node.rowsEstimated) ? { estimate: node.rowsEstimated } : {}),
    });
    exact.push(node.rowsEstimated ?? 1);
  }
  const serverCost = firstCost(other) ?? firstCost(classic);
  let cost: number;
  let costBasis: NormalPlan['costBasis'];
  if (serverCost !== undefined) {
    cost = serverCost;
    costBasis = 'server';
  } else {
    // Nested loops: each table is read once per row combination of the tables before it.
    let prefix = 1;
    cost = 0;
    for (const r of exact) {
      prefix *= Math.max(r, 1);
      cost += prefix;
    }
    costBasis = 'rows';
  }
  return { tables, filesort, temporary, cost: twoDigits(cost), costBasis };
}

/** The cost of the outermost node that has one (the query's total on MySQL and MariaDB 11). */
function firstCost(plan: Plan | null): number | undefined {
  if (!plan) return undefined;
  for (const { node } of walkPlan(plan.root)) if (node.cost !== undefined && Number.isFinite(node.cost)) return node.cost;
  return undefined;
}
