import type { Plan } from '../plan/model';

/** Where the live figures come from; each fallback is named in the report. */
export type LiveSource =
  /** MariaDB 10.9+: SHOW ANALYZE FORMAT=JSON FOR <thread>, rows so far per node, plus PROCESSLIST stage and time. */
  | 'show-analyze'
  /** MySQL: EXPLAIN FORMAT=JSON FOR CONNECTION (the plan only) plus performance_schema stage progress. */
  | 'explain-for-connection'
  /** No plan of the running statement (no PROCESS privilege, no right to see the thread, no second connection). */
  | 'elapsed';

/** One plan node as the live view reports it (the CLI's `--progress` shape). */
export interface LiveNode {
  /** Position of the node in a depth-first walk of `LiveUpdate.plan` (the plan view's node id). */
  id: number;
  table?: string;
  op: string;
  /** Rows read so far (the server's r_rows: per loop on MariaDB). */
  rows?: number;
  loops?: number;
  rowsEstimated?: number;
  /** Rows went up since the previous update: the branch that is working now. */
  grew?: boolean;
}

export interface LiveUpdate {
  /** Time the statement has run (the server's TIME_MS when it says, else the client's clock). */
  elapsedMs: number;
  stage?: string;
  /** MySQL stage progress (performance_schema WORK_COMPLETED / WORK_ESTIMATED). */
  work?: { completed: number; estimated: number };
  source: LiveSource;
  /** Why there is less than a plan with rows (the fallback's reason), when there is. */
  note?: string;
  plan?: Plan;
  nodes: LiveNode[];
}

/** What the report keeps of a live view: the last update, and how the statement ended. */
export interface LiveSummary {
  source: LiveSource;
  updates: number;
  last: LiveUpdate;
  /** Why the live view has less than a plan with rows (a fallback), when it has. */
  note?: string;
  /** The statement did not finish: it was cancelled or stopped by the time limit at `atMs`. */
  ended?: { by: 'cancel' | 'timeout' | 'error'; atMs: number };
  /** The raw SHOW ANALYZE / EXPLAIN FOR CONNECTION text of the last update. */
  raw?: string;
}
