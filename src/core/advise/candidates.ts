// Index candidates from the statement: per table the hint engine resolves, equality columns
// first, then one range column, then GROUP BY / ORDER BY columns, then the other columns the
// block reads (covering). Merged per table; an index that exists (or is a left prefix of one)
// is never proposed, and the existing indexes a candidate would make redundant are named.
import { arr, asColumn, columnsIn, conjuncts, isObj, objs, op, str, subqueryOf, walk, type Obj } from '../hints/ast';
import { parseStatement } from '../hints/parse';
import { findColumn, type IndexInfo, type SchemaInfo, type TableInfo } from '../hints/schema';
import { collectScopes, resolveColumn, type Scope, type TableRef } from '../hints/scope';
import { createIndex } from '../hints/rules/indexes';
import { ident } from '../hints/rules/common';

export interface Candidate {
  table: string;
  columns: string[];
  ddl: string;
  /** The index name in the DDL (used to see whether the optimizer picked it). */
  name: string;
  /** What each part serves: "equality on a; range on b; covering c". */
  serves: string;
  /** Existing indexes this one makes redundant (a left prefix of it, not unique). */
  makesRedundant: string[];
}

/** Below this many rows a table is read whole faster than through an index. */
export const SMALL_TABLE = 200;
/** A covering index wider than this is not proposed; the key parts alone are. */
const MAX_COVERING = 5;

interface Need {
  eq: string[];
  range?: string;
  order: string[];
  used: string[];
}

const hasSubquery = (n: unknown): boolean => {
  let found = false;
  walk(
    n,
    (x) => {
      if (subqueryOf(x) || x.type === 'select') found = true;
    },
    true,
  );
  return found || (isObj(n) && isObj(n.ast));
};

/** SELECT * reads every column: no covering index is suggested for it. */
const readsStar = (scope: Scope) => objs(scope.node.columns).some((c) => isObj(c.expr) && c.expr.type === 'column_ref' && c.expr.column === '*');

/** Every column of t this block reads, inner blocks' correlated reads included: what a covering index holds. */
function coveredColumns(scope: Scope, t: TableRef, mine: (n: unknown) => string[], add: (c: string) => void): void {
  const parts: unknown[] = [scope.node.columns, scope.node.where, scope.node.groupby, scope.node.having, scope.node.orderby, ...scope.tables.map((x) => x.on)];
  for (const p of parts) for (const c of mine(p)) add(c);
  if (!scope.node.where || !arr([scope.node.where]).length) return;
  walk(
    scope.node.where,
    (x) => {
      const q = subqueryOf(x) ?? (isObj(x.ast) ? x.ast : undefined);
      if (!q) return;
      for (const c of columnsIn(q, true)) if (resolveColumn(scope, c)?.table === t) add(c.column.toLowerCase());
    },
    false,
  );
}

function needsOf(scope: Scope, t: TableRef): Need {
  const need: Need = { eq: [], order: [], used: [] };
  // A name the table does not have (a select alias such as ORDER BY total) is no column of it.
  const known = (c: string) => !t.info || Object.keys(t.info.columns).length === 0 || !!findColumn(t.info, c);
  const add = (list: string[], c: string) => {
    if (!list.includes(c) && known(c)) list.push(c);
  };
  const mine = (n: unknown) =>
    columnsIn(n)
      .filter((c) => resolveColumn(scope, c)?.table === t)
      .map((c) => c.column.toLowerCase());
  const conds = [...conjuncts(scope.node.where), ...scope.tables.flatMap((x) => conjuncts(x.on))];
  for (const c of conds) {
    if (c.type !== 'binary_expr') continue;
    const o = op(c);
    for (const [side, other] of [
      [c.left, c.right],
      [c.right, c.left],
    ] as const) {
      const col = asColumn(side);
      if (!col || resolveColumn(scope, col)?.table !== t) continue;
      // Compared with a subquery: a correlated one is evaluated per row, so no lookup by it.
      if (hasSubquery(other)) break;
      if (mine(other).length) break;
      // A join to a table of the same block: the first table drives the join, the others are looked up.
      if (t.index === 0 && columnsIn(other).some((x) => resolveColumn(scope, x)?.scope === scope)) break;
      const name = col.column.toLowerCase();
      if (o === '=' || o === '<=>' || (o === 'IS' && isObj(other) && other.type === 'null')) add(need.eq, name);
      else if (o === 'IN' && isObj(other) && other.type === 'expr_list') add(need.eq, name);
      else if (['<', '>', '<=', '>=', 'BETWEEN'].includes(o)) need.range ??= name;
      else if (o === 'LIKE' && isObj(other) && /^[^%_]/.test(String(other.value ?? ''))) need.range ??= name;
      break;
    }
  }
  if (need.range && need.eq.includes(need.range)) delete need.range;
  const group = objs(isObj(scope.node.groupby) ? scope.node.groupby.columns : scope.node.groupby);
  const order = objs(scope.node.orderby);
  const keyed = group.length ? group : order.map((o) => o.expr);
  const cols = keyed.map((e) => asColumn(e));
  if (cols.length && cols.every((c) => c && resolveColumn(scope, c)?.table === t)) for (const c of cols) add(need.order, c!.column.toLowerCase());
  if (!readsStar(scope)) coveredColumns(scope, t, mine, (c) => add(need.used, c));
  return need;
}

