import { planNode, type PlanNode } from './model';
import { PlanParseError } from './errors';
import { containsPlan, guardDepth, keepRest, nestedLoopOf, tableFields, tidy, type Obj } from './jsonCommon';
import { isObject, num, pushUnique, putDetail, str, strList } from './values';

// MariaDB EXPLAIN FORMAT=JSON and ANALYZE FORMAT=JSON (r_* fields are the measured values).

const STRUCTURAL = new Set([
  'query_block',
  'table',
  'nested_loop',
  'filesort',
  'temporary_table',
  'read_sorted_file',
  'block-nl-join',
  'union_result',
  'query_specifications',
  'subqueries',
  'materialized',
  'derived',
  'duplicates_removal',
  'expression_cache',
  'range-checked-for-each-record',
  'window_functions_computation',
  'having_condition',
  'recursive_union',
  'rowid_filter',
  'sorts',
]);
const isStructural = (k: string): boolean => STRUCTURAL.has(k) || /_result$/.test(k);

/** Time, loops and actual rows that every MariaDB ANALYZE object may carry. */
function measured(node: PlanNode, o: Obj, used: Set<string>): void {
  const loops = num(o.r_loops);
  if (loops !== undefined) node.loops = loops;
  if (loops === 0) node.neverExecuted = true;
  const rows = num(o.r_rows);
  if (rows !== undefined) node.rowsActual = rows;
  const total = num(o.r_total_time_ms);
  const table = num(o.r_table_time_ms);
  const other = num(o.r_other_time_ms);
  // r_table_time_ms + r_other_time_ms is the table's time over all loops.
  const time = total ?? (table !== undefined || other !== undefined ? (table ?? 0) + (other ?? 0) : undefined);
  if (time !== undefined) node.timeMs = time;
  const filtered = num(o.r_filtered);
  if (filtered !== undefined) node.filteredActual = filtered;
  const cost = num(o.cost);
  if (cost !== undefined) node.cost = cost;
  for (const k of ['r_loops', 'r_rows', 'r_total_time_ms', 'r_filtered', 'cost']) used.add(k);
}

function children(o: Obj, depth: number): PlanNode[] {
  guardDepth(depth);
  const out: PlanNode[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === 'table' && isObject(v)) out.push(tableNode(v, depth + 1));
    else if (k === 'nested_loop' && Array.isArray(v)) out.push(...nestedLoop(v, depth + 1));
    else if (k === 'query_block' && isObject(v)) out.push(queryBlock(v, depth + 1));
    else if (k === 'filesort' && isObject(v)) out.push(opNode('filesort', v, depth + 1, 'Using filesort'));
    else if (k === 'temporary_table' && isObject(v)) out.push(opNode('temporary table', v, depth + 1, 'Using temporary'));
    else if (k === 'read_sorted_file' && isObject(v)) out.push(opNode('read sorted file', v, depth + 1));
    else if (k === 'window_functions_computation' && isObject(v)) out.push(opNode('window', v, depth + 1));
    else if (k === 'duplicates_removal') out.push(holder('duplicates removal', v, depth + 1, 'Using temporary'));
    else if (k === 'block-nl-join' && isObject(v)) out.push(...joinBuffer(v, depth + 1));
    else if (k === 'range-checked-for-each-record' && isObject(v)) out.push(opNode('range checked for each record', v, depth + 1));
    else if ((/_result$/.test(k) || k === 'recursive_union') && isObject(v)) out.push(setOp(k, v, depth + 1));
    else if (k === 'sorts') out.push(...sorts(v, depth + 1));
    else if (k === 'subqueries' && Array.isArray(v)) {
      for (const s of v) if (isObject(s)) out.push(subquery(s, depth + 1));
    } else if ((k === 'materialized' || k === 'derived') && isObject(v)) out.push(opNode(k === 'derived' ? 'derived' : 'materialize', v, depth + 1));
    else if (!isStructural(k) && containsPlan(v)) out.push(holder(k.replace(/[_-]/g, ' '), v, depth + 1));
  }
  return out;
}

function holder(op: string, v: unknown, depth: number, flag?: string): PlanNode {
  guardDepth(depth);
  const node = planNode(op);
  if (flag) node.extra.push(flag);
  const items = Array.isArray(v) ? v : [v];
  for (const item of items) if (isObject(item)) node.children.push(...children(item, depth + 1));
  return node;
}

const nestedLoop = (items: unknown[], depth: number) => nestedLoopOf(items, depth, children);

