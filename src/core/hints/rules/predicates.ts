// Rules about WHERE / ON conditions: whether an index can serve them.
import {
  arr,
  asColumn,
  columnsIn,
  conjuncts,
  disjuncts,
  funcArgs,
  funcName,
  isObj,
  isStringLiteral,
  locOf,
  objs,
  op,
  str,
  type ColumnRef,
  type Obj,
} from '../ast';
import type { Ctx } from '../context';
import { nodesForTable } from '../planinfo';
import { indexesLeadingWith, isIndexed, isNumericType, isStringType, type ColumnInfo } from '../schema';
import { resolveColumn, type Scope, type TableRef } from '../scope';
import { comparisons, conditionsOf, exprText, literalRangeAfter, resolved, scanEvidence, tablesOf } from './common';
import { subqueryRules } from './subqueries';

const ARITH = new Set(['+', '-', '*', '/', 'DIV', '%', 'MOD', '||', '|', '&', '^', '<<', '>>']);

export function likeLeadingWildcard(ctx: Ctx, scope: Scope): void {
  for (const { cond } of conditionsOf(scope)) {
    for (const c of comparisons(cond)) {
      const o = op(c);
      if (o !== 'LIKE' && o !== 'NOT LIKE') continue;
      const col = asColumn(c.left);
      if (!col) continue;
      const pattern = leadingPattern(c.right);
      if (pattern === undefined || !/^[%_]/.test(pattern)) continue;
      const { table } = resolved(scope, col);
      const indexed = table?.info ? isIndexed(table.info, col.column) : undefined;
      const ev = scanEvidence(ctx, table);
      ctx.emit(
        'like-leading-wildcard',
        ctx.rangeOf(c),
        `A B-tree index is sorted from the first character, so a pattern that starts with ${pattern[0]} cannot seek into the index on ` +
          `${col.column}: every row (or every index entry) is read and matched.`,
        {
          fix: "Anchor the pattern at the start (LIKE 'abc%'), search a FULLTEXT index with MATCH ... AGAINST, or index a reversed copy of the column for suffix searches.",
          ...(ev.length ? { evidence: ev } : {}),
        },
        indexed === false && !ev.length ? 'info' : 'warning',
      );
    }
  }
}

function leadingPattern(n: unknown): string | undefined {
  if (isStringLiteral(n)) return String((n as Obj).value);
  if (funcName(n) === 'CONCAT') return leadingPattern(funcArgs(n as Obj)[0]);
  return undefined;
}

const DATE_FUNCS = new Set(['YEAR', 'DATE']);

/** The column inside YEAR(col) / DATE(col), when that is all the side is. */
function dateWrapped(n: unknown): { fn: string; col: ColumnRef } | undefined {
  const fn = funcName(n);
  if (!fn || !DATE_FUNCS.has(fn)) return undefined;
  const args = funcArgs(n as Obj);
  const col = args.length === 1 ? asColumn(args[0]) : undefined;
  return col ? { fn, col } : undefined;
}

/** A side that wraps one or more columns in a function, CAST or arithmetic. */
function wrapped(n: unknown): ColumnRef[] | undefined {
  if (!isObj(n) || asColumn(n)) return undefined;
  const isWrap = n.type === 'function' || n.type === 'cast' || (n.type === 'binary_expr' && ARITH.has(op(n)));
  if (!isWrap) return undefined;
  const name = funcName(n);
  if (name && /^(COALESCE|IFNULL)$/.test(name)) return columnsIn(n);
  const cols = columnsIn(n);
  return cols.length ? cols : undefined;
}

export function sargability(ctx: Ctx, scope: Scope): void {
  for (const { cond } of conditionsOf(scope)) {
    for (const c of comparisons(cond)) {
      const o = op(c);
      if (o === 'LIKE' || o === 'NOT LIKE') continue;
      for (const [side, other] of [
        [c.left, c.right],
        [c.right, c.left],
      ] as const) {
        const cols = wrapped(side);
        if (!cols) continue;
        // The other side must be computable before the row is read: constants or other tables.
        const { tables: otherTables, unknown } = tablesOf(scope, other);
        const mine = new Set(cols.map((col) => resolved(scope, col).table).filter(Boolean));
        if ([...mine].some((t) => otherTables.has(t!)) || (unknown && !mine.size)) continue;
        const date = dateWrapped(side);
        if (date && side === c.left) {
          if (nonSargableDate(ctx, scope, c, date)) break;
        }
        functionOnColumn(ctx, scope, c, side as Obj, cols, other);
        break;
      }
    }
  }
}

