// Rules about a statement as a whole: set operations, joins, and writes.
import { arr, asColumn, columnsIn, conjuncts, hasAggregate, isObj, isLiteral, locOf, objs, op, str, type Obj } from '../ast';
import type { Ctx } from '../context';
import { findColumn } from '../schema';
import { evidence, isScan, nodesForTable } from '../planinfo';
import { resolveColumn, type Scope, type TableRef } from '../scope';
import type { Range } from '../types';
import { ident, tablesOf } from './common';

/** UNION tokens at the outer level of a statement, in order. */
function outerUnionTokens(ctx: Ctx) {
  let depth = 0;
  const out: Array<{ start: number; end: number; all: boolean }> = [];
  const toks = ctx.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.text.toUpperCase() === 'UNION') {
      const next = toks[i + 1]?.text.toUpperCase();
      out.push({ start: t.start, end: t.end, all: next === 'ALL' });
    }
  }
  return out;
}

export function unionDistinct(ctx: Ctx): void {
  const branches: Obj[] = [];
  const ops: string[] = [];
  for (let n: unknown = ctx.ast; isObj(n); n = n._next) {
    branches.push(n);
    if (isObj(n._next)) ops.push((str(n.set_op) ?? '').toLowerCase());
  }
  if (!ops.length) return;
  const toks = outerUnionTokens(ctx);
  if (toks.length !== ops.length) return;
  const disjoint = provablyDisjoint(branches);
  ops.forEach((o, k) => {
    if (o !== 'union' && o !== 'union distinct') return;
    const tok = toks[k];
    if (tok.all) return;
    const distinctTok = ctx.tokens.find((t) => t.start > tok.end && t.kind === 'word')?.text.toUpperCase() === 'DISTINCT';
    const range = { start: tok.start, end: tok.end };
    const base =
      'UNION without ALL puts every row of every branch into a temporary table with a unique key to drop duplicates; UNION ALL streams the rows through.';
    if (disjoint) {
      const after = ctx.tokens.find((t) => t.start > tok.end);
      const edit = distinctTok && after ? { start: after.start, end: after.end, text: 'ALL' } : { start: tok.end, end: tok.end, text: ' ALL' };
      ctx.emit(
        'union-distinct',
        range,
        `${base} Here the branches cannot return the same row (${disjoint}), so UNION ALL gives the same result.`,
        { edit, fix: 'UNION ALL' },
        'warning',
      );
    } else {
      ctx.emit('union-distinct', range, `${base} If the branches cannot overlap, or duplicates do not matter, use UNION ALL.`, {
        fix: 'UNION ALL, when duplicates cannot occur or do not matter',
      });
    }
  });
}

/** A reason the branches of a UNION cannot share a row, or undefined. */
function provablyDisjoint(branches: Obj[]): string | undefined {
  // 1. Each branch selects a different constant in the same position.
  const cols = branches.map((b) => objs(b.columns));
  const width = cols[0].length;
  if (cols.every((c) => c.length === width)) {
    for (let k = 0; k < width; k++) {
      const vals = cols.map((c) => c[k].expr);
      if (vals.every((v) => isObj(v) && isLiteral(v) && v.type !== 'null' && v.type !== 'param' && v.type !== 'origin')) {
        const set = new Set(vals.map((v) => JSON.stringify((v as Obj).value)));
        if (set.size === vals.length) return `column ${k + 1} is a different constant in each branch`;
      }
    }
  }
  // 2. Each branch filters the same column with a different equality.
  const eqs = branches.map((b) => {
    const m = new Map<string, string>();
    for (const c of conjuncts(b.where)) {
      if (c.type !== 'binary_expr' || op(c) !== '=') continue;
      const col = asColumn(c.left);
      if (col && isObj(c.right) && isLiteral(c.right) && c.right.type !== 'origin' && c.right.type !== 'param')
        m.set(col.column.toLowerCase(), JSON.stringify(c.right.value));
    }
    return m;
  });
  for (const colName of eqs[0].keys()) {
    const vals = eqs.map((m) => m.get(colName));
    if (vals.every((v) => v !== undefined) && new Set(vals).size === vals.length) return `each branch asks for a different ${colName}`;
  }
  return undefined;
}

export function dmlRules(ctx: Ctx, scope: Scope): void {
  if (scope.role !== 'top' || (scope.kind !== 'update' && scope.kind !== 'delete')) return;
  const verb = ctx.tokens[0];
  const target = scope.tables[0];
  const head: Range = { start: verb?.start ?? 0, end: target?.range ? ctx.trim(target.range).end : (verb?.end ?? ctx.text.length) };
  const name = target?.name ?? 'the table';
  if (!isObj(scope.node.where)) {
    const what = scope.kind === 'update' ? 'changed' : 'deleted';
    ctx.emit(
      'dml-without-where',
      head,
      `Every row of ${name} is ${what} in one statement and one transaction: each row stays locked until commit, the undo log ` +
        'grows with the table, and replicas replay it as one long event.',
      {
        fix:
          scope.kind === 'delete'
            ? `If the table is to be emptied, TRUNCATE ${name} is much cheaper; otherwise delete in chunks (WHERE ... LIMIT 10000, repeated until no rows are affected).`
            : 'Add the WHERE you meant; if every row really must change, do it in primary-key ranges of a few thousand rows.',
      },
      'warning',
    );
  }
  const limit = scope.node.limit;
  if (isObj(limit) && arr(limit.value).length && !objs(scope.node.orderby).length) {
    const range = ctx.rangeOf(limit);
    const pk = target?.info?.indexes.find((i) => i.primary)?.columns.map((c) => ident(findColumn(target.info, c.name)?.name ?? c.name));
    const extra: Parameters<Ctx['emit']>[3] = {
      fix: pk?.length ? `ORDER BY ${pk.join(', ')} ${ctx.slice(range)}` : 'Add ORDER BY on the primary key before LIMIT.',
    };
    if (pk?.length) extra.edit = { start: range.start, end: range.start, text: `ORDER BY ${pk.join(', ')} ` };
    ctx.emit(
      'dml-limit-without-order',
      range,
      'LIMIT without ORDER BY changes whichever rows the plan reaches first: a different index or a replica with another ' +
        'plan changes different rows (statement-based replication flags it unsafe), and chunked jobs may revisit locked rows.',
      extra,
    );
  }
}