function queryBlock(o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode('select');
  const used = new Set(['select_id', 'operation', 'message']);
  const id = num(o.select_id);
  if (id !== undefined) node.selectId = id;
  const operation = str(o.operation);
  if (operation) node.selectType = operation;
  const message = str(o.message);
  if (message) node.extra.push(message);
  measured(node, o, used);
  const having = str(o.having_condition);
  if (having) (node.details ??= {}).having_condition = having;
  node.children = children(o, depth + 1);
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

function tableNode(o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode('table');
  const used = tableFields(node, o);
  const rows = num(o.rows);
  if (rows !== undefined) node.rowsEstimated = rows;
  used.add('rows').add('r_table_time_ms').add('r_other_time_ms');
  measured(node, o, used);
  for (const flag of ['update', 'delete', 'insert'] as const) if (o[flag] === 1 || o[flag] === true) pushUnique(node.extra, flag);
  node.children = children(o, depth + 1);
  if (isObject(o.rowid_filter)) {
    pushUnique(node.extra, 'Using rowid filter');
    node.children.unshift(rowidFilter(o.rowid_filter));
  }
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

/** Wrapper objects (filesort, temporary_table, read_sorted_file, materialized ...). */
function opNode(op: string, o: Obj, depth: number, flag?: string): PlanNode {
  guardDepth(depth);
  const node = planNode(op);
  if (flag) node.extra.push(flag);
  const used = new Set<string>(['r_table_time_ms', 'r_other_time_ms']);
  measured(node, o, used);
  node.children = children(o, depth + 1);
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

/**
 * A rowid filter: the rowids read from a second index before the table is accessed. Its own
 * `rows` (and `r_rows`) are the filter's figures, not the table's.
 */
function rowidFilter(o: Obj): PlanNode {
  const node = planNode('rowid filter');
  const range = isObject(o.range) ? o.range : {};
  const key = str(range.key);
  if (key) node.key = key;
  const parts = strList(range.used_key_parts);
  if (parts) node.usedKeyParts = parts;
  const rows = num(o.rows);
  if (rows !== undefined) node.rowsEstimated = rows;
  const rrows = num(o.r_rows);
  if (rrows !== undefined) node.rowsActual = rrows;
  const sel = num(o.selectivity_pct);
  if (sel !== undefined) node.filtered = sel;
  const rsel = num(o.r_selectivity_pct);
  if (rsel !== undefined) node.filteredActual = rsel;
  const time = num(o.r_filling_time_ms);
  if (time !== undefined) node.timeMs = time;
  const used = new Set(['range', 'rows', 'r_rows', 'selectivity_pct', 'r_selectivity_pct', 'r_filling_time_ms']);
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

/** window_functions_computation.sorts: one filesort per window ordering (an array, or one object). */
function sorts(v: unknown, depth: number): PlanNode[] {
  guardDepth(depth);
  const out: PlanNode[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    if (!isObject(item)) continue;
    for (const [k, x] of Object.entries(item)) {
      if (k === 'filesort' && isObject(x)) out.push(opNode('filesort', x, depth + 1, 'Using filesort'));
      else if (containsPlan(x)) out.push(holder(k.replace(/[_-]/g, ' '), x, depth + 1));
    }
  }
  return out;
}

/** block-nl-join: the buffered table itself plus the join-level condition and buffer facts. */
function joinBuffer(o: Obj, depth: number): PlanNode[] {
  guardDepth(depth);
  const kids = children(o, depth + 1);
  const target = kids.find((k) => k.table !== undefined) ?? kids[0];
  if (!target) return kids;
  const how = [str(o.buffer_type), str(o.join_type)].filter(Boolean).join(', ');
  pushUnique(target.extra, `Using join buffer${how ? ` (${how})` : ''}`);
  const details = (target.details ??= {});
  for (const [k, v] of Object.entries(o)) if (!isStructural(k) && !containsPlan(v)) putDetail(details, `join.${k}`, v);
  return kids;
}

function setOp(key: string, o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode('union');
  const used = tableFields(node, o);
  node.op = key.replace(/_result$/, '').replace(/_/g, ' ');
  measured(node, o, used);
  const specs = Array.isArray(o.query_specifications) ? o.query_specifications : [];
  for (const s of specs) if (isObject(s)) node.children.push(...children(s, depth + 1));
  node.children.push(...children(o, depth + 1));
  keepRest(node, o, used, isStructural);
  return tidy(node);
}

/** One entry of "subqueries": a query_block, maybe inside an expression_cache. */
function subquery(o: Obj, depth: number): PlanNode {
  guardDepth(depth);
  const node = planNode('subquery');
  const cache = isObject(o.expression_cache) ? o.expression_cache : undefined;
  const source = cache ?? o;
  if (cache) {
    const details: Record<string, string> = {};
    for (const [k, v] of Object.entries(cache)) if (!isStructural(k) && !containsPlan(v)) putDetail(details, `expression_cache.${k}`, v);
    if (Object.keys(details).length) node.details = details;
  }
  node.children = children(source, depth + 1);
  const first = node.children[0];
  if (first?.selectId !== undefined) node.selectId = first.selectId;
  return node;
}

export function fromMariaJson(obj: unknown): PlanNode {
  if (!isObject(obj) || !isObject(obj.query_block)) throw new PlanParseError('MariaDB JSON plan has no query_block');
  const root = queryBlock(obj.query_block, 1);
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'query_block') continue;
    // query_optimization.r_total_time_ms: planning time, kept beside the plan.
    putDetail((root.details ??= {}), k, v);
  }
  if (root.details && Object.keys(root.details).length === 0) delete root.details;
  return root;
}
