// Which tables a SELECT (or UPDATE/DELETE) reads, and which table a column belongs to.
import { arr, funcName, isObj, locOf, objs, op, str, subqueryOf, type ColumnRef, type Obj } from './ast';
import { findColumn, findTable, type SchemaInfo, type TableInfo } from './schema';
import type { Range } from './types';

export interface TableRef {
  /** Real table name; undefined for a derived table or table function. */
  name?: string;
  /** The name columns use to qualify it: the alias, else the table name. */
  alias: string;
  item: Obj;
  index: number;
  /** INNER JOIN, LEFT JOIN, CROSS JOIN, ... (undefined for the first table and comma joins). */
  join?: string;
  on?: Obj;
  using?: string[];
  range?: Range;
  info?: TableInfo;
}

export type SelectRole = 'top' | 'union' | 'exists' | 'in' | 'subquery' | 'derived' | 'cte';

export interface Scope {
  node: Obj;
  /** 'select', 'update' or 'delete'. */
  kind: string;
  role: SelectRole;
  tables: TableRef[];
  parent?: Scope;
  /** The IN/NOT IN expression whose right side this subquery is. */
  inExpr?: Obj;
}

function tableRefs(items: unknown, schema: SchemaInfo | undefined): TableRef[] {
  return objs(items).map((item, index) => {
    const name = str(item.table);
    const alias = str(item.as) ?? name ?? `#${index}`;
    const ref: TableRef = { alias, item, index };
    if (name && !isObj(item.expr)) {
      ref.name = name;
      const info = schema && (!str(item.db) || str(item.db)?.toLowerCase() === schema.database.toLowerCase()) ? findTable(schema, name) : undefined;
      if (info) ref.info = info;
    }
    const join = str(item.join);
    if (join) ref.join = join.toUpperCase();
    if (isObj(item.on)) ref.on = item.on;
    const using = arr(item.using)
      .map((u) => (typeof u === 'string' ? u : isObj(u) ? (str(u.value) ?? str(u.column)) : undefined))
      .filter((u): u is string => !!u);
    if (using.length) ref.using = using;
    const r = locOf(item);
    if (r) ref.range = r;
    return ref;
  });
}

/** Every SELECT/UPDATE/DELETE block in a statement, outermost first, with its role. */
export function collectScopes(ast: Obj, schema: SchemaInfo | undefined): Scope[] {
  const out: Scope[] = [];
  const visitBlock = (node: Obj, role: SelectRole, parent: Scope | undefined, inExpr?: Obj) => {
    const kind = str(node.type) ?? 'select';
    const items = kind === 'update' ? node.table : node.from;
    const scope: Scope = { node, kind, role, tables: tableRefs(items, schema) };
    if (parent) scope.parent = parent;
    if (inExpr) scope.inExpr = inExpr;
    out.push(scope);
    for (const cte of objs(node.with)) {
      const q = subqueryOf(cte.stmt);
      if (q) visitBlock(q, 'cte', scope);
    }
    for (const t of scope.tables) {
      const q = isObj(t.item.expr) ? subqueryOf(t.item.expr) : undefined;
      if (q) visitBlock(q, 'derived', scope);
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === '_next' || k === 'with' || k === 'loc' || k === 'from' || k === 'table') continue;
      visitExpr(v, scope);
    }
    // ON conditions live on the from items.
    for (const t of scope.tables) visitExpr(t.on, scope);
    if (isObj(node._next)) visitBlock(node._next, 'union', parent);
  };
  const visitExpr = (n: unknown, scope: Scope): void => {
    if (Array.isArray(n)) {
      for (const x of n) visitExpr(x, scope);
      return;
    }
    if (!isObj(n)) return;
    if (n.type === 'binary_expr' && (op(n) === 'IN' || op(n) === 'NOT IN')) {
      const q = subqueryOf(n.right);
      if (q) {
        visitExpr(n.left, scope);
        visitBlock(q, 'in', scope, n);
        return;
      }
    }
    if (n.type === 'function' && funcName(n) === 'EXISTS') {
      const q = subqueryOf(isObj(n.args) ? n.args : undefined);
      if (q) {
        visitBlock(q, 'exists', scope);
        return;
      }
    }
    const q = isObj(n.ast) && n.ast.type === 'select' ? n.ast : n.type === 'select' ? n : undefined;
    if (q) {
      visitBlock(q, 'subquery', scope);
      return;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && v && typeof v === 'object') visitExpr(v, scope);
  };
  const t = str(ast.type);
  if (t === 'select' || t === 'update' || t === 'delete') visitBlock(ast, 'top', undefined);
  else if (t === 'insert' || t === 'replace') {
    // INSERT ... SELECT: the select is in `values` or `select` depending on the build.
    const q = subqueryOf(ast.select) ?? (isObj(ast.values) ? subqueryOf(ast.values) : undefined);
    if (q) visitBlock(q, 'top', undefined);
  }
  return out;
}

/** The table a column belongs to, when the query or the schema says so. */
export function resolveColumn(scope: Scope, col: ColumnRef): { scope: Scope; table: TableRef } | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    if (col.table) {
      const t = col.table.toLowerCase();
      const hit = s.tables.find((r) => r.alias.toLowerCase() === t) ?? s.tables.find((r) => r.name?.toLowerCase() === t && !str(r.item.as));
      if (hit) return { scope: s, table: hit };
      continue;
    }
    const real = s.tables.filter((r) => r.name || isObj(r.item.expr));
    if (real.length === 1 && s === scope && !real[0].info) return { scope: s, table: real[0] };
    const withCol = real.filter((r) => r.info && findColumn(r.info, col.column));
    if (withCol.length === 1) return { scope: s, table: withCol[0] };
    if (real.length === 1 && s === scope) return { scope: s, table: real[0] };
    if (withCol.length > 1) return undefined;
  }
  return undefined;
}

export function columnInfo(scope: Scope, col: ColumnRef) {
  const hit = resolveColumn(scope, col);
  return hit ? { ...hit, column: findColumn(hit.table.info, col.column) } : undefined;
}
