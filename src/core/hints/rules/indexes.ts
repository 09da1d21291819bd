// missing-index and duplicate-index: what an index would serve, checked against the schema
// and the plan so that an index that exists, or that the plan already uses, is never proposed.
import { arr, asColumn, conjuncts, funcArgs, funcName, isObj, objs, op, str, type Obj } from '../ast';
import type { Ctx, IndexSuggestion } from '../context';
import { evidence, nodesForTable } from '../planinfo';
import { findColumn, type IndexInfo, type TableInfo } from '../schema';
import { resolveColumn, type Scope, type TableRef } from '../scope';
import { ident, tablesOf } from './common';

const SMALL_TABLE = 200;

interface Need {
  eq: string[];
  range?: string;
  order: string[];
}

function needsOf(scope: Scope, t: TableRef, first: boolean): Need {
  const need: Need = { eq: [], order: [] };
  const add = (list: string[], c: string) => {
    if (!list.includes(c)) list.push(c);
  };
  const conds = [...conjuncts(scope.node.where), ...scope.tables.flatMap((x) => conjuncts(x.on))];
  for (const c of conds) {
    if (c.type !== 'binary_expr') continue;
    const o = op(c);
    for (const [side, other] of [
      [c.left, c.right],
      [c.right, c.left],
    ] as const) {
      const col = asColumn(side);
      if (!col) continue;
      const hit = resolveColumn(scope, col);
      if (!hit || hit.table !== t) continue;
      const ot = tablesOf(scope, other);
      if (ot.tables.has(t) || ot.unknown) continue;
      const name = col.column.toLowerCase();
      if (o === '=' || o === '<=>' || (o === 'IS' && isObj(other) && other.type === 'null')) add(need.eq, name);
      else if (o === 'IN' && side === c.left && isObj(other) && other.type === 'expr_list' && !arr(other.value).some((v) => isObj(v) && isObj(v.ast)))
        add(need.eq, name);
      else if (['<', '>', '<=', '>=', 'BETWEEN'].includes(o) && side === c.left) need.range ??= name;
      else if (['<', '>', '<=', '>='].includes(o)) need.range ??= name;
      else if (o === 'LIKE' && side === c.left && isObj(other) && /^[^%_]/.test(String(other.value ?? ''))) need.range ??= name;
      break;
    }
  }
  if (first) {
    const order = objs(scope.node.orderby);
    const dirs = new Set(order.map((o) => str(o.type)?.toUpperCase() === 'DESC'));
    const cols = order.map((o) => asColumn(o.expr));
    if (order.length && dirs.size === 1 && cols.every((c) => c && resolveColumn(scope, c)?.table === t)) {
      for (const c of cols) add(need.order, c!.column.toLowerCase());
    }
  }
  if (need.range && need.eq.includes(need.range)) delete need.range;
  return need;
}

/** Columns of the suggested index: equalities, then one range, else the ORDER BY columns. */
function suggestion(need: Need): { columns: string[]; serves: string } | undefined {
  const columns = [...need.eq];
  const serves: string[] = [];
  if (need.eq.length) serves.push(`equality on ${need.eq.join(', ')}`);
  if (need.range) {
    columns.push(need.range);
    serves.push(`range on ${need.range}`);
  } else if (need.order.length) {
    const extra = need.order.filter((c) => !columns.includes(c));
    columns.push(...extra);
    serves.push(`ORDER BY ${need.order.join(', ')} without a sort`);
  }
  return columns.length ? { columns, serves: serves.join('; ') } : undefined;
}

/** An existing index serves the need when it starts with the equality columns (any order) then the next column. */
function servedBy(info: TableInfo, columns: string[], eqCount: number): IndexInfo | undefined {
  return info.indexes.find((ix) => {
    if (ix.type === 'FULLTEXT' || ix.type === 'SPATIAL') return false;
    const names = ix.columns.map((c) => c.name);
    if (names.length < columns.length) return false;
    const eqPart = new Set(columns.slice(0, eqCount));
    if (!names.slice(0, eqCount).every((n) => eqPart.has(n))) return false;
    return columns.slice(eqCount).every((c, k) => names[eqCount + k] === c);
  });
}

