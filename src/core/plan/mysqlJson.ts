import { planNode, type PlanNode } from './model';
import { PlanParseError } from './errors';
import { containsPlan, guardDepth, keepRest, nestedLoopOf, tableFields, tidy, type Obj } from './jsonCommon';
import { nodeFromDescription } from './treeLine';
import { isObject, num, pushUnique, putDetail, str } from './values';

// MySQL EXPLAIN FORMAT=JSON: version 1 (query_block ...) and version 2 (8.3+, "operation"/"inputs").

const WRAPPERS: Record<string, string> = {
  ordering_operation: 'ordering',
  grouping_operation: 'grouping',
  duplicates_removal: 'duplicates removal',
  windowing: 'window',
  buffer_result: 'buffer result',
};

const SUBQUERY_LISTS = /_subqueries$/;
const STRUCTURAL = new Set(['table', 'nested_loop', 'query_block', 'materialized_from_subquery', 'query_specifications', ...Object.keys(WRAPPERS)]);

const isStructural = (k: string): boolean => STRUCTURAL.has(k) || SUBQUERY_LISTS.test(k) || /^(?:union|intersect|except)_result$/.test(k);

/** Children found in a query_block, a wrapper or a table, in source order. */
function bodyChildren(o: Obj, depth: number): PlanNode[] {
  guardDepth(depth);
  const out: PlanNode[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === 'table' && isObject(v)) out.push(tableNode(v, depth + 1));
    else if (k === 'nested_loop' && Array.isArray(v)) out.push(...nestedLoop(v, depth + 1));
    else if (k === 'query_block' && isObject(v)) out.push(queryBlock(v, depth + 1));
    else if (k in WRAPPERS && isObject(v)) out.push(wrapper(k, v, depth + 1));
    else if (/^(?:union|intersect|except)_result$/.test(k) && isObject(v)) out.push(setOp(k, v, depth + 1));
    else if (SUBQUERY_LISTS.test(k) && Array.isArray(v)) {
      for (const s of v) if (isObject(s)) out.push(subquery(s, k, depth + 1));
    } else if (k === 'materialized_from_subquery' && isObject(v)) out.push(subquery(v, k, depth + 1, 'materialize'));
    else if (!isStructural(k) && containsPlan(v)) out.push(unknownHolder(k, v, depth + 1));
  }
  return out;
}

function unknownHolder(key: string, v: unknown, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode(key.replace(/_/g, ' '));
  const items = Array.isArray(v) ? v : [v];
  for (const item of items) if (isObject(item)) node.children.push(...bodyChildren(item, depth + 1));
  return node;
}

const nestedLoop = (items: unknown[], depth: number) => nestedLoopOf(items, depth, bodyChildren);

function costOf(node: PlanNode, cost: unknown): void {
  if (!isObject(cost)) return;
  const own = (num(cost.read_cost) ?? NaN) + (num(cost.eval_cost) ?? NaN);
  const total = num(cost.query_cost) ?? num(cost.sort_cost) ?? (Number.isFinite(own) ? own : num(cost.prefix_cost));
  if (total !== undefined) node.cost = total;
  putDetail((node.details ??= {}), 'cost_info', cost);
  if (Object.keys(node.details).length === 0) delete node.details;
}

function queryBlock(o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode('select');
  const id = num(o.select_id);
  if (id !== undefined) node.selectId = id;
  costOf(node, o.cost_info);
  const message = str(o.message);
  if (message) node.extra.push(message);
  node.children = bodyChildren(o, depth + 1);
  keepRest(node, o, new Set(['select_id', 'cost_info', 'message']), isStructural);
  return tidy(node);
}

