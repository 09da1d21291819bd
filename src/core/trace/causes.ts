import type { Trace, TraceAlternative, TraceOrderBy, TraceSchema, TraceTable } from './model';
import { formatNumber } from '../format';

/**
 * Plain words for the server's reasons. The trace says *that* an index was not applicable;
 * the condition it prints says *why*: a function around the column, a LIKE starting with a
 * wildcard, a string column compared with a number. The schema (when the caller has it)
 * names the indexes the server did not even list.
 */

const CAUSES: Record<string, string> = {
  not_applicable: "not applicable: the condition does not use the index's first column",
  cost: 'costs more than the chosen access',
  no_predicate_for_first_keypart: "the join gives no value for the index's first column",
  not_usable_index_for_the_query: 'it cannot give the rows in the ORDER BY order',
  heuristic_index_cheaper: 'a lookup on the same index is cheaper',
  range_uses_more_keyparts: 'the range uses more of the index than the lookup would',
  query_references_nonkey_column: 'the query needs columns the index does not hold',
  no_range: 'no range could be built from the condition on its columns',
  unknown: 'the server gave no reason',
  leading_wildcard: 'LIKE with a leading wildcard',
  function_on_column: 'a function is applied to the column',
  type_conversion: 'comparison between string and number',
  not_covering: 'the index does not hold every column the query reads',
  table_is_too_small: 'the table is too small to bother',
  not_single_table: 'only for single-table queries',
};

export function causeWords(cause: string | null): string {
  if (!cause) return '';
  return CAUSES[cause] ?? `the server says "${cause.replace(/_/g, ' ')}"`;
}

const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined ? '?' : Math.abs(n) >= 100 ? formatNumber(Math.round(n)) : String(Math.round(n * 100) / 100);
const rowsWord = (n: number | null) => `${fmt(n)} row${n === 1 ? '' : 's'}`;
const times = (a: number, b: number): string => `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`;

export type ColumnUse = { kind: 'absent' | 'plain' | 'leading_wildcard' | 'function' | 'number'; text?: string };