export function missingIndex(ctx: Ctx, scope: Scope): void {
  const { plan, schema } = ctx.opts;
  if (!plan && !schema) return;
  scope.tables.forEach((t, k) => {
    if (!t.name || t.info?.isView) return;
    const need = needsOf(scope, t, k === 0);
    const s = suggestion(need);
    if (!s) return;
    const nodes = plan ? nodesForTable(plan, t.alias, t.name) : [];
    const node = nodes[0];
    const rows = node?.rowsEstimated ?? t.info?.rows;
    if (rows !== undefined && rows < SMALL_TABLE) return;
    if (t.info) {
      const existing = servedBy(t.info, s.columns, need.eq.length);
      if (existing) return;
    }
    const evidenceLines: string[] = [];
    if (plan) {
      if (!node) return;
      const access = (node.accessType ?? '').toUpperCase();
      const poor = access === 'ALL' || access === 'INDEX' || !node.key;
      if (!poor) {
        // The plan uses an index: propose more only if the schema shows it leaves equality columns unused.
        const used = t.info?.indexes.find((i) => i.name === node.key);
        const usedCols = node.usedKeyParts?.map((c) => c.toLowerCase()) ?? used?.columns.map((c) => c.name) ?? [];
        if (!t.info || need.eq.every((c) => usedCols.includes(c))) return;
      }
      evidenceLines.push(evidence(node));
    } else {
      // Schema only: speak up only when no index starts with any filtering column (the table is scanned).
      if (!t.info) return;
      const filterCols = [...need.eq, ...(need.range ? [need.range] : [])];
      if (!filterCols.length) return;
      if (t.info.indexes.some((ix) => filterCols.includes(ix.columns[0]?.name ?? ''))) return;
      evidenceLines.push(`schema: no index on ${t.name} starts with ${filterCols.join(' or ')}`);
    }
    const index: IndexSuggestion = { table: t.name, columns: s.columns, serves: s.serves, eqCount: need.eq.length };
    const cols = s.columns.map((c) => ident(findColumn(t.info, c)?.name ?? c));
    const ddl = createIndex(t.name, s.columns, cols);
    const range = t.range ? ctx.trim(t.range) : ctx.rangeOf(null);
    ctx.emit(
      'missing-index',
      range,
      `No index lets the server go straight to the rows of ${t.name} this query needs. An index on (${cols.join(', ')}) would ` +
        `serve ${s.serves}: equality columns first, then one range column, since an index cannot be searched past a range.`,
      { ddl, fix: ddl, evidence: evidenceLines, index },
      plan ? 'warning' : 'info',
    );
  });
}

export function createIndex(table: string, columns: string[], shown?: string[]): string {
  const name = `idx_${table}_${columns.join('_')}`.replace(/[^A-Za-z0-9_$]/g, '_').slice(0, 64);
  return `CREATE INDEX ${ident(name)} ON ${ident(table)} (${(shown ?? columns.map(ident)).join(', ')});`;
}

/** Index a is redundant with b when a's columns are a left prefix of b's (a unique index only when equal to a unique b). */
export function redundantIndexes(info: TableInfo): Array<{ index: IndexInfo; coveredBy: IndexInfo }> {
  const out: Array<{ index: IndexInfo; coveredBy: IndexInfo }> = [];
  const kind = (i: IndexInfo) => (i.type === 'FULLTEXT' || i.type === 'SPATIAL' ? i.type : 'BTREE');
  for (const a of info.indexes) {
    if (a.primary || a.columns.some((c) => c.expression)) continue;
    for (const b of info.indexes) {
      if (a === b || kind(a) !== kind(b) || b.columns.length < a.columns.length) continue;
      const prefix = a.columns.every((c, k) => b.columns[k].name === c.name && b.columns[k].subPart === c.subPart && !!b.columns[k].desc === !!c.desc);
      if (!prefix) continue;
      const same = a.columns.length === b.columns.length;
      if (a.unique && !(same && b.unique)) continue;
      // Of two identical indexes keep the primary/unique one, else the first by name.
      if (same && !b.primary && !(b.unique && !a.unique) && a.name < b.name) continue;
      out.push({ index: a, coveredBy: b });
      break;
    }
  }
  return out;
}

export function describeIndex(i: IndexInfo): string {
  return `${i.name} (${i.columns.map((c) => c.name + (c.subPart ? `(${c.subPart})` : '')).join(', ')})`;
}

/** CREATE INDEX in a script: the columns it would index, or undefined. */
export function createIndexOf(ast: Obj | null): { table: string; name: string; columns: string[] } | undefined {
  if (!ast || ast.type !== 'create' || String(ast.keyword).toLowerCase() !== 'index') return undefined;
  const table = isObj(ast.table) ? str(ast.table.table) : Array.isArray(ast.table) && isObj(ast.table[0]) ? str(ast.table[0].table) : undefined;
  const name = str(ast.index) ?? (isObj(ast.index) ? str(ast.index.name) : undefined);
  const columns: string[] = [];
  for (const c of arr(ast.index_columns)) {
    const col = asColumn(c);
    if (col) {
      columns.push(col.column.toLowerCase());
      continue;
    }
    // `b(10)` parses as a function call: a prefix index part.
    const fn = funcName(c);
    if (fn && isObj(c) && funcArgs(c).length === 1) {
      columns.push(fn.toLowerCase());
      continue;
    }
    return undefined;
  }
  return table && name && columns.length ? { table, name, columns } : undefined;
}
