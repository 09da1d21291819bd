// mqt check: plans of SQL files compared with a saved baseline (see docs/ci.md).
export { fingerprint, fingerprintId, fingerprintTokens, similarity } from './fingerprint';
export { normalizePlan, magnitude, type NormalPlan, type NormalTable } from './normalize';
export { comparePlans, type PlanChange, type Verdict } from './compare';
export { matchStatements, MIN_SIMILARITY, type Located, type Match, type Matching, type MatchHow } from './match';
export { parseBaseline, serializeBaseline, BaselineError, BASELINE_FORMAT, BASELINE_VERSION, type Baseline, type BaselineEntry } from './baseline';
export {
  statementsOf,
  explainedFrom,
  compareWithBaseline,
  buildBaseline,
  exitCodeOf,
  serverLabel,
  snippetOf,
  type CheckStatement,
  type CheckResult,
  type Explained,
  type StatementResult,
  type Status,
} from './run';
export { renderCheckText, renderCheckMarkdown, renderCheckJson } from './render';