function tableNode(o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode('table');
  const used = tableFields(node, o);
  const rows = num(o.rows_examined_per_scan) ?? num(o.rows);
  if (rows !== undefined) node.rowsEstimated = rows;
  used.add('rows_examined_per_scan').add('rows').add('cost_info');
  costOf(node, o.cost_info);
  const buffer = str(o.using_join_buffer);
  if (buffer) pushUnique(node.extra, `Using join buffer (${buffer})`);
  used.add('using_join_buffer');
  node.children = bodyChildren(o, depth + 1);
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

function wrapper(key: string, o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const sorts = o.using_filesort === true;
  const node = planNode(key === 'ordering_operation' && sorts ? 'filesort' : WRAPPERS[key]);
  if (sorts) node.extra.push('Using filesort');
  costOf(node, o.cost_info);
  let inner: PlanNode[] = bodyChildren(o, depth + 1);
  if (o.using_temporary_table === true) {
    inner = [planNode('temporary table', { extra: ['Using temporary'], children: inner })];
  }
  node.children = inner;
  keepRest(node, o, new Set(['using_filesort', 'using_temporary_table', 'cost_info']), isStructural);
  return tidy(node);
}

function setOp(key: string, o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode(key.replace(/_result$/, ''));
  const used = tableFields(node, o);
  node.op = key.replace(/_result$/, '');
  costOf(node, o.cost_info);
  used.add('cost_info');
  const id = num(o.select_id);
  if (id !== undefined) node.selectId = id;
  used.add('select_id');
  const specs = Array.isArray(o.query_specifications) ? o.query_specifications : [];
  for (const s of specs) if (isObject(s)) node.children.push(subquery(s, 'query_specifications', depth + 1, 'member'));
  node.children.push(...bodyChildren(o, depth + 1));
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

/** {dependent, cacheable, query_block}: a subquery (or union member, or materialization). */
function subquery(o: Obj, key: string, depth: number, kind = 'subquery'): PlanNode {
  guardDepth(depth);
  const kids = bodyChildren(o, depth + 1);
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (!isStructural(k) && !containsPlan(v)) putDetail(details, k, v);
  if (kind === 'member' && kids.length === 1 && kids[0].op === 'select') {
    // Union members carry only dependent/cacheable: fold them into the select.
    if (Object.keys(details).length) kids[0].details = { ...kids[0].details, ...details };
    return kids[0];
  }
  const node = planNode(kind, { children: kids });
  if (o.dependent === true) node.selectType = 'DEPENDENT SUBQUERY';
  if (o.using_temporary_table === true) node.extra.push('Using temporary');
  if (kind === 'subquery') details.location = key;
  if (Object.keys(details).length) node.details = details;
  return node;
}

/** Version 1: `{ "query_block": ... }`. */
export function fromMysqlJson(obj: unknown): PlanNode {
  if (!isObject(obj) || !isObject(obj.query_block)) throw new PlanParseError('MySQL JSON plan has no query_block');
  return queryBlock(obj.query_block, 1);
}

// ---------- version 2 ----------

const V2_USED = new Set([
  'operation',
  'inputs',
  'table_name',
  'alias',
  'index_name',
  'estimated_rows',
  'estimated_total_cost',
  'actual_rows',
  'actual_loops',
  'actual_last_row_ms',
  'actual_first_row_ms',
  'condition',
  'query_plan',
]);

function v2Node(o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = nodeFromDescription(str(o.operation) ?? 'unknown');
  const table = str(o.table_name);
  if (table) node.table = table;
  const alias = str(o.alias);
  if (alias) node.alias = alias;
  const key = str(o.index_name);
  if (key) node.key = key;
  const est = num(o.estimated_rows);
  if (est !== undefined) node.rowsEstimated = est;
  const cost = num(o.estimated_total_cost);
  if (cost !== undefined) node.cost = cost;
  const rows = num(o.actual_rows);
  if (rows !== undefined) node.rowsActual = rows;
  const loops = num(o.actual_loops);
  if (loops !== undefined) node.loops = loops;
  if (loops === 0) node.neverExecuted = true;
  const last = num(o.actual_last_row_ms);
  if (last !== undefined) node.timeMs = last * (loops ?? 1);
  const first = num(o.actual_first_row_ms);
  if (first !== undefined) node.firstRowMs = first;
  const cond = str(o.condition);
  if (cond) node.condition = cond;
  const details = (node.details ??= {});
  for (const [k, v] of Object.entries(o)) {
    if (V2_USED.has(k) || containsPlan(v)) continue;
    putDetail(details, k, v);
  }
  if (o.covering === true) pushUnique(node.extra, 'Using index');
  const inputs = Array.isArray(o.inputs) ? o.inputs : [];
  for (const i of inputs) if (isObject(i)) node.children.push(v2Node(i, depth + 1));
  for (const [k, v] of Object.entries(o)) {
    if (k === 'inputs' || k === 'query_plan') continue;
    // Subquery plans sit in other keys in some releases; keep them as children.
    if (isObject(v) && 'operation' in v) node.children.push(v2Node(v, depth + 1));
    else if (Array.isArray(v) && containsPlan(v)) {
      for (const x of v) if (isObject(x) && 'operation' in x) node.children.push(v2Node(x, depth + 1));
    }
  }
  return node;
}

/** Version 2: a root operation, or `{query, query_plan: {operation...}, json_schema_version}`. */
export function fromMysqlJson2(obj: unknown): PlanNode {
  if (!isObject(obj)) throw new PlanParseError('MySQL JSON v2 plan is not an object');
  if (isObject(obj.query_plan)) {
    const root = v2Node(obj.query_plan, 1);
    const details = (root.details ??= {});
    for (const [k, v] of Object.entries(obj)) if (k !== 'query_plan') putDetail(details, k, v);
    return root;
  }
  if (typeof obj.operation !== 'string') throw new PlanParseError('MySQL JSON v2 plan has no operation');
  return v2Node(obj, 1);
}
