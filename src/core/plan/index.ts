export * from './model';
export { PlanParseError, MAX_PLAN_TEXT, MAX_PLAN_DEPTH, MAX_PLAN_NODES } from './errors';
export { parsePlanText, parsePlanJson } from './parse';
export { fromClassicRows, parseClassicText } from './classic';
export { fromMysqlJson, fromMysqlJson2 } from './mysqlJson';
export { fromMariaJson } from './mariaJson';
export { parseTreeText } from './tree';
export { detectJsonFormat } from './detect';
export { renderPlanText, describeNode } from './text';
