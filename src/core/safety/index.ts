// What may be sent to a server for a statement: classification + catalogue facts → decision.
export { decide, type Decision, type RunMode, type SafetyOptions } from './policy';
export { inspect, type CatalogQuery, type Facts, type TableFact, type RoutineFact, type TriggerFact } from './inspect';
export { references, bodyHazards, type Name, type References, type BodyHazards } from './references';
export { gate, OPEN_GATE, type AccessGate } from './gate';
export { disagreement, writeNodeOf, looksLikePlan, ER_READ_ONLY_TRANSACTION, type ExplainOutcome } from './confirm';
