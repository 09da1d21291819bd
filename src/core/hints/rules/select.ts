// Rules about the shape of a SELECT: what it returns, how it sorts and pages.
import { arr, asColumn, funcName, hasAggregate, isObj, isStar, locOf, objs, str, typeOf, walk, type Obj } from '../ast';
import type { Ctx } from '../context';
import { findColumn } from '../schema';
import { nodesWithExtra, evidence } from '../planinfo';
import { resolveColumn, type Scope, type TableRef } from '../scope';
import type { Range } from '../types';
import { combineEdits, ident } from './common';

const LARGE_OFFSET = 1000;

function cteNames(ctx: Ctx): Set<string> {
  return new Set(
    objs(ctx.ast?.with)
      .map((w) => (isObj(w.name) ? str(w.name.value) : str(w.name)) ?? '')
      .map((s) => s.toLowerCase()),
  );
}

export function selectStar(ctx: Ctx, scope: Scope): void {
  if (scope.kind !== 'select' || scope.role === 'exists') return;
  const real = scope.tables.filter((t) => t.name && !cteNames(ctx).has(t.name.toLowerCase()));
  if (real.length === 0) return;
  for (const c of objs(scope.node.columns)) {
    if (!isStar(c.expr)) continue;
    const range = ctx.rangeOf(c.expr, ctx.rangeOf(c));
    const qualifier = str((c.expr as Obj).table);
    const targets = qualifier ? real.filter((t) => t.alias.toLowerCase() === qualifier.toLowerCase()) : real;
    if (targets.length === 0) continue;
    const names = targets.map((t) => t.name).join(', ');
    const extra: Parameters<Ctx['emit']>[3] = {};
    const single = targets.length === 1 ? targets[0] : undefined;
    if (single?.info && Object.keys(single.info.columns).length) {
      const prefix = qualifier ? `${qualifier}.` : real.length > 1 ? `${single.alias}.` : '';
      const list = Object.values(single.info.columns)
        .map((col) => prefix + ident(col.name))
        .join(', ');
      extra.edit = { ...range, text: list };
      extra.fix = `List the columns you use, e.g. ${list}`;
    } else extra.fix = 'List only the columns the application reads.';
    ctx.emit(
      'select-star',
      range,
      `SELECT * returns every column of ${names}: more bytes are read, copied into temporary tables and sent, ` +
        'and no index can cover the query, since a covering index would need every column. It also changes meaning when a column is added.',
      extra,
    );
  }
}

export function orderByRand(ctx: Ctx, scope: Scope): void {
  for (const o of orderItems(scope)) {
    const name = funcName(o.expr);
    if (name !== 'RAND' && name !== 'RANDOM') continue;
    const ev = nodesWithExtra(ctx.opts.plan, 'filesort').map(evidence);
    ctx.emit(
      'order-by-rand',
      ctx.rangeOf(o.expr),
      'ORDER BY RAND() gives every candidate row a random number and then sorts all of them (a temporary table and a filesort) ' +
        'to keep a few: the cost grows with the table, not with the LIMIT.',
      {
        fix:
          'Pick random keys instead, e.g. WHERE id >= FLOOR(RAND() * (SELECT MAX(id) FROM t)) ORDER BY id LIMIT n, ' +
          'or pick the rows in the application from a cached list of ids.',
        ...(ev.length ? { evidence: ev } : {}),
      },
    );
  }
}

function orderItems(scope: Scope): Array<{ expr: Obj; desc: boolean; item: Obj }> {
  const list = objs(scope.node.orderby ?? scope.node._orderby);
  return list.filter((o) => isObj(o.expr)).map((o) => ({ expr: o.expr as Obj, desc: str(o.type)?.toUpperCase() === 'DESC', item: o }));
}

