import { planNode, type PlanNode } from './model';
import { tooDeep, MAX_PLAN_DEPTH } from './errors';
import { accessOp, isObject, num, pushUnique, putDetail, str, strList } from './values';

// Pieces shared by the MySQL v1 and MariaDB JSON readers (their "table" objects agree a lot).

export type Obj = Record<string, unknown>;

export function guardDepth(depth: number): void {
  if (depth > MAX_PLAN_DEPTH) throw tooDeep();
}

/** Fills the fields both servers name the same way; returns the keys it used. */
export function tableFields(node: PlanNode, o: Obj): Set<string> {
  const used = new Set<string>();
  const take = (k: string): unknown => {
    used.add(k);
    return o[k];
  };
  const table = str(take('table_name'));
  if (table) node.table = table;
  const access = str(take('access_type'));
  if (access) {
    node.accessType = access;
    node.op = accessOp(access);
  } else if (table) node.op = 'table';
  const possible = strList(take('possible_keys'));
  if (possible) node.possibleKeys = possible;
  const key = str(take('key'));
  if (key) node.key = key;
  const keyLen = str(take('key_length'));
  if (keyLen) node.keyLen = keyLen;
  const parts = strList(take('used_key_parts'));
  if (parts) node.usedKeyParts = parts;
  const ref = take('ref');
  const refs = Array.isArray(ref) ? strList(ref) : str(ref) ? [str(ref) as string] : undefined;
  if (refs) node.ref = refs.join(',');
  const filtered = num(take('filtered'));
  if (filtered !== undefined) node.filtered = filtered;
  const cond = str(take('attached_condition'));
  if (cond) {
    node.condition = cond;
    pushUnique(node.extra, 'Using where');
  }
  const idx = str(take('index_condition'));
  if (idx) {
    pushUnique(node.extra, 'Using index condition');
    (node.details ??= {}).index_condition = idx;
  }
  if (take('using_index') === true) pushUnique(node.extra, 'Using index');
  if (take('using_MRR') === true) pushUnique(node.extra, 'Using MRR');
  if (take('using_temporary_table') === true) pushUnique(node.extra, 'Using temporary');
  if (take('using_filesort') === true) pushUnique(node.extra, 'Using filesort');
  const message = str(take('message'));
  if (message) {
    pushUnique(node.extra, message);
    if (!table) node.op = message;
  }
  return used;
}

/** Keeps every field nobody modelled, verbatim (objects flattened as a.b). */
export function keepRest(node: PlanNode, o: Obj, used: Set<string>, structural: (k: string) => boolean): void {
  for (const [k, v] of Object.entries(o)) {
    if (used.has(k) || structural(k)) continue;
    if (isObject(v) || Array.isArray(v)) {
      if (containsPlan(v)) continue;
    }
    const details = (node.details ??= {});
    putDetail(details, k, v);
    if (Object.keys(details).length === 0) delete node.details;
  }
}

const PLAN_KEYS = new Set(['query_block', 'table', 'nested_loop', 'operation', 'inputs', 'query_specifications']);
const planInside = new WeakMap<object, boolean>();

/**
 * True when an unknown value holds plan pieces at any depth (handled as children, not as
 * details): wrappers the readers do not know must not hide the tables inside them.
 */
export function containsPlan(v: unknown, depth = 0): boolean {
  if (typeof v !== 'object' || v === null || depth > MAX_PLAN_DEPTH) return false;
  const known = planInside.get(v);
  if (known !== undefined) return known;
  let found = false;
  if (Array.isArray(v)) found = v.some((x) => containsPlan(x, depth + 1));
  else {
    for (const [k, x] of Object.entries(v)) {
      if ((PLAN_KEYS.has(k) && typeof x === 'object' && x !== null) || containsPlan(x, depth + 1)) {
        found = true;
        break;
      }
    }
  }
  planInside.set(v, found);
  return found;
}

/** Drops undefined fields so deepEqual and `in` checks behave. */
export function tidy(node: PlanNode): PlanNode {
  for (const k of Object.keys(node) as Array<keyof PlanNode>) if (node[k] === undefined) delete node[k];
  return node;
}

/** A `nested_loop` array: its members' nodes, under one "nested loop" node when there are several. */
export function nestedLoopOf(items: unknown[], depth: number, childrenOf: (o: Record<string, unknown>, depth: number) => PlanNode[]): PlanNode[] {
  const kids: PlanNode[] = [];
  for (const item of items) if (isObject(item)) kids.push(...childrenOf(item, depth + 1));
  if (kids.length <= 1) return kids;
  return [planNode('nested loop', { children: kids })];
}