/** Tables with nothing relating them to the rest of the join. */
export function cartesianJoin(ctx: Ctx, scope: Scope): void {
  const tables = scope.tables.filter((t) => t.name || isObj(t.item.expr));
  if (tables.length < 2) return;
  const parent = new Map<TableRef, TableRef>(tables.map((t) => [t, t]));
  const find = (t: TableRef): TableRef => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: TableRef, b: TableRef) => parent.set(find(a), find(b));
  let blind = false;
  const conds: unknown[] = [scope.node.where, ...scope.tables.map((t) => t.on)];
  for (const cond of conds) {
    for (const c of conjuncts(cond)) {
      const { tables: ts, unknown } = tablesOf(scope, c);
      if (unknown > 0 && columnsIn(c).length >= 2) blind = true; // can't tell which tables it relates
      const list = [...ts].filter((t) => parent.has(t));
      for (let k = 1; k < list.length; k++) union(list[0], list[k]);
    }
  }
  for (const t of tables) {
    if (t.using) {
      const prev = tables[tables.indexOf(t) - 1];
      if (prev) union(prev, t);
    }
    // NATURAL JOIN relates by column names.
    if (t.join?.includes('NATURAL')) {
      const prev = tables[tables.indexOf(t) - 1];
      if (prev) union(prev, t);
    }
  }
  if (blind) return;
  const root = find(tables[0]);
  for (const t of tables.slice(1)) {
    if (find(t) === root) continue;
    if (t.join === 'CROSS JOIN') continue; // written on purpose
    if (isSingleRow(t)) continue;
    const ev = ctx.opts.plan
      ? nodesForTable(ctx.opts.plan, t.alias, t.name)
          .filter((n) => isScan(n) || n.extra.some((e) => /join buffer/i.test(e)))
          .map(evidence)
      : [];
    const range = t.range ? ctx.trim(t.range) : ctx.rangeOf(null);
    ctx.emit(
      'cartesian-join',
      range,
      `Nothing in ON or WHERE relates ${t.alias} to the other tables, so each of its rows is paired with every row of the rest: ` +
        'the work and the result grow with the product of the table sizes.',
      {
        fix: `Add the join condition (JOIN ${t.name ?? t.alias} ON ...), or write CROSS JOIN if the product is intended.`,
        ...(ev.length ? { evidence: ev } : {}),
      },
    );
  }
}

function isSingleRow(t: TableRef): boolean {
  const q = isObj(t.item.expr) && isObj(t.item.expr.ast) ? t.item.expr.ast : undefined;
  return !!q && hasAggregate(q.columns) && !isObj(q.groupby);
}

const NULL_SAFE = new Set(['<=>', 'IS', 'IS NOT']);

/** A WHERE condition that is false for NULL on an outer-joined table makes the join inner. */
export function outerJoinNullified(ctx: Ctx, scope: Scope): void {
  for (const t of scope.tables) {
    if (!t.join || !/^LEFT( OUTER)? JOIN$/.test(t.join)) continue;
    for (const c of conjuncts(scope.node.where)) {
      if (c.type !== 'binary_expr') continue;
      const o = op(c);
      if (NULL_SAFE.has(o) && !(o === 'IS NOT' && isObj(c.right) && c.right.type === 'null')) continue;
      if (!['=', '<', '>', '<=', '>=', '<>', '!=', 'LIKE', 'IN', 'BETWEEN', 'IS NOT'].includes(o)) continue;
      const col = asColumn(c.left) ?? asColumn(c.right);
      if (!col) continue;
      const hit = resolveColumn(scope, col);
      if (!hit || hit.table !== t) continue;
      const joinTok = joinKeywords(ctx, t);
      const extra: Parameters<Ctx['emit']>[3] = {
        fix: `Write JOIN if only matched rows are wanted; if rows of the left table without a match must stay, move the condition into the ON clause of ${t.alias}.`,
      };
      if (joinTok) extra.edit = { ...joinTok, text: 'JOIN' };
      ctx.emit(
        'outer-join-nullified',
        ctx.rangeOf(c),
        `${t.alias} is LEFT JOINed, so unmatched rows get NULL in its columns, but this WHERE condition is never true for NULL: ` +
          'those rows are dropped and the query is an inner join in disguise. Saying JOIN makes the intent clear and lets the ' +
          'optimizer start from either table.',
        extra,
      );
      break;
    }
  }
}

/** The LEFT [OUTER] JOIN keywords before a table reference. */
function joinKeywords(ctx: Ctx, t: TableRef): Range | undefined {
  const start = t.range?.start ?? locOf(t.item)?.start;
  if (start === undefined) return undefined;
  const toks = ctx.tokens;
  let i = toks.findIndex((x) => x.start >= start) - 1;
  if (i < 0) return undefined;
  if (toks[i].text.toUpperCase() !== 'JOIN') return undefined;
  const end = toks[i].end;
  i--;
  if (toks[i]?.text.toUpperCase() === 'OUTER') i--;
  if (toks[i]?.text.toUpperCase() !== 'LEFT') return undefined;
  return { start: toks[i].start, end };
}