function nonSargableDate(ctx: Ctx, scope: Scope, c: Obj, d: { fn: string; col: ColumnRef }): boolean {
  const o = op(c);
  const colText = ctx.source(d.col.node) ?? d.col.column;
  let rewrite: string | undefined;
  if (d.fn === 'YEAR') {
    const year = (n: unknown) => (isObj(n) && n.type === 'number' && Number.isInteger(n.value) ? Number(n.value) : undefined);
    const from = (y: number) => `'${y}-01-01'`;
    if (o === 'BETWEEN') {
      const [a, b] = isObj(c.right) ? arr(c.right.value).map(year) : [];
      if (a !== undefined && b !== undefined) rewrite = `${colText} >= ${from(a)} AND ${colText} < ${from(b + 1)}`;
    } else {
      const y = year(c.right);
      if (y !== undefined) {
        rewrite = {
          '=': `${colText} >= ${from(y)} AND ${colText} < ${from(y + 1)}`,
          '>': `${colText} >= ${from(y + 1)}`,
          '>=': `${colText} >= ${from(y)}`,
          '<': `${colText} < ${from(y)}`,
          '<=': `${colText} < ${from(y + 1)}`,
        }[o];
      }
    }
  } else {
    const next = (x: string) => `${x} + INTERVAL 1 DAY`;
    if (o === 'BETWEEN') {
      const vals = isObj(c.right) ? arr(c.right.value) : [];
      const [a, b] = vals.map((v) => exprText(ctx, v));
      if (vals.length === 2 && a && b) rewrite = `${colText} >= ${a} AND ${colText} < ${next(b)}`;
    } else {
      const x = exprText(ctx, c.right);
      if (x)
        rewrite = {
          '=': `${colText} >= ${x} AND ${colText} < ${next(x)}`,
          '>': `${colText} >= ${next(x)}`,
          '>=': `${colText} >= ${x}`,
          '<': `${colText} < ${x}`,
          '<=': `${colText} < ${next(x)}`,
        }[o];
    }
  }
  if (!rewrite) return false;
  const { table } = resolved(scope, d.col);
  const indexed = table?.info ? isIndexed(table.info, d.col.column) : undefined;
  const range = ctx.rangeOf(c);
  const ev = scanEvidence(ctx, table);
  ctx.emit(
    'non-sargable-date',
    range,
    `${d.fn}(${d.col.column}) must be computed for every row before it can be compared, so an index on ${d.col.column} cannot ` +
      'narrow the search. The same condition written as a range on the bare column can use it.',
    { edit: { ...range, text: rewrite }, fix: rewrite, ...(ev.length ? { evidence: ev } : {}) },
    indexed === false ? 'info' : 'warning',
  );
  return true;
}

function functionOnColumn(ctx: Ctx, scope: Scope, c: Obj, side: Obj, cols: ColumnRef[], other: unknown): void {
  const col = cols[0];
  const { table, info } = resolved(scope, col);
  let severity: 'info' | 'warning' = 'info';
  if (table?.info) {
    if (!indexesLeadingWith(table.info, col.column).length && !isIndexed(table.info, col.column)) return; // no index to lose
    severity = 'warning';
  }
  const range = ctx.rangeOf(side, ctx.rangeOf(c));
  const what = side.type === 'binary_expr' ? 'an expression' : `${funcName(side) ?? 'CAST'}()`;
  const extra: Parameters<Ctx['emit']>[3] = {
    fix: 'Move the computation to the constant side, or index the expression (MySQL 8.0.13+ functional index; MariaDB: an indexed virtual column).',
  };
  // col + k OP x  ->  col OP x - k
  if (
    side === c.left &&
    side.type === 'binary_expr' &&
    (op(side) === '+' || op(side) === '-') &&
    asColumn(side.left) &&
    isObj(side.right) &&
    side.right.type === 'number'
  ) {
    const k = String(side.right.value);
    const otherText = exprText(ctx, other);
    const o = op(c);
    if (otherText && ['=', '<', '>', '<=', '>=', '<>', '!='].includes(o)) {
      const inv = op(side) === '+' ? '-' : '+';
      const rhs =
        isObj(other) && other.type === 'number' && typeof other.value === 'number' && Number.isInteger(Number(k))
          ? String(op(side) === '+' ? other.value - Number(k) : other.value + Number(k))
          : `${otherText} ${inv} ${k}`;
      const text = `${ctx.source(side.left) ?? col.column} ${o} ${rhs}`;
      extra.edit = { ...ctx.rangeOf(c), text };
      extra.fix = text;
    }
  }
  // LOWER(col) = 'x' under a case-insensitive collation: the wrapper changes nothing but the plan.
  const fn = funcName(side);
  if ((fn === 'LOWER' || fn === 'UPPER' || fn === 'LCASE' || fn === 'UCASE') && info?.collation && /_ci$/i.test(info.collation)) {
    const otherText = exprText(ctx, other);
    if (otherText && side === c.left) {
      const text = `${ctx.source(funcArgs(side)[0]) ?? col.column} ${op(c)} ${otherText}`;
      extra.edit = { ...ctx.rangeOf(c), text };
      extra.fix = `${text} (the ${info.collation} collation already compares case-insensitively)`;
    }
  }
  const ev = scanEvidence(ctx, table);
  ctx.emit(
    'function-on-column',
    range,
    `${col.column} is wrapped in ${what}, so the value to look up in its index is unknown until the row has been read: ` +
      'the index cannot be searched, and every row is read and computed.',
    { ...extra, ...(ev.length ? { evidence: ev } : {}) },
    ev.length ? 'warning' : severity,
  );
}

