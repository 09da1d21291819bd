/** One model for every EXPLAIN format. Fields are absent when the source does not say. */
export interface PlanNode {
  /** What the node does: "table", "nested loop", "filesort", "union", "subquery", "Index lookup", ... */
  op: string;
  table?: string;
  alias?: string;
  /** Classic access type: ALL, index, range, ref, eq_ref, const, system, ... */
  accessType?: string;
  possibleKeys?: string[];
  key?: string;
  keyLen?: string;
  ref?: string;
  usedKeyParts?: string[];
  rowsEstimated?: number;
  rowsActual?: number;
  loops?: number;
  /** Estimated percentage of rows kept by the table condition. */
  filtered?: number;
  /** Actual percentage kept (MariaDB ANALYZE r_filtered). */
  filteredActual?: number;
  cost?: number;
  /** Actual total time of the node, in ms (across all loops). */
  timeMs?: number;
  /** Actual time to the first row, in ms (MySQL EXPLAIN ANALYZE). */
  firstRowMs?: number;
  /** select id and select_type of the classic format. */
  selectId?: number;
  selectType?: string;
  condition?: string;
  /** Extra flags: "Using where", "Using filesort", "Using temporary", ... */
  extra: string[];
  /** True when the source says the node was never executed. */
  neverExecuted?: boolean;
  /** Status counters attributed to this node after a measured run (see core/counters/attribute). */
  evidence?: CounterEvidence[];
  /** Every source field we do not model, kept verbatim. */
  details?: Record<string, string>;
  children: PlanNode[];
}

export interface CounterEvidence {
  counter: string;
  value: number;
  /** One line: what the counter says about this node. */
  note: string;
}

export type PlanFormat = 'classic' | 'mysql-json' | 'mysql-json2' | 'mysql-tree' | 'mysql-analyze' | 'mariadb-json' | 'mariadb-analyze-json';

export interface Plan {
  format: PlanFormat;
  root: PlanNode;
}

export function planNode(op: string, init: Partial<PlanNode> = {}): PlanNode {
  return { op, extra: [], children: [], ...init };
}

/** Depth-first walk over a plan (node before children). */
export function* walkPlan(node: PlanNode, depth = 0): Generator<{ node: PlanNode; depth: number }> {
  yield { node, depth };
  for (const child of node.children) yield* walkPlan(child, depth + 1);
}
