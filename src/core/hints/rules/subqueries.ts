// Rules about IN (SELECT …) subqueries: NOT IN over a nullable column, and IN that runs once per outer row.
import { asColumn, conjuncts, isObj, objs, op, type ColumnRef, type Obj } from '../ast';
import type { Ctx } from '../context';
import { atLeast, evidence, planNodes } from '../planinfo';
import { resolveColumn, type Scope } from '../scope';
import { resolved } from './common';

export function subqueryRules(ctx: Ctx, scope: Scope): void {
  if (scope.role !== 'in' || !scope.inExpr || !scope.parent) return;
  const e = scope.inExpr;
  const negated = op(e) === 'NOT IN';
  const outer = scope.parent;
  const selCol = objs(scope.node.columns);
  const subCol = selCol.length === 1 ? asColumn(selCol[0].expr) : undefined;
  if (negated) return notInNullable(ctx, scope, e, subCol);
  inSubquery(ctx, scope, outer, e, subCol);
}

function notInNullable(ctx: Ctx, sub: Scope, e: Obj, subCol: ColumnRef | undefined): void {
  let nullable: boolean | undefined;
  if (subCol) {
    const r = resolved(sub, subCol);
    if (r.info) nullable = r.info.nullable;
    const filtered = conjuncts(sub.node.where).some(
      (c) => op(c) === 'IS NOT' && isObj(c.right) && c.right.type === 'null' && asColumn(c.left)?.column.toLowerCase() === subCol.column.toLowerCase(),
    );
    if (filtered) nullable = false;
  }
  if (nullable === false) return;
  const edit = existsRewrite(ctx, sub, e, subCol, true);
  ctx.emit(
    'not-in-nullable',
    ctx.rangeOf(e),
    `${nullable ? `${subCol?.column} can be NULL` : 'If the subquery column can be NULL'}: a single NULL makes NOT IN unknown for every ` +
      'row, so the query returns nothing. Guarding against that stops the optimizer from running it as a plain anti-join, and ' +
      'the subquery is often evaluated once per outer row. NOT EXISTS says "no match" directly and stops at the first match.',
    { fix: edit?.text ?? 'Rewrite as NOT EXISTS (SELECT 1 FROM ... WHERE inner.col = outer.col).', ...(edit ? { edit } : {}) },
    nullable ? 'warning' : 'info',
  );
}

function inSubquery(ctx: Ctx, sub: Scope, outer: Scope, e: Obj, subCol: ColumnRef | undefined): void {
  const plan = ctx.opts.plan;
  const v = ctx.opts.version;
  const nodes = planNodes(plan);
  const semijoin = nodes.some(
    (n) =>
      /materiali[sz]e|semi/i.test(`${n.selectType ?? ''} ${n.op}`) ||
      /^<subquery\d+>$/.test(n.table ?? '') ||
      n.extra.some((x) => /FirstMatch|LooseScan|Start temporary|End temporary/i.test(x)),
  );
  const dependent = nodes.filter((n) => /DEPENDENT/i.test(n.selectType ?? '') || n.details?.['expression_cache.r_loops'] !== undefined);
  if (plan && semijoin && !dependent.length) return;
  const reasons: string[] = [];
  if (dependent.length) reasons.push('the plan runs it as a DEPENDENT SUBQUERY');
  if (v && ((v.flavor === 'mysql' && !atLeast(v, 5, 6)) || (v.flavor === 'mariadb' && !atLeast(v, 5, 3))))
    reasons.push(`${v.flavor === 'mysql' ? 'MySQL' : 'MariaDB'} ${v.major}.${v.minor} has no semi-join optimization`);
  if (outer.role === 'top' && (outer.kind === 'update' || outer.kind === 'delete')) {
    const ok = v && ((v.flavor === 'mysql' && atLeast(v, 8, 0, 21)) || (v.flavor === 'mariadb' && atLeast(v, 11, 1)));
    if (!ok) reasons.push(`single-table ${outer.kind.toUpperCase()} does not use semi-joins before MySQL 8.0.21 / MariaDB 11.1`);
  }
  const q = sub.node;
  if (isObj(q._next)) reasons.push('a UNION inside IN blocks the semi-join rewrite');
  else if (isObj(q.groupby) || isObj(q.limit)) reasons.push('GROUP BY or LIMIT inside IN blocks the semi-join rewrite');
  if (!reasons.length) return;
  const edit = existsRewrite(ctx, sub, e, subCol, false);
  ctx.emit(
    'in-subquery',
    ctx.rangeOf(e),
    `Here ${reasons.join('; ')}: the subquery is then executed again for each row of the outer query, which costs ` + 'outer rows × subquery work.',
    {
      fix: edit?.text ?? 'Rewrite as a JOIN (with DISTINCT if the inner side can repeat) or as EXISTS with a correlated condition on an indexed column.',
      ...(edit ? { edit } : {}),
      ...(dependent.length ? { evidence: dependent.map(evidence) } : {}),
    },
    dependent.length || reasons.length > 0 ? 'warning' : 'info',
  );
}

/** x [NOT] IN (SELECT c FROM t WHERE w)  ->  [NOT] EXISTS (SELECT 1 FROM t WHERE t.c = x AND (w)). */
function existsRewrite(ctx: Ctx, sub: Scope, e: Obj, subCol: ColumnRef | undefined, negated: boolean) {
  const q = sub.node;
  if (!subCol || isObj(q._next) || isObj(q.groupby) || isObj(q.having) || isObj(q.limit)) return undefined;
  const outerCol = asColumn(e.left);
  if (!outerCol || !sub.parent) return undefined;
  const ranges = sub.tables.map((t) => t.range);
  if (!ranges.length || ranges.some((r) => !r)) return undefined;
  const fromText = ctx.text.slice(ctx.trim(ranges[0]!).start, ctx.trim(ranges[ranges.length - 1]!).end);
  const inner = subCol.table ? `${subCol.table}.${subCol.column}` : sub.tables.length === 1 ? `${sub.tables[0].alias}.${subCol.column}` : undefined;
  const outerTable = resolveColumn(sub.parent, outerCol)?.table;
  const outerText = outerCol.table ? `${outerCol.table}.${outerCol.column}` : outerTable ? `${outerTable.alias}.${outerCol.column}` : undefined;
  if (!inner || !outerText) return undefined;
  if (outerTable && sub.tables.some((t) => t.alias.toLowerCase() === outerTable.alias.toLowerCase())) return undefined; // alias clash
  const where = q.where ? ctx.source(q.where) : '';
  if (where === undefined) return undefined;
  const cond = `${inner} = ${outerText}${where ? ` AND (${where})` : ''}`;
  return { ...ctx.rangeOf(e), text: `${negated ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${fromText} WHERE ${cond})` };
}