export function implicitConversion(ctx: Ctx, scope: Scope): void {
  if (!ctx.opts.schema) return;
  for (const { cond } of conditionsOf(scope)) {
    for (const c of comparisons(cond)) {
      const o = op(c);
      if (!['=', '<', '>', '<=', '>=', '<>', '!=', 'IN', 'NOT IN', 'BETWEEN'].includes(o)) continue;
      const lc = asColumn(c.left);
      if (!lc) continue;
      const left = resolved(scope, lc);
      if (!left.info) continue;
      const rc = asColumn(c.right);
      if (rc) {
        collationMismatch(ctx, scope, c, lc, left, rc);
        continue;
      }
      if (!isStringType(left.info)) continue;
      const values = isObj(c.right) && c.right.type === 'expr_list' ? arr(c.right.value) : [c.right];
      // One number in an IN list is enough: `title IN (60, '60')` compares as numbers too.
      const isNum = (v: unknown) => isObj(v) && v.type === 'number';
      const isStr = (v: unknown) => isObj(v) && /string$/.test(String(v.type));
      if (!values.length || !values.some(isNum) || !values.every((v) => isNum(v) || isStr(v))) continue;
      const range = ctx.rangeOf(c);
      const edits = [];
      let pos = ctx.rangeOf(c.left).end;
      let found = 0;
      for (const v of values) {
        const r = literalRangeAfter(ctx, pos, range);
        if (!r) break;
        found++;
        if (isNum(v)) edits.push(r);
        pos = r.end;
      }
      const quoted = found === values.length ? quoteNumbers(ctx, range, edits) : undefined;
      const indexed = left.table?.info ? isIndexed(left.table.info, lc.column) : false;
      const ev = scanEvidence(ctx, left.table);
      ctx.emit(
        'implicit-conversion',
        range,
        `${lc.column} is ${left.info.columnType} but is compared with a number, so MySQL converts each row's string to a number ` +
          `('12', ' 12' and '12abc' all equal 12): the index on ${lc.column} cannot be used and every row is converted.`,
        { fix: quoted ? quoted.text : 'Compare with a string literal.', ...(quoted ? { edit: quoted } : {}), ...(ev.length ? { evidence: ev } : {}) },
        indexed || ev.length ? 'warning' : 'info',
      );
    }
  }
}

function quoteNumbers(ctx: Ctx, range: { start: number; end: number }, lits: Array<{ start: number; end: number }>) {
  let text = '',
    pos = range.start;
  for (const r of lits) {
    text += ctx.text.slice(pos, r.start) + `'${ctx.slice(r)}'`;
    pos = r.end;
  }
  return { ...range, text: text + ctx.text.slice(pos, range.end) };
}