const NOT_FUNCTIONS = new Set(['and', 'or', 'not', 'xor', 'in', 'on', 'exists', 'equal', 'where', 'having', 'when', 'then', 'else', 'if']);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a column appears in the server's printed condition (the worst use wins). */
export function columnUse(condition: string, table: string, column: string): ColumnUse {
  const re = new RegExp(`(?<![\\w.\`$])(?:\`?${esc(table)}\`?\\.)?\`?${esc(column)}\`?(?![\\w\`$])`, 'gi');
  let best: ColumnUse = { kind: 'absent' };
  const rank = { absent: 0, plain: 1, number: 2, function: 3, leading_wildcard: 4 } as const;
  for (const m of condition.matchAll(re)) {
    const at = m.index ?? 0;
    const after = condition.slice(at + m[0].length, at + m[0].length + 40);
    let use: ColumnUse = { kind: 'plain' };
    const fn = enclosingFunction(condition, at);
    if (/^\s*(?:not\s+)?like\s+(?:_\w+)?'[%_]/i.test(after))
      use = { kind: 'leading_wildcard', text: `${m[0]}${after.match(/^\s*(?:not\s+)?like\s+(?:_\w+)?'[^']*'/i)?.[0] ?? ''}` };
    else if (fn) use = fn.name.toLowerCase() === 'cast' ? { kind: 'number', text: fn.text } : { kind: 'function', text: fn.text };
    else if (/^\s*(?:=|<=>|<>|!=|<=|>=|<|>)\s*-?\d/.test(after) || /\d\s*(?:=|<=>|<>|!=|<=|>=|<|>)\s*\(?\s*$/.test(condition.slice(Math.max(0, at - 20), at)))
      use = { kind: 'number', text: `${m[0]}${after.match(/^\s*(?:=|<=>|<>|!=|<=|>=|<|>)\s*-?[\d.]+/)?.[0] ?? ''}` };
    if (rank[use.kind] > rank[best.kind]) best = use;
  }
  return best;
}

function enclosingFunction(s: string, at: number): { name: string; text: string } | null {
  let depth = 0;
  for (let k = at - 1; k >= 0; k--) {
    const ch = s[k];
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const word = /(<?[A-Za-z_][\w]*>?)\s*$/.exec(s.slice(Math.max(0, k - 40), k))?.[1];
      if (!word || word.startsWith('<') || NOT_FUNCTIONS.has(word.toLowerCase())) continue;
      // The call's text, up to its closing parenthesis.
      let d = 0;
      let end = k;
      for (; end < s.length; end++) {
        if (s[end] === '(') d++;
        else if (s[end] === ')' && --d === 0) break;
      }
      return { name: word, text: `${word}${s.slice(k, end + 1)}`.slice(0, 80) };
    }
  }
  return null;
}

const STRINGY = /char|text|enum|set|binary|blob/i;

interface Ctx {
  table: TraceTable;
  conditions: string;
  schema?: TraceSchema[string];
}

function indexColumns(ctx: Ctx, index: string | null, alt?: TraceAlternative): string[] {
  if (!index) return [];
  const s = ctx.schema?.indexes.find((i) => i.name.toLowerCase() === index.toLowerCase());
  return s?.columns ?? alt?.keyParts ?? [];
}

/** A precise cause from the condition, or null when the condition does not explain it. */
function conditionCause(ctx: Ctx, column: string): { cause: string; why: string } | null {
  const use = columnUse(ctx.conditions, ctx.table.name, column);
  if (use.kind === 'leading_wildcard')
    return {
      cause: 'leading_wildcard',
      why: `LIKE with a leading wildcard (${use.text}): the index is sorted by the start of ${column}, which the pattern leaves open`,
    };
  if (use.kind === 'function')
    return { cause: 'function_on_column', why: `a function is applied to the column (${use.text}): the index holds ${column}, not the function's result` };
  if (use.kind === 'number') {
    const type = ctx.schema?.columns[column] ?? ctx.schema?.columns[column.toLowerCase()];
    if (!type || STRINGY.test(type)) {
      return {
        cause: 'type_conversion',
        why: `comparison between string and number (${use.text}): ${column}${type ? ` is ${type}, so each value` : ', if it holds strings, each value'} is converted to a number and the index cannot be searched; compare with a quoted string`,
      };
    }
  }
  return null;
}

function whyAlternative(ctx: Ctx, a: TraceAlternative): string {
  const t = ctx.table;
  const cols = indexColumns(ctx, a.index, a);
  if (a.chosen) return chosenWhy(t, a);
  if (!a.usable || a.cause === 'no_range') {
    const first = cols[0];
    const precise = first ? conditionCause(ctx, first) : null;
    if (precise && (a.cause === null || ['not_applicable', 'no_range', precise.cause].includes(a.cause) || a.source === 'schema')) {
      a.cause = precise.cause;
      return `${a.index} was considered but not usable: ${precise.why}.`;
    }
    if (a.cause === 'not_applicable' && first) return `not applicable: the condition does not use the index's first column (${first}).`;
    return `${causeWords(a.cause) || 'not usable'}.`;
  }
  if (a.access === 'range' && a.cost !== null && t.scan?.cost && t.scan.rows && a.source === 'range') {
    const share = a.rows !== null ? ` (${a.rows >= 1 && a.rows / t.scan.rows < 0.005 ? '<1' : Math.round((a.rows / t.scan.rows) * 100)}% of rows match)` : '';
    if (a.cost > t.scan.cost)
      return `costs ${times(a.cost, t.scan.cost)} the table scan${share}: reading that many rows through the index costs more than reading the table.`;
    const ch = t.chosen;
    if (ch && ch.access !== 'range' && ch.index === a.index)
      return `the best range (cost ${fmt(a.cost)})${share}, but a ${ch.access} lookup on the same index was costed lower by the join planner.`;
    if (ch && ch.cost !== null) return `cheaper than the table scan${share}, but not the cheapest: cost ${fmt(a.cost)}.`;
    return `cost ${fmt(a.cost)}${share}.`;
  }
  if (a.access === 'ALL') {
    const ch = t.chosen;
    return `reading the whole table (${fmt(a.rows)} rows${a.cost !== null ? `, cost ${fmt(a.cost)}` : ''}) costs more than ${ch ? `the ${ch.access}${ch.index ? ` on ${ch.index}` : ''}` : 'the chosen access'}.`;
  }
  if (a.cause && a.cause !== 'cost') return `${causeWords(a.cause)}.`;
  const ch = t.chosen;
  if (a.cost !== null && ch?.cost)
    return `costs ${fmt(a.cost)}${a.cost > ch.cost ? ` (${times(a.cost, ch.cost)} the chosen ${ch.access}${ch.index ? ` on ${ch.index}` : ''})` : ''}.`;
  return a.access === 'index' ? 'a full scan of the index, not chosen.' : 'not chosen.';
}

function chosenWhy(t: TraceTable, a: TraceAlternative): string {
  const usable = t.alternatives.filter((x) => x !== a && x.usable && x.access !== 'ALL');
  if (a.source === 'order_by' && a.access !== 'index')
    return `chosen for the ${a.clause ?? 'ORDER BY'}: a ${a.access} on ${a.index}, which gives the rows in order, so no sort is needed.`;
  switch (a.access) {
    case 'ALL':
      return usable.length
        ? `chosen: reading the whole table${a.rows !== null ? ` (${rowsWord(a.rows)})` : ''} is cheaper than any index.`
        : `chosen: reading the whole table${a.rows !== null ? ` (${rowsWord(a.rows)})` : ''}; no index could be used.`;
    case 'range':
      return `chosen: the range${a.ranges?.length ? ` ${a.ranges.slice(0, 2).join(', ')}${a.ranges.length > 2 ? ', …' : ''}` : ''} on ${a.index} reads ${rowsWord(a.rows)}${a.cost !== null ? `, cost ${fmt(a.cost)}` : ''}${t.scan?.rows ? ` instead of ${fmt(t.scan.rows)}` : ''}.`;
    case 'ref':
      return `chosen: a lookup on ${a.index} for each row joined so far (${rowsWord(a.rows)} per lookup${a.cost !== null ? `, cost ${fmt(a.cost)}` : ''}).`;
    case 'eq_ref':
      return `chosen: one row per lookup on the unique ${a.index}${a.cost !== null ? ` (cost ${fmt(a.cost)})` : ''}.`;
    case 'index':
      return a.source === 'order_by'
        ? `chosen for the ${a.clause ?? 'ORDER BY'}: reading ${a.index} gives the rows in order, so no sort is needed${a.clause === 'GROUP BY' ? '' : ' and a LIMIT stops the read early'}.`
        : `chosen: a full scan of ${a.index}${a.cost !== null ? ` (cost ${fmt(a.cost)})` : ''}.`;
    case 'const':
    case 'system':
      return `chosen: read once as a constant (${a.access}): the condition fixes ${a.rows === 0 ? 'no row' : 'one row'}.`;
    case 'impossible':
      return `the condition can never be true${a.cause ? ` (${a.cause.replace(/_/g, ' ')})` : ''}: no rows are read.`;
    default:
      return `chosen: ${a.access}${a.index ? ` on ${a.index}` : ''}${a.cost !== null ? ` (cost ${fmt(a.cost)})` : ''}.`;
  }
}

function tableWhy(t: TraceTable): string {
  if (t.why) return t.why;
  const ch = t.alternatives.find((a) => a.chosen);
  const parts: string[] = [];
  if (ch) parts.push(`${t.name}: ${ch.why.replace(/^chosen: /, '')}`);
  else
    parts.push(
      `${t.name}: the trace shows no final choice${t.alternatives.length ? '' : ' (it ends before this table is planned, or the table needs no planning)'}.`,
    );
  const lost = t.alternatives.find((a) => !a.usable && a.cause && ['leading_wildcard', 'function_on_column', 'type_conversion'].includes(a.cause));
  if (lost) parts.push(lost.why);
  return parts.join(' ');
}

function orderWhy(o: TraceOrderBy, filesort: boolean): string {
  if (o.usesIndex && o.index) return `${o.clause}: ${o.table ? `${o.table} is ` : ''}read through ${o.index} in order; no sort needed.`;
  const tried = o.candidates.filter((c) => !c.usable).map((c) => c.index);
  return `${o.clause}: no usable index gives this order${tried.length ? ` (${tried.slice(0, 4).join(', ')}${tried.length > 4 ? ', …' : ''} cannot)` : ''}; the rows are sorted (filesort)${filesort ? '' : ''}.`;
}

/** Fills every `why`, and adds the indexes the schema knows of that a condition rules out. */
export function explainTrace(trace: Trace, schema?: TraceSchema): Trace {
  const lower = schema ? Object.fromEntries(Object.entries(schema).map(([k, v]) => [k.toLowerCase(), v])) : undefined;
  for (const t of trace.tables) {
    const conditions = [t.condition ?? '', ...trace.rewrites.filter((r) => r.select === t.select || t.select === null).map((r) => r.original)].join(' \n ');
    const ctx: Ctx = { table: t, conditions, schema: lower?.[t.table.toLowerCase()] };
    if (ctx.schema) {
      for (const ix of ctx.schema.indexes) {
        if (t.alternatives.some((a) => a.index?.toLowerCase() === ix.name.toLowerCase())) continue;
        const first = ix.columns[0];
        const precise = first ? conditionCause(ctx, first) : null;
        if (precise)
          t.alternatives.push({
            access: 'range',
            index: ix.name,
            usable: false,
            cause: precise.cause,
            rows: null,
            cost: null,
            chosen: false,
            why: '',
            source: 'schema',
            keyParts: ix.columns,
          });
      }
    }
    for (const a of t.alternatives) a.why = whyAlternative(ctx, a);
    t.why = tableWhy(t);
  }
  for (const j of trace.joinOrders) {
    j.why =
      j.chosen.length <= 1 && j.considered <= 1
        ? `one table${j.chosen[0] ? ` (${j.chosen[0]})` : ''}: no join order to choose.`
        : `${j.considered} join prefix${j.considered === 1 ? '' : 'es'} costed, ${j.pruned} pruned, ${j.complete} complete order${j.complete === 1 ? '' : 's'}; chosen ${j.chosen.join(' → ')}${j.cost !== null ? ` (cost ${fmt(j.cost)}${j.rows !== null ? `, ${fmt(j.rows)} rows` : ''})` : ''}.`;
  }
  for (const r of trace.rewrites) {
    const changed = r.steps.filter((s, i) => s.result !== (i === 0 ? r.original : r.steps[i - 1].result));
    r.why = changed.length
      ? `${r.condition}: ${changed.map((s) => `${s.transformation.replace(/_/g, ' ')} ${s.result ? `gives ${s.result}` : 'removes it (a constant condition)'}`).join('; ')}.`
      : `${r.condition}: unchanged by the rewrites.`;
  }
  for (const q of trace.subqueries) {
    const chosen = q.strategies.find((s) => s.chosen);
    const list = q.strategies.filter((s) => s.cost !== null).map((s) => `${s.strategy} ${fmt(s.cost)}${s.chosen ? ' (chosen)' : ''}`);
    q.why = `${q.from} → ${q.to}${q.chosen === true ? ': done' : q.chosen === false ? ': not chosen' : ': possible'}${chosen ? `; strategy ${chosen.strategy}` : ''}${list.length ? ` (costs: ${list.join(', ')})` : ''}.`;
  }
  for (const o of trace.orderBy) o.why = orderWhy(o, false);
  return trace;
}

/**
 * The server changes some accesses after the traced planning (MariaDB turns a table scan
 * into a scan of a covering index); the plan has the last word, and the trace says why.
 */
export function alignWithPlan(trace: Trace, rows: Array<Record<string, unknown>>): void {
  for (const r of rows) {
    const name = typeof r.table === 'string' ? r.table : null;
    const type = typeof r.type === 'string' ? r.type : null;
    const key = typeof r.key === 'string' ? r.key : null;
    const t = trace.tables.find((x) => x.name === name);
    if (!t || !type || !t.chosen || t.chosen.access === type) continue;
    if (!(t.chosen.access === 'ALL' && type === 'index' && key)) continue;
    t.chosen = { access: 'index', index: key, rows: t.chosen.rows, cost: null };
    for (const a of t.alternatives) a.chosen = false;
    let alt = t.alternatives.find((a) => a.access === 'index' && a.index === key);
    if (!alt)
      t.alternatives.push(
        (alt = { access: 'index', index: key, usable: true, cause: null, rows: t.chosen.rows, cost: null, chosen: false, why: '', source: 'scan' }),
      );
    alt.chosen = true;
    alt.cause = null;
    alt.why = `chosen: the planner picked a full read, and ${key} holds every column the query needs, so the server reads the index instead of the table (smaller); the condition is still checked on every entry.`;
    const scan = t.alternatives.find((a) => a.access === 'ALL');
    if (scan) scan.why = `reading the whole table (${scan.rows ?? '?'} rows) was the planner's choice; the covering index ${key} replaced it.`;
    const lost = t.alternatives.find((a) => !a.usable && a.cause && ['leading_wildcard', 'function_on_column', 'type_conversion'].includes(a.cause));
    t.why = `${t.name}: ${alt.why.replace(/^chosen: /, '')}${lost ? ` ${lost.why}` : ''}`;
  }
}