function limitOf(scope: Scope): { node: Obj; count?: number; offset?: number } | undefined {
  const l = scope.node.limit ?? scope.node._limit;
  if (!isObj(l)) return undefined;
  const vals = arr(l.value);
  if (vals.length === 0) return undefined;
  const n = (v: unknown) => (isObj(v) && v.type === 'number' && typeof v.value === 'number' ? v.value : undefined);
  const sep = str(l.seperator) ?? str(l.separator) ?? '';
  const out: { node: Obj; count?: number; offset?: number } = { node: l };
  let count: number | undefined, offset: number | undefined;
  if (vals.length === 1) count = n(vals[0]);
  else if (sep === ',') {
    offset = n(vals[0]);
    count = n(vals[1]);
  } else {
    count = n(vals[0]);
    offset = n(vals[1]);
  }
  if (count !== undefined) out.count = count;
  if (offset !== undefined) out.offset = offset;
  return out;
}

export function largeOffset(ctx: Ctx, scope: Scope): void {
  const l = limitOf(scope);
  if (!l || l.offset === undefined || l.offset < LARGE_OFFSET) return;
  const order = orderItems(scope);
  const cols = order.map((o) => ctx.source(o.expr)).filter((s): s is string => !!s);
  const keyset = cols.length
    ? `remember the last row's ${cols.join(', ')} and ask for the next page with WHERE (${cols.join(', ')}) ${order[0].desc ? '<' : '>'} (?${', ?'.repeat(cols.length - 1)}) ORDER BY ${cols.join(', ')} LIMIT ${l.count ?? 'n'}`
    : `add an ORDER BY on a unique key, then WHERE key > ? ORDER BY key LIMIT ${l.count ?? 'n'}`;
  ctx.emit(
    'large-offset',
    ctx.rangeOf(l.node),
    `OFFSET ${l.offset} makes the server build ${l.offset + (l.count ?? 0)} rows and throw away the first ${l.offset}; ` +
      'deep pages cost more and more, and on average pagination reads half the table.',
    { fix: `Use keyset pagination: ${keyset}. Or find the page's keys on a covering index in a derived table and join back for the other columns.` },
  );
}

export function limitWithoutOrder(ctx: Ctx, scope: Scope): void {
  if (scope.kind !== 'select' || scope.role === 'exists' || scope.role === 'in') return;
  const l = limitOf(scope);
  if (!l || orderItems(scope).length) return;
  if (l.count !== undefined && l.count <= 1 && !l.offset) return; // "any one row" is a common, deliberate idiom
  if (l.count === 0) return;
  if (hasAggregate(scope.node.columns) && !isObj(scope.node.groupby)) return; // one row anyway
  if (isObj(scope.node._next) || scope.role === 'union') return;
  const range = ctx.rangeOf(l.node);
  const t = scope.tables.length === 1 ? scope.tables[0] : undefined;
  const pk = t?.info?.indexes.find((i) => i.primary)?.columns.map((c) => c.name);
  const extra: Parameters<Ctx['emit']>[3] = {};
  if (pk?.length && t?.info) {
    const cols = pk.map((c) => ident(findColumn(t.info, c)?.name ?? c)).join(', ');
    extra.edit = { start: range.start, end: range.start, text: `ORDER BY ${cols} ` };
    extra.fix = `ORDER BY ${cols} ${ctx.slice(range)}`;
  } else extra.fix = 'Add an ORDER BY on a unique key before the LIMIT.';
  ctx.emit(
    'limit-without-order',
    range,
    'Without ORDER BY, LIMIT keeps whichever rows the chosen plan happens to reach first: the result can change when an index ' +
      'is added or the data moves, and successive pages can repeat or skip rows.',
    extra,
  );
}

export function calcFoundRows(ctx: Ctx, scope: Scope): void {
  if (scope.kind !== 'select') return;
  const opts = arr(scope.node.options).map((o) => (typeof o === 'string' ? o.toUpperCase() : ''));
  if (!opts.includes('SQL_CALC_FOUND_ROWS')) return;
  const lo = locOf(scope.node)?.start ?? 0;
  const tok = ctx.findWord('SQL_CALC_FOUND_ROWS', lo);
  if (!tok) return;
  let end = tok.end;
  while (end < ctx.text.length && /\s/.test(ctx.text[end])) end++;
  ctx.emit(
    'calc-found-rows',
    { start: tok.start, end: tok.end },
    'SQL_CALC_FOUND_ROWS makes the server compute the whole result, past the LIMIT, only to count it: the LIMIT no longer ' +
      'stops the work early. It is deprecated since MySQL 8.0.17.',
    {
      edit: { start: tok.start, end, text: '' },
      fix: 'Drop it; fetch LIMIT n+1 rows to know whether a next page exists, or run a separate, cached SELECT COUNT(*).',
    },
  );
}

