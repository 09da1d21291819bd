import { asColumn, columnsIn, conjuncts, isObj, objs, op, str, type ColumnRef, type Obj } from '../ast';
import type { Ctx } from '../context';
import { nodesForTable, evidence, isFullRead } from '../planinfo';
import { findColumn, type ColumnInfo } from '../schema';
import { resolveColumn, type Scope, type TableRef } from '../scope';
import type { Range } from '../types';

export const COMPARISONS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '<=>', 'LIKE', 'NOT LIKE', 'IN', 'NOT IN', 'BETWEEN', 'NOT BETWEEN']);

/** Conditions of a block: WHERE plus every ON, as (condition, where it came from) pairs. */
export function conditionsOf(scope: Scope): Array<{ cond: Obj; from: 'where' | TableRef }> {
  const out: Array<{ cond: Obj; from: 'where' | TableRef }> = [];
  if (isObj(scope.node.where)) out.push({ cond: scope.node.where, from: 'where' });
  for (const t of scope.tables) if (t.on) out.push({ cond: t.on, from: t });
  return out;
}

/** Comparison nodes in a condition, not inside subqueries. */
export function comparisons(cond: unknown): Obj[] {
  const out: Obj[] = [];
  const visit = (n: unknown) => {
    if (!isObj(n) || n.type === 'select' || isObj(n.ast)) return;
    if (n.type === 'binary_expr') {
      const o = op(n);
      if (COMPARISONS.has(o)) {
        out.push(n);
      }
      if (o === 'AND' || o === 'OR' || o === 'XOR' || o === '&&' || o === '||') {
        visit(n.left);
        visit(n.right);
        return;
      }
      return;
    }
    if (n.type === 'unary_expr') visit(n.expr);
  };
  visit(cond);
  return out;
}

/** SQL text of a node: its source when located, else a rendering of a literal. */
export function exprText(ctx: Ctx, n: unknown): string | undefined {
  const src = ctx.source(n);
  if (src !== undefined) return src;
  if (!isObj(n)) return undefined;
  switch (n.type) {
    case 'number':
      return String(n.value);
    // The parser keeps string contents raw (escapes as written), so they go back verbatim.
    case 'single_quote_string':
    case 'string':
      return `'${String(n.value)}'`;
    case 'double_quote_string':
      return `"${String(n.value)}"`;
    case 'bool':
      return n.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'param':
      return `:${String(n.value)}`;
    case 'origin':
      return str(n.value);
    case 'column_ref': {
      const c = asColumn(n);
      return c ? (c.table ? `${c.table}.${c.column}` : c.column) : undefined;
    }
    default:
      return undefined;
  }
}

/** Range of the literal that follows `after` inside `within` (literals carry no location). */
export function literalRangeAfter(ctx: Ctx, after: number, within: Range): Range | undefined {
  const t = ctx.tokens.find((x) => x.start >= after && x.end <= within.end && (x.kind === 'number' || x.kind === 'string'));
  return t ? { start: t.start, end: t.end } : undefined;
}

/** A column of `scope` (possibly qualified) with the table it resolves to. */
export function bare(scope: Scope, n: unknown): { col: ColumnRef; table?: TableRef } | undefined {
  const col = asColumn(n);
  if (!col) return undefined;
  const hit = resolveColumn(scope, col);
  return hit && hit.scope === scope ? { col, table: hit.table } : { col };
}

/** Tables (of this block) a subtree refers to; `unknown` counts unresolved columns. */
export function tablesOf(scope: Scope, n: unknown): { tables: Set<TableRef>; unknown: number; outer: number } {
  const tables = new Set<TableRef>();
  let unknown = 0,
    outer = 0;
  for (const c of columnsIn(n)) {
    const hit = resolveColumn(scope, c);
    if (!hit) unknown++;
    else if (hit.scope !== scope) outer++;
    else tables.add(hit.table);
  }
  return { tables, unknown, outer };
}

export function whereConjuncts(scope: Scope): Obj[] {
  return conjuncts(scope.node.where);
}

/** Plan evidence that a table (or a whole index of it) is read in full. */
export function scanEvidence(ctx: Ctx, table: TableRef | undefined): string[] {
  if (!table || !ctx.opts.plan) return [];
  return nodesForTable(ctx.opts.plan, table.alias, table.name).filter(isFullRead).map(evidence);
}

/** Quote an identifier when it needs it. */
export function ident(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name.toUpperCase()) ? name : `\`${name.replace(/`/g, '``')}\``;
}
const RESERVED = new Set([
  'ORDER',
  'GROUP',
  'KEY',
  'INDEX',
  'SELECT',
  'FROM',
  'WHERE',
  'TABLE',
  'RANGE',
  'RANK',
  'ROWS',
  'LIMIT',
  'DESC',
  'ASC',
  'BY',
  'IN',
  'IS',
  'NOT',
  'AND',
  'OR',
  'INTERVAL',
  'DATABASE',
  'SCHEMA',
  'CONDITION',
  'USAGE',
  'READ',
  'WRITE',
  'USE',
  'CHECK',
  'DEFAULT',
  'DIV',
  'MOD',
  'CHANGE',
  'COLUMN',
]);

/** Merges non-overlapping edits of the statement into one replacement. */
export function combineEdits(text: string, edits: Array<Range & { text: string }>): Range & { text: string } {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const start = sorted[0].start,
    end = sorted[sorted.length - 1].end;
  let out = '',
    pos = start;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return { start, end, text: out + text.slice(pos, end) };
}

/** Select-list aliases (names a HAVING or ORDER BY may use that WHERE may not). */
export function selectAliases(scope: Scope): Set<string> {
  const out = new Set<string>();
  for (const c of objs(scope.node.columns)) {
    const as = str(c.as) ?? (isObj(c.as) ? str(c.as.value) : undefined);
    if (as) out.add(as.toLowerCase());
  }
  return out;
}

export function quoteWord(s: string): string {
  return `\`${s}\``;
}

/** A column of this block, with its table and schema facts when known. */
export function resolved(scope: Scope, col: ColumnRef): { table?: TableRef; info?: ColumnInfo } {
  const hit = resolveColumn(scope, col);
  if (!hit || hit.scope !== scope) return {};
  const info = findColumn(hit.table.info, col.column);
  return info ? { table: hit.table, info } : { table: hit.table };
}
