import type { Plan } from '../plan/model';
import type { Hint } from '../report/model';
import type { SchemaInfo } from './schema';

export const RULE_IDS = [
  'select-star',
  'like-leading-wildcard',
  'function-on-column',
  'non-sargable-date',
  'implicit-conversion',
  'or-across-columns',
  'order-by-rand',
  'large-offset',
  'not-in-nullable',
  'in-subquery',
  'count-column',
  'calc-found-rows',
  'union-distinct',
  'having-without-aggregate',
  'cartesian-join',
  'dml-without-where',
  'dml-limit-without-order',
  'limit-without-order',
  'distinct-with-group-by',
  'outer-join-nullified',
  'mixed-order-direction',
  'order-across-tables',
  'full-scan',
  'filesort-temporary',
  'missing-index',
  'duplicate-index',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type Severity = Hint['severity'];

export interface Range {
  start: number;
  end: number;
}

/**
 * A hint as the engine returns it: the report's `Hint` plus what editors need to act on it.
 * Every offset is into the text given to analyzeHints.
 */
export interface HintFinding extends Hint {
  rule: RuleId;
  title: string;
  range: Range;
  /** The statement the finding belongs to. */
  statement: Range;
  /** A replacement that applies the rewrite (quick fix). */
  edit?: Range & { text: string };
  /** A statement to run by hand (CREATE INDEX, ALTER TABLE ... DROP INDEX): copied, never applied. */
  ddl?: string;
  /** Plan nodes or schema facts that back the finding. */
  evidence?: string[];
}

/** The plan of the last analysis of one statement (matched by its text, whitespace-insensitive). */
export interface StatementPlan {
  statement: string;
  plan: Plan;
}

/**
 * The hints an analysis report already holds for one statement (computed once, in the
 * pipeline, with its plan): a document's check places them instead of computing them again.
 */
export interface ReportedHints {
  /** The statement as it was sent for analysis (matched whitespace-insensitively). */
  statement: string;
  /** The analysed text within it (an EXPLAIN prefix dropped): the hints' offsets are into this. */
  body: string;
  hints: readonly HintFinding[];
  /** Its plan: used when the document's text differs in spacing and the hints cannot be placed. */
  plan?: Plan;
}

export interface HintInput {
  sql: string;
  dialect?: 'mysql' | 'mariadb';
  /** Plan of the statement when `sql` holds one statement (or of the only explainable one). */
  plan?: Plan;
  /** Plans of several statements of the script. */
  plans?: StatementPlan[];
  /** Hints of statements analysed earlier, from their reports: placed, not computed again. */
  reported?: readonly ReportedHints[];
  schema?: SchemaInfo;
  /** Rule ids to leave out. */
  disabled?: readonly string[];
  /** Server version ("10.11.6-MariaDB", "8.0.36"): version-dependent rules use it when given. */
  serverVersion?: string;
}