export function distinctWithGroupBy(ctx: Ctx, scope: Scope): void {
  if (str(scope.node.distinct)?.toUpperCase() !== 'DISTINCT' || !isObj(scope.node.groupby)) return;
  const groups = objs(scope.node.groupby.columns);
  if (!groups.length) return;
  const selected = new Set(objs(scope.node.columns).map((c) => key(ctx, c.expr)));
  if (!groups.every((g) => selected.has(key(ctx, g)))) return; // DISTINCT then changes the result: not ours to judge
  const lo = locOf(scope.node)?.start ?? 0;
  const tok = ctx.findWord('DISTINCT', lo);
  if (!tok) return;
  let end = tok.end;
  while (end < ctx.text.length && /\s/.test(ctx.text[end])) end++;
  const ev = nodesWithExtra(ctx.opts.plan, 'temporary').map(evidence);
  ctx.emit(
    'distinct-with-group-by',
    { start: tok.start, end: tok.end },
    'Every GROUP BY column is selected, so the grouped rows are already distinct; DISTINCT adds a second de-duplication pass, ' +
      'often through another temporary table.',
    { edit: { start: tok.start, end, text: '' }, fix: 'Remove DISTINCT.', ...(ev.length ? { evidence: ev } : {}) },
  );
}

function key(ctx: Ctx, n: unknown): string {
  const c = asColumn(n);
  if (c) return c.column.toLowerCase();
  return (ctx.source(n) ?? JSON.stringify(n)).replace(/\s+/g, '').toLowerCase();
}

export function countColumn(ctx: Ctx, scope: Scope): void {
  walk([scope.node.columns, scope.node.having, scope.node.orderby], (n) => {
    if (n.type !== 'aggr_func' || funcName(n) !== 'COUNT' || !isObj(n.args)) return;
    if (str(n.args.distinct)) return;
    const col = asColumn(n.args.expr);
    if (!col) return;
    const hit = resolveColumn(scope, col);
    const info = hit?.table.info ? findColumn(hit.table.info, col.column) : undefined;
    if (info?.nullable) return; // counting non-NULL values is then a real question, not a slip
    const range = ctx.rangeOf(n);
    const edit = { ...range, text: 'COUNT(*)' };
    if (info) {
      ctx.emit(
        'count-column',
        range,
        `${col.column} is NOT NULL, so COUNT(${col.column}) is the row count spelled the slow way: COUNT(*) says so and lets the ` +
          'optimizer count on the smallest index, or answer from table metadata.',
        { edit, fix: 'COUNT(*)' },
      );
    } else if (!ctx.opts.schema || !hit?.table.info) {
      ctx.emit(
        'count-column',
        range,
        `COUNT(${col.column}) counts the rows where ${col.column} is not NULL. If you mean the number of rows, COUNT(*) says so ` +
          'and lets the optimizer count on the smallest index instead of reading the column.',
        { fix: 'COUNT(*) when you mean rows' },
      );
    }
  });
}

