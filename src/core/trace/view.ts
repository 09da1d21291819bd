import type { Trace, TraceAlternative, TraceTable } from './model';
import { formatNumber } from '../format';

/** What every renderer shows of a trace, derived once ("Why this plan"). */

const n = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined ? '' : formatNumber(v, Math.abs(v) >= 100 ? 0 : digits));

export const TRACE_HEADERS = ['access', 'index', 'usable', 'rows', 'cost', 'chosen', 'why'];

export function alternativeCells(a: TraceAlternative): string[] {
  return [a.access, a.index ?? '', a.usable ? 'yes' : 'no', n(a.rows), n(a.cost), a.chosen ? 'chosen' : '', a.why];
}

/** Chosen first, then by cost, the unusable last. */
export function sortedAlternatives(t: TraceTable): TraceAlternative[] {
  const rank = (a: TraceAlternative) => (a.chosen ? 0 : a.usable ? 1 : 2);
  return [...t.alternatives].sort((a, b) => rank(a) - rank(b) || (a.cost ?? Infinity) - (b.cost ?? Infinity));
}

/** An id for the table's section, for plan nodes to link to. */
export function traceAnchor(name: string): string {
  return `why-${name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

export function tableTitle(t: TraceTable): string {
  return t.alias && t.alias !== t.table ? `${t.table} ${t.alias}` : t.table;
}

export function scanLine(t: TraceTable): string {
  return t.scan ? `table scan: ${n(t.scan.rows)} rows, cost ${n(t.scan.cost)}` : '';
}

/** Sentences about the whole statement: the join orders, rewrites, subqueries, the ORDER BY. */
export function statementLines(trace: Trace): string[] {
  const out: string[] = [];
  for (const j of trace.joinOrders)
    if (j.chosen.length > 1 || j.considered > 1)
      out.push(`Join order${trace.joinOrders.length > 1 && j.select !== null ? ` (select #${j.select})` : ''}: ${j.why}`);
  for (const q of trace.subqueries) out.push(`Subquery${q.select !== null ? ` #${q.select}` : ''}: ${q.why}`);
  for (const o of trace.orderBy) out.push(o.why);
  for (const r of trace.rewrites) if (r.changed) out.push(`Rewrite: ${r.why}`);
  // SELECT 1, a DELETE of every row: the server traced no choice. Said, not left as an empty section.
  if (!out.length && !trace.tables.length) out.push('Nothing to choose: the trace records no plan decision for this statement.');
  return out;
}

/** A table by the name the plan uses (alias or table). */
export function traceTableFor(trace: Trace | null | undefined, name: string | undefined): TraceTable | undefined {
  if (!trace || !name) return undefined;
  return trace.tables.find((t) => t.name === name || t.alias === name) ?? trace.tables.find((t) => t.table === name);
}
