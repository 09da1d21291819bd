import type { Trace } from './model';

/** The trace's word on what a finding or a hint is about. */
interface Citable {
  id?: string;
  rule?: string;
  detail?: string;
  message?: string;
}

const BY_CAUSE: Record<string, string[]> = {
  leading_wildcard: ['like-leading-wildcard', 'full-scan', 'examined-returned'],
  function_on_column: ['function-on-column', 'non-sargable-date', 'full-scan', 'examined-returned'],
  type_conversion: ['implicit-conversion', 'full-scan', 'examined-returned'],
};

/** A sentence from the trace for a finding (by id) or a hint (by rule), or undefined. */
export function traceCitation(trace: Trace | null | undefined, key: string): string | undefined {
  if (!trace) return undefined;
  for (const t of trace.tables) {
    const lost = t.alternatives.find((a) => !a.usable && a.cause && BY_CAUSE[a.cause]?.includes(key));
    if (lost) return `Trace: ${lost.why}`;
  }
  if (key === 'full-scan' || key === 'full-join' || key === 'missing-index') {
    const t = trace.tables.find((x) => x.chosen?.access === 'ALL');
    if (t) return `Trace: ${t.why}`;
  }
  if (key === 'filesort' || key === 'filesort-temporary') {
    const o = trace.orderBy.find((x) => !x.usesIndex);
    if (o) return `Trace: ${o.why}`;
  }
  if (key === 'semi-join' || key === 'in-subquery' || key === 'dependent-subquery') {
    const q = trace.subqueries.find((x) => x.chosen === true) ?? trace.subqueries[0];
    if (q) return `Trace: ${q.why}`;
  }
  return undefined;
}

/** Appends the citation to findings and hints, once. */
export function citeTrace(report: {
  trace?: Trace | null;
  findings?: Array<Citable & { detail: string; id: string }>;
  hints: Array<Citable & { message: string; rule: string }>;
}): void {
  const trace = report.trace;
  if (!trace) return;
  for (const f of report.findings ?? []) {
    const c = traceCitation(trace, f.id);
    if (c && !f.detail.includes(c)) f.detail = `${f.detail} ${c}`;
  }
  for (const h of report.hints) {
    const c = traceCitation(trace, h.rule);
    if (c && !h.message.includes(c)) h.message = `${h.message} ${c}`;
  }
}