export function havingWithoutAggregate(ctx: Ctx, scope: Scope): void {
  const having = scope.node.having;
  if (!isObj(having) || scope.kind !== 'select') return;
  const group = isObj(scope.node.groupby) ? scope.node.groupby : undefined;
  if (group && arr(group.modifiers).some((m) => isObj(m) && /rollup/i.test(String(m.value)))) return;
  const aliases = new Set(
    objs(scope.node.columns)
      .map((c) => str(c.as)?.toLowerCase())
      .filter((a): a is string => !!a),
  );
  const parts = conjunctsOf(having);
  const movable = parts.filter((p) => {
    if (hasAggregate(p) || containsSubquery(p)) return false;
    let ok = true;
    walk(p, (x) => {
      const c = asColumn(x);
      if (c && !c.table && aliases.has(c.column.toLowerCase())) ok = false;
      if (typeOf(x) === 'var' || funcName(x) === 'RAND') ok = false;
    });
    return ok;
  });
  if (!movable.length) return;
  const all = movable.length === parts.length;
  const edit = all ? moveToWhere(ctx, scope, having) : undefined;
  for (const p of movable) {
    ctx.emit(
      'having-without-aggregate',
      ctx.rangeOf(p, ctx.rangeOf(having)),
      'This HAVING condition uses no aggregate, so it can filter rows before grouping: in WHERE it can use an index and the ' +
        'rows it rejects are never read into the grouping temporary table.',
      edit ? { edit, fix: 'Move the condition to WHERE.' } : { fix: 'Move this condition to WHERE.' },
    );
  }
}

function conjunctsOf(n: Obj): Obj[] {
  if (n.type === 'binary_expr' && str(n.operator)?.toUpperCase() === 'AND') return [...conjunctsOf(n.left as Obj), ...conjunctsOf(n.right as Obj)];
  return [n];
}

function containsSubquery(n: unknown): boolean {
  let found = false;
  walk(
    n,
    (x) => {
      if (isObj(x.ast) || x.type === 'select') found = true;
    },
    true,
  );
  return found || (isObj(n) && (isObj(n.ast) || n.type === 'select'));
}

function moveToWhere(ctx: Ctx, scope: Scope, having: Obj): (Range & { text: string }) | undefined {
  const hr = locOf(having);
  if (!hr) return undefined;
  const h = ctx.trim(hr);
  const kw = [...ctx.tokens].reverse().find((t) => t.end <= h.start && t.kind === 'word' && t.text.toUpperCase() === 'HAVING');
  if (!kw) return undefined;
  const cond = ctx.slice(h);
  const where = scope.node.where;
  const wrap = (s: string, n: Obj) => (n.type === 'binary_expr' && /^(OR|XOR|\|\|)$/i.test(String(n.operator)) ? `(${s})` : s);
  let delStart = kw.start;
  while (delStart > 0 && /\s/.test(ctx.text[delStart - 1])) delStart--;
  const removal = { start: delStart, end: h.end, text: '' };
  if (isObj(where)) {
    const wr = locOf(where);
    if (!wr) return undefined;
    const w = ctx.trim(wr);
    const insert = { start: w.start, end: w.end, text: `${wrap(ctx.slice(w), where)} AND ${wrap(cond, having)}` };
    return combineEdits(ctx.text, [insert, removal]);
  }
  const lo = locOf(scope.node)?.start ?? 0;
  const group = ctx.tokens.find((t) => t.start >= lo && t.kind === 'word' && t.text.toUpperCase() === 'GROUP' && t.end <= kw.start);
  if (group) return combineEdits(ctx.text, [{ start: group.start, end: group.start, text: `WHERE ${cond} ` }, removal]);
  return { start: delStart, end: h.end, text: ` WHERE ${cond}` };
}

