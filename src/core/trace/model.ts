/** The optimizer trace, read into what a person asks: why this access, why this order. */

export interface TraceAlternative {
  /** The plan's own access names: ALL, index, range, ref, eq_ref, index_merge, fulltext, … */
  access: string;
  index: string | null;
  usable: boolean;
  /** The server's cause, normalised to snake_case (not_applicable, cost, …); null when it gave none. */
  cause: string | null;
  rows: number | null;
  cost: number | null;
  /** Exactly one alternative of a table is chosen when the trace shows a choice. */
  chosen: boolean;
  /** One plain sentence. */
  why: string;
  ranges?: string[];
  keyParts?: string[];
  /** For an index taken to give an order: ORDER BY or GROUP BY. */
  clause?: string;
  /** Where it came from: the range optimizer, the join planner, the ORDER BY check, or the schema (an index the server did not even list). */
  source: 'range' | 'join' | 'order_by' | 'schema' | 'scan';
}

export interface TraceAccess {
  access: string;
  index: string | null;
  rows: number | null;
  cost: number | null;
}

export interface TraceTable {
  /** The real table name (from the expanded query when the trace names the alias). */
  table: string;
  alias: string | null;
  /** The name the trace and the plan use (the alias when there is one). */
  name: string;
  select: number | null;
  scan: { rows: number | null; cost: number | null } | null;
  chosen: TraceAccess | null;
  alternatives: TraceAlternative[];
  /** The condition the server attached to this table, as it printed it. */
  condition: string | null;
  /** One sentence: what was chosen and why. */
  why: string;
}

export interface TraceJoinOrder {
  select: number | null;
  /** Join prefixes (partial orders) the planner costed. */
  considered: number;
  pruned: number;
  /** Orders costed to the last table. */
  complete: number;
  chosen: string[];
  cost: number | null;
  rows: number | null;
  why: string;
}

export interface TraceRewrite {
  select: number | null;
  /** WHERE, ON, HAVING. */
  condition: string;
  original: string;
  steps: Array<{ transformation: string; result: string }>;
  /** The last result differs from the original. */
  changed: boolean;
  why: string;
}

export interface TraceSubquery {
  select: number | null;
  from: string;
  to: string;
  chosen: boolean | null;
  strategies: Array<{ strategy: string; cost: number | null; rows: number | null; chosen: boolean }>;
  why: string;
}

export interface TraceOrderBy {
  select: number | null;
  clause: string;
  table: string | null;
  /** The index that gives the order, when one was taken. */
  index: string | null;
  usesIndex: boolean;
  /** The access the table gets for it, when the server says (MySQL: range, ref, index …). */
  access?: string;
  candidates: Array<{ index: string; usable: boolean; chosen: boolean; cause: string | null }>;
  why: string;
}

export interface Trace {
  source: 'optimizer_trace';
  truncated: boolean;
  /** MISSING_BYTES_BEYOND_MAX_MEM_SIZE, when known. */
  missingBytes?: number;
  flavor: 'mysql' | 'mariadb' | null;
  tables: TraceTable[];
  /** The outermost query block's order (the contract's field); every block is in joinOrders. */
  joinOrder: TraceJoinOrder | null;
  joinOrders: TraceJoinOrder[];
  rewrites: TraceRewrite[];
  subqueries: TraceSubquery[];
  orderBy: TraceOrderBy[];
  notes: string[];
}

/** Indexes and column types of the tables a trace names: lets causes be precise. */
export interface TraceSchema {
  [table: string]: { indexes: Array<{ name: string; columns: string[] }>; columns: Record<string, string> };
}