function collationMismatch(ctx: Ctx, scope: Scope, c: Obj, lc: ColumnRef, left: { table?: TableRef; info?: ColumnInfo }, rc: ColumnRef): void {
  const right = resolved(scope, rc);
  const a = left.info,
    b = right.info;
  if (!a || !b || left.table === right.table) return;
  let why: string | undefined;
  if (isStringType(a) && isStringType(b) && a.collation && b.collation && a.collation !== b.collation) {
    why = `${lc.column} uses ${a.collation} and ${rc.column} uses ${b.collation}: one side is converted for every row, so the index on the converted side cannot be used for the join`;
  } else if ((isStringType(a) && isNumericType(b)) || (isNumericType(a) && isStringType(b))) {
    why = `${lc.column} is ${a.columnType} and ${rc.column} is ${b.columnType}: they are compared as numbers, so the index on the string side cannot be used for the join`;
  }
  if (!why) return;
  ctx.emit(
    'implicit-conversion',
    ctx.rangeOf(c),
    `${why}.`,
    { fix: 'Give both columns the same type, character set and collation (ALTER TABLE ... MODIFY).' },
    'warning',
  );
}

export function orAcrossColumns(ctx: Ctx, scope: Scope): void {
  if (!isObj(scope.node.where)) return;
  const parts = conjuncts(scope.node.where);
  for (const part of parts) {
    const ors = disjuncts(part);
    if (ors.length < 2) continue;
    const cols = ors.map((d) => columnsIn(d));
    if (cols.some((cs) => cs.length === 0)) continue;
    const names = new Set(cols.flat().map((c) => `${resolveColumn(scope, c)?.table.alias ?? ''}.${c.column.toLowerCase()}`));
    if (names.size < 2) continue;
    const tables = new Set(cols.flat().map((c) => resolveColumn(scope, c)?.table));
    const table = tables.size === 1 ? [...tables][0] : undefined;
    const plan = ctx.opts.plan;
    if (plan && table && nodesForTable(plan, table.alias, table.name).some((n) => /index_merge/i.test(n.accessType ?? ''))) continue; // the server already merges indexes
    if (plan && table && nodesForTable(plan, table.alias, table.name).some((n) => n.key && !/ALL|index/i.test(n.accessType ?? 'ALL'))) continue;
    let severity: 'info' | 'warning' = 'info';
    if (table?.info) {
      const unindexed = [...names].map((n) => n.split('.')[1]).filter((n) => !indexesLeadingWith(table.info, n).length);
      if (unindexed.length) severity = 'warning';
    }
    const ev = scanEvidence(ctx, table);
    const edit = unionRewrite(ctx, scope, part, ors);
    ctx.emit(
      'or-across-columns',
      ctx.rangeOf(part),
      'OR between conditions on different columns: no single index serves both, so the optimizer either merges two index ' +
        'scans (index_merge, which costs memory and CPU when they match many rows) or reads the whole table.',
      {
        fix: 'Give each column an index and check for index_merge in EXPLAIN, or split into SELECTs joined with UNION ALL, each using its own index.',
        ...(edit ? { edit } : {}),
        ...(ev.length ? { evidence: ev } : {}),
      },
      ev.length ? 'warning' : severity,
    );
  }
}

/** SELECT ... WHERE a OR b  ->  SELECT ... WHERE a UNION ALL SELECT ... WHERE b AND (a) IS NOT TRUE. */
function unionRewrite(ctx: Ctx, scope: Scope, part: Obj, ors: Obj[]) {
  const n = scope.node;
  if (scope.role !== 'top' || scope.kind !== 'select' || scope.tables.length !== 1 || isObj(n._next)) return undefined;
  if (str(n.distinct) || isObj(n.groupby) || isObj(n.having) || objs(n.orderby).length || isObj(n.limit) || arr(n.options).length) return undefined;
  const where = locOf(n.where);
  if (!where) return undefined;
  const w = ctx.trim(where);
  if (ctx.text.slice(w.end).trim()) return undefined;
  const head = ctx.text.slice(0, w.start);
  const rest = conjuncts(n.where)
    .filter((c) => c !== part)
    .map((c) => ctx.source(c));
  if (rest.some((r) => r === undefined)) return undefined;
  const texts = ors.map((d) => ctx.source(d));
  if (texts.some((t) => t === undefined)) return undefined;
  const branches = texts.map((t, k) => {
    const conds = [...(rest as string[]), `(${t})`, ...texts.slice(0, k).map((p) => `(${p}) IS NOT TRUE`)];
    return head + conds.join(' AND ');
  });
  return { start: 0, end: ctx.text.length, text: branches.join('\nUNION ALL\n') };
}

export function predicateRules(ctx: Ctx, scope: Scope): void {
  likeLeadingWildcard(ctx, scope);
  sargability(ctx, scope);
  implicitConversion(ctx, scope);
  orAcrossColumns(ctx, scope);
  subqueryRules(ctx, scope);
}