export function mixedOrderDirection(ctx: Ctx, scope: Scope): void {
  const items = orderItems(scope);
  if (items.length < 2 || !items.some((i) => i.desc) || items.every((i) => i.desc)) return;
  const cols = items.map((i) => asColumn(i.expr));
  if (cols.some((c) => !c)) return;
  const tables = new Set(cols.map((c) => resolveColumn(scope, c!)?.table));
  if (tables.size !== 1 || tables.has(undefined)) {
    if (tables.size > 1) return; // order-across-tables says more
  }
  const table = [...tables][0];
  if (ctx.opts.plan && !nodesWithExtra(ctx.opts.plan, 'filesort').length) return; // the plan sorts through an index
  if (table?.info) {
    const wanted = cols.map((c, k) => ({ name: c!.column.toLowerCase(), desc: items[k].desc }));
    const served = table.info.indexes.some(
      (ix) =>
        wanted.every((w, k) => ix.columns[k]?.name === w.name && !!ix.columns[k].desc === w.desc) ||
        wanted.every((w, k) => ix.columns[k]?.name === w.name && !!ix.columns[k].desc === !w.desc),
    );
    if (served) return;
  }
  const range = spanOf(ctx, items);
  const v = ctx.opts.version;
  const descOk = !v || (v.flavor === 'mysql' ? v.major >= 8 : v.major > 10 || (v.major === 10 && v.minor >= 8));
  const list = items.map((i) => `${ctx.source(i.expr) ?? '?'}${i.desc ? ' DESC' : ''}`).join(', ');
  const tname = table?.name ?? 't';
  const ev = nodesWithExtra(ctx.opts.plan, 'filesort').map(evidence);
  ctx.emit(
    'mixed-order-direction',
    range,
    'The sort mixes ascending and descending columns; an index read forwards or backwards gives one direction for all of ' +
      'them, so unless an index stores these columns with the same mix of directions the server sorts every row (filesort).',
    {
      fix: descOk
        ? `Create an index with matching directions: CREATE INDEX ... ON ${tname} (${list}) (MySQL 8.0+, MariaDB 10.8+), or sort all columns the same way.`
        : 'Sort all columns the same way, or store a negated copy of one column and index it.',
      ...(descOk && table?.name ? { ddl: `CREATE INDEX idx_${table.name}_order ON ${ident(table.name)} (${list});` } : {}),
      ...(ev.length ? { evidence: ev } : {}),
    },
  );
}

function spanOf(ctx: Ctx, items: Array<{ expr: Obj; desc: boolean }>): Range {
  const first = ctx.rangeOf(items[0].expr);
  const lastItem = items[items.length - 1];
  let end = ctx.rangeOf(lastItem.expr).end;
  const next = ctx.tokens.find((t) => t.start >= end);
  if (next && next.kind === 'word' && /^(ASC|DESC)$/i.test(next.text)) end = next.end;
  return { start: first.start, end };
}

export function orderAcrossTables(ctx: Ctx, scope: Scope): void {
  if (scope.kind !== 'select' || scope.tables.length < 2) return;
  const group = isObj(scope.node.groupby) ? objs(scope.node.groupby.columns) : [];
  const order = orderItems(scope).map((o) => o.expr);
  const refs = [...group, ...order].map((n) => asColumn(n)).filter((c): c is NonNullable<typeof c> => !!c);
  if (refs.length < 2) return;
  const tables = new Map<TableRef, string[]>();
  for (const c of refs) {
    const hit = resolveColumn(scope, c);
    if (!hit || hit.scope !== scope) continue;
    tables.set(hit.table, [...(tables.get(hit.table) ?? []), c.table ? `${c.table}.${c.column}` : c.column]);
  }
  if (tables.size < 2) return;
  const plan = ctx.opts.plan;
  const ev = [...nodesWithExtra(plan, 'temporary'), ...nodesWithExtra(plan, 'filesort')].map(evidence);
  if (plan && !ev.length) return; // the plan shows no temporary table or sort: withdrawn
  const items = [...group, ...order];
  const range = { start: ctx.rangeOf(items[0]).start, end: ctx.rangeOf(items[items.length - 1]).end };
  const names = [...tables.keys()].map((t) => t.alias).join(' and ');
  ctx.emit(
    'order-across-tables',
    range,
    `GROUP BY / ORDER BY use columns of ${names}. An index orders the rows of one table only, and only of the first table ` +
      'in the join order, so the joined rows go to a temporary table and are sorted there (Using temporary; Using filesort).',
    {
      fix: 'Group and sort by columns of one table: a column joined by equality can be replaced by its partner on the first table.',
      ...(ev.length ? { evidence: ev } : {}),
    },
    ev.length ? 'warning' : 'info',
  );
}

export function selectRules(ctx: Ctx, scope: Scope): void {
  selectStar(ctx, scope);
  orderByRand(ctx, scope);
  largeOffset(ctx, scope);
  limitWithoutOrder(ctx, scope);
  calcFoundRows(ctx, scope);
  distinctWithGroupBy(ctx, scope);
  countColumn(ctx, scope);
  havingWithoutAggregate(ctx, scope);
  mixedOrderDirection(ctx, scope);
  orderAcrossTables(ctx, scope);
}
