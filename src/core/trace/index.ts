export type { Trace, TraceAlternative, TraceAccess, TraceTable, TraceJoinOrder, TraceRewrite, TraceSubquery, TraceOrderBy, TraceSchema } from './model';
export { readTrace, readTraceJson } from './read';
export { parseTraceText, TraceError } from './text';
export { explainTrace, causeWords, columnUse } from './causes';
