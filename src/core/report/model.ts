import type { CounterDelta } from '../counters/diff';
import type { Plan } from '../plan/model';
import type { Profile } from '../profile/model';
import type { StatementKind } from '../sql/classify';
import type { SelectRange, TableRef } from '../sql/locate';
import type { Finding, RowsSummary } from '../counters/interpret';
import type { LiveSummary } from '../live/model';
import type { Trace } from '../trace/model';

export interface ServerInfo {
  flavor: 'mariadb' | 'mysql';
  version: string;
  /** e.g. "Debian 12" from @@version_comment. */
  comment?: string;
}

export interface Capabilities {
  profiling: boolean;
  performanceSchema: boolean;
  /** FLUSH STATUS is allowed (RELOAD privilege). */
  flushStatus: boolean;
  explainJson: boolean;
  explainAnalyze: boolean;
}

export interface Execution {
  executed: boolean;
  /** Rows returned (counted while streaming; never kept). */
  rows: number;
  /** Wall time of the statement as the client saw it. */
  ms: number;
  /** Why it was not executed, when it was not. */
  reason?: string;
  /** The server's error when execution failed. */
  error?: ReportError;
  /** Order-independent checksum of the rows ("count:hash"), when asked for. */
  checksum?: string;
}

export interface ReportError {
  message: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  /** 1-based line and column inside the statement, when the server names a position. */
  line?: number;
  column?: number;
}

export interface Observation {
  /** FLUSH STATUS reset the counters before the window. */
  flushed: boolean;
  /** What one SHOW SESSION STATUS costs, subtracted from the deltas. */
  selfCost: Record<string, number>;
}

export interface Hint {
  rule: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  range?: { start: number; end: number };
  fix?: string;
}

export interface Report {
  tool: { name: 'mysql-query-tuner'; version: string };
  createdAt: string;
  server: ServerInfo;
  capabilities: Capabilities;
  connection: { host: string; port: number; user: string; database?: string };
  statement: string;
  statementKind: StatementKind;
  /** Where the statement's SELECTs and tables are (offsets into `statement`), for the renderers' SQL sync. */
  source?: StatementFacts;
  plan: Plan | null;
  /** The classic tabular EXPLAIN, kept as a plan too (it is what most people read). */
  classicPlan: Plan | null;
  /** Raw outputs the plans came from (EXPLAIN FORMAT=JSON text, classic rows). */
  raw: { explainJson?: string; explainTree?: string; explainRows?: Array<Record<string, unknown>>; analyze?: string };
  planError?: ReportError;
  counters: CounterDelta[];
  observation: Observation | null;
  profile: Profile;
  execution: Execution;
  hints: Hint[];
  /** What the counters say, most serious first (empty when nothing ran). */
  findings?: Finding[];
  /** Rows examined vs returned, derived from the counters. */
  rows?: RowsSummary;
  /** The statement watched while it ran (core/live): the last live plan, how it ended. */
  live?: LiveSummary;
  /** Present when the statement ran several times (see core/session/repeat). */
  repeat?: RepeatSummary;
  /** Why this plan: the optimizer trace of the EXPLAIN (null when none was taken or the server has none). */
  trace?: Trace | null;
  /** Why there is no trace, or that it was cut. */
  traceNote?: string;
  /** Degradations and facts the reader should know (missing privileges, locks, ...). */
  notes: string[];
  /** Time the whole analysis took. */
  analysisMs: number;
}

/** Read once from the statement (core/pipeline/statement); renderers do not lex it again. */
export interface StatementFacts {
  selects: SelectRange[];
  tables: TableRef[];
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** N runs of one statement: the first (cold) apart from the others (warm). */
export interface RepeatSummary {
  runs: number;
  /** Wall time of each run, in order. */
  ms: number[];
  cold: { ms: number };
  warm?: Spread;
  all: Spread;
  /** Per counter: the cold run's value and the warm runs' spread. */
  counters: Array<{ name: string; cold: number; warm?: Spread }>;
}
