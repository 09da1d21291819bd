// Loose accessors over node-sql-parser's AST: its typings are incomplete and differ between
// builds, so every field is checked before use.
import type { Range } from './types';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objs = (v: unknown): Obj[] => arr(v).filter(isObj);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Statement-relative range of a node, when the parser recorded one. */
export function locOf(n: unknown): Range | undefined {
  if (!isObj(n) || !isObj(n.loc)) return undefined;
  const s = n.loc.start,
    e = n.loc.end;
  if (!isObj(s) || !isObj(e) || typeof s.offset !== 'number' || typeof e.offset !== 'number') return undefined;
  return { start: s.offset, end: e.offset };
}

export function typeOf(n: unknown): string | undefined {
  return isObj(n) ? str(n.type) : undefined;
}

/** Upper-case name of a function or aggregate call. */
export function funcName(n: unknown): string | undefined {
  if (!isObj(n)) return undefined;
  if (n.type === 'aggr_func') return str(n.name)?.toUpperCase();
  if (n.type !== 'function') return undefined;
  if (typeof n.name === 'string') return n.name.toUpperCase();
  if (isObj(n.name)) {
    const parts = objs(n.name.name).map((p) => str(p.value) ?? '');
    return parts.join('.').toUpperCase();
  }
  return undefined;
}

/** Arguments of a function call (not of an aggregate). */
export function funcArgs(n: Obj): unknown[] {
  if (isObj(n.args)) {
    if (n.type === 'aggr_func') return n.args.expr !== undefined ? [n.args.expr] : [];
    return arr(n.args.value);
  }
  return [];
}

export interface ColumnRef {
  node: Obj;
  table?: string;
  column: string;
}

export function asColumn(n: unknown): ColumnRef | undefined {
  if (!isObj(n) || n.type !== 'column_ref') return undefined;
  let column = str(n.column);
  if (!column && isObj(n.column) && isObj(n.column.expr)) column = str(n.column.expr.value);
  if (!column || column === '*') return undefined;
  const table = str(n.table) ?? undefined;
  return table ? { node: n, table, column } : { node: n, column };
}

export function isStar(n: unknown): boolean {
  return isObj(n) && n.type === 'column_ref' && (n.column === '*' || (isObj(n.column) && isObj(n.column.expr) && n.column.expr.value === '*'));
}

/** Splits a condition on AND. */
export function conjuncts(n: unknown): Obj[] {
  if (!isObj(n)) return [];
  if (n.type === 'binary_expr' && str(n.operator)?.toUpperCase() === 'AND') return [...conjuncts(n.left), ...conjuncts(n.right)];
  return [n];
}

export function disjuncts(n: unknown): Obj[] {
  if (!isObj(n)) return [];
  if (n.type === 'binary_expr' && (str(n.operator)?.toUpperCase() === 'OR' || n.operator === '||')) return [...disjuncts(n.left), ...disjuncts(n.right)];
  return [n];
}

export const op = (n: Obj): string => (str(n.operator) ?? '').toUpperCase();

/** A subquery AST wrapped by the parser ({ast: select}) or the select itself. */
export function subqueryOf(n: unknown): Obj | undefined {
  if (!isObj(n)) return undefined;
  if (isObj(n.ast) && n.ast.type === 'select') return n.ast;
  if (n.type === 'select') return n;
  if (n.type === 'expr_list') {
    const vals = arr(n.value);
    if (vals.length === 1) return subqueryOf(vals[0]);
  }
  return undefined;
}

/** Visits every node below `n` (depth first), not descending into subqueries unless asked. */
export function walk(n: unknown, visit: (node: Obj) => void, intoSubqueries = false): void {
  if (Array.isArray(n)) {
    for (const x of n) walk(x, visit, intoSubqueries);
    return;
  }
  if (!isObj(n)) return;
  if (!intoSubqueries && (n.type === 'select' || isObj(n.ast))) return;
  visit(n);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'loc' || v === null || typeof v !== 'object') continue;
    walk(v, visit, intoSubqueries);
  }
}

export function columnsIn(n: unknown, intoSubqueries = false): ColumnRef[] {
  const out: ColumnRef[] = [];
  const visitTop = (x: Obj) => {
    const c = asColumn(x);
    if (c) out.push(c);
  };
  if (isObj(n) && (n.type === 'select' || isObj(n.ast)) && !intoSubqueries) return out;
  walk(n, visitTop, intoSubqueries);
  return out;
}

const AGGREGATES = new Set([
  'COUNT',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'GROUP_CONCAT',
  'JSON_ARRAYAGG',
  'JSON_OBJECTAGG',
  'BIT_AND',
  'BIT_OR',
  'BIT_XOR',
  'STD',
  'STDDEV',
  'STDDEV_POP',
  'STDDEV_SAMP',
  'VAR_POP',
  'VAR_SAMP',
  'VARIANCE',
]);

export function hasAggregate(n: unknown): boolean {
  let found = false;
  walk(n, (x) => {
    if (x.type === 'aggr_func' || (x.type === 'function' && AGGREGATES.has(funcName(x) ?? ''))) found = true;
  });
  return found;
}

export function isLiteral(n: unknown): boolean {
  const t = typeOf(n);
  return (
    t === 'number' ||
    t === 'single_quote_string' ||
    t === 'double_quote_string' ||
    t === 'string' ||
    t === 'bool' ||
    t === 'null' ||
    t === 'hex_string' ||
    t === 'bit_string' ||
    t === 'date' ||
    t === 'datetime' ||
    t === 'timestamp' ||
    t === 'param' ||
    t === 'var'
  );
}

export function isStringLiteral(n: unknown): boolean {
  const t = typeOf(n);
  return t === 'single_quote_string' || t === 'double_quote_string' || t === 'string';
}