function build(need: Need, info: TableInfo | undefined): { columns: string[]; keyLength: number; serves: string[]; filters: boolean } | undefined {
  // Equality on every column of a unique key (a join by primary key): one row per lookup
  // already, so those columns gain nothing; only the table's own filters may (as a driver).
  const unique = info?.indexes.find(
    (ix) => (ix.unique || ix.primary) && ix.columns.length && ix.columns.every((c) => !c.expression && need.eq.includes(c.name.toLowerCase())),
  );
  if (unique) {
    const keyCols = new Set(unique.columns.map((c) => c.name.toLowerCase()));
    need = { ...need, eq: need.eq.filter((c) => !keyCols.has(c)) };
    if (!need.eq.length && !need.range) return undefined;
  }
  const columns = [...need.eq];
  const serves: string[] = [];
  if (need.eq.length) serves.push(`equality on ${need.eq.join(', ')}`);
  if (need.range) {
    columns.push(need.range);
    serves.push(`range on ${need.range}`);
  }
  const filters = columns.length > 0;
  if (!need.range && need.order.length) {
    const extra = need.order.filter((c) => !columns.includes(c));
    columns.push(...extra);
    if (extra.length) serves.push(`GROUP BY / ORDER BY ${need.order.join(', ')} in index order`);
  }
  if (!columns.length) return undefined;
  const keyLength = columns.length;
  // InnoDB secondary indexes carry the primary key already.
  const pk = new Set(info?.indexes.find((i) => i.primary)?.columns.map((c) => c.name) ?? []);
  const rest = need.used.filter((c) => !columns.includes(c) && !pk.has(c));
  if (rest.length && columns.length + rest.length <= MAX_COVERING) {
    columns.push(...rest);
    serves.push(`covering ${rest.join(', ')}`);
  }
  return { columns, keyLength, serves, filters };
}

const btree = (ix: IndexInfo) => ix.type !== 'FULLTEXT' && ix.type !== 'SPATIAL' && !ix.columns.some((c) => c.expression || c.subPart);

/**
 * Does an existing index already serve it: one that starts with these columns, or starts with
 * its key columns and holds its covering ones too (the candidate adds nothing)?
 */
function existing(info: TableInfo | undefined, columns: string[], keyLength = columns.length): IndexInfo | undefined {
  const pk = info?.indexes.find((i) => i.primary)?.columns.map((c) => c.name) ?? [];
  return info?.indexes.find((ix) => {
    if (!(btree(ix) || ix.primary)) return false;
    if (columns.every((c, k) => ix.columns[k]?.name === c)) return true;
    const has = new Set([...ix.columns.map((c) => c.name), ...pk]);
    return columns.slice(0, keyLength).every((c, k) => ix.columns[k]?.name === c) && columns.slice(keyLength).every((c) => has.has(c));
  });
}

function redundant(info: TableInfo | undefined, columns: string[]): string[] {
  return (info?.indexes ?? [])
    .filter((ix) => btree(ix) && !ix.unique && !ix.primary && ix.columns.length < columns.length && ix.columns.every((c, k) => c.name === columns[k]))
    .map((ix) => ix.name);
}

/** Candidates for one statement; [] when it does not parse or reads no known table. */
export function indexCandidates(sql: string, schema: SchemaInfo | undefined, dialect: 'mysql' | 'mariadb' = 'mariadb'): Candidate[] {
  const { ast } = parseStatement(sql, dialect);
  if (!ast) return [];
  return candidatesOf(ast, schema);
}

export function candidatesOf(ast: Obj, schema: SchemaInfo | undefined): Candidate[] {
  const perTable = new Map<string, Array<{ columns: string[]; keyLength: number; serves: string[] }>>();
  for (const scope of collectScopes(ast, schema)) {
    for (const t of scope.tables) {
      if (!t.name || t.info?.isView || str(t.item.db)) continue;
      if (t.info?.rows !== undefined && t.info.rows < SMALL_TABLE) continue;
      const b = build(needsOf(scope, t), t.info);
      if (!b) continue;
      // The first table of a block without a filter is scanned whatever the index: skip it
      // unless the index serves its ORDER BY / GROUP BY.
      if (!b.filters && !(scope.tables.length === 1 || t.index === 0)) continue;
      const key = t.name.toLowerCase();
      const list = perTable.get(key) ?? [];
      list.push(b);
      perTable.set(key, list);
    }
  }
  const out: Candidate[] = [];
  for (const [key, list] of perTable) {
    const info = schema?.tables[key];
    const table = info?.name ?? key;
    // Merge: a candidate that is a left prefix of another one on the same table goes.
    const kept = list.filter(
      (a, i) =>
        !list.some(
          (b, j) =>
            j !== i && b.columns.length >= a.columns.length && a.columns.every((c, k) => b.columns[k] === c) && (b.columns.length > a.columns.length || j < i),
        ),
    );
    for (const k of kept) {
      if (existing(info, k.columns, k.keyLength)) continue;
      const shown = k.columns.map((c) => ident(findColumn(info, c)?.name ?? c));
      const ddl = createIndex(table, k.columns, shown);
      const name = /^CREATE INDEX `?([^` ]+)`?/.exec(ddl)?.[1] ?? '';
      out.push({ table, columns: k.columns, ddl, name, serves: k.serves.join('; '), makesRedundant: redundant(info, k.columns) });
    }
  }
  return out;
}
