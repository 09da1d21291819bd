import { walkPlan, type Plan } from '../plan/model';
import type { Execution } from '../report/model';
import type { LiveNode, LiveSummary, LiveUpdate } from './model';

/**
 * The nodes worth watching, in the plan view's order (depth-first): those that name a table
 * or carry row figures. `previous` marks the nodes whose rows went up since then.
 */
export function liveNodes(plan: Plan, previous?: LiveNode[]): LiveNode[] {
  const before = new Map(previous?.map((n) => [n.id, n]));
  const out: LiveNode[] = [];
  let id = 0;
  for (const { node } of walkPlan(plan.root)) {
    const here = id++;
    const table = node.alias ?? node.table;
    if (!table && node.rowsActual === undefined && node.rowsEstimated === undefined) continue;
    const n: LiveNode = { id: here, op: node.op === 'table' ? (node.accessType ?? 'table') : node.op };
    if (table) n.table = table;
    if (node.rowsActual !== undefined) n.rows = node.rowsActual;
    if (node.loops !== undefined) n.loops = node.loops;
    if (node.rowsEstimated !== undefined) n.rowsEstimated = node.rowsEstimated;
    const was = before.get(here);
    if (was && n.rows !== undefined && (n.rows > (was.rows ?? 0) || (n.loops ?? 0) > (was.loops ?? 0))) n.grew = true;
    out.push(n);
  }
  return out;
}

/** "43% of est." when both figures are known. */
export function shareOfEstimate(n: Pick<LiveNode, 'rows' | 'rowsEstimated'>): string | undefined {
  if (n.rows === undefined || !n.rowsEstimated) return undefined;
  return `${Math.round((n.rows / n.rowsEstimated) * 100)}% of est.`;
}

/** One `--progress` line: exactly the documented shape. */
export function progressJson(u: LiveUpdate): string {
  const nodes = u.nodes.map((n) => ({
    table: n.table ?? null,
    op: n.op,
    rows: n.rows ?? null,
    loops: n.loops ?? null,
    rowsEstimated: n.rowsEstimated ?? null,
  }));
  return JSON.stringify({ progress: { elapsedMs: Math.round(u.elapsedMs), stage: u.stage ?? null, nodes } });
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A one-line summary for a terminal progress line and the notification. */
export function progressLine(u: LiveUpdate): string {
  const parts = [secs(u.elapsedMs)];
  if (u.stage) parts.push(u.work && u.work.estimated > 0 ? `${u.stage} ${Math.round((u.work.completed / u.work.estimated) * 100)}%` : u.stage);
  // The growing node first: that is where the time goes now.
  const busy = u.nodes.find((n) => n.grew) ?? [...u.nodes].reverse().find((n) => n.rows !== undefined);
  if (busy) {
    const share = shareOfEstimate(busy);
    parts.push(`${busy.table ?? busy.op}: ${busy.rows ?? '?'} rows${busy.loops && busy.loops > 1 ? ` ×${busy.loops}` : ''}${share ? ` (${share})` : ''}`);
  }
  return parts.join(' · ');
}

/** The report's line about the live view: "cancelled at 12.3 s", the source, the fallback. */
export function liveSummaryLine(s: LiveSummary): string {
  const how =
    s.source === 'show-analyze'
      ? 'SHOW ANALYZE FOR'
      : s.source === 'explain-for-connection'
        ? 'EXPLAIN FOR CONNECTION (plan only) and stage progress'
        : 'elapsed time only';
  const end = s.ended
    ? s.ended.by === 'cancel'
      ? `cancelled at ${secs(s.ended.atMs)}`
      : s.ended.by === 'timeout'
        ? `stopped by the time limit at ${secs(s.ended.atMs)}`
        : `failed at ${secs(s.ended.atMs)}`
    : undefined;
  const head = `Live view: ${s.updates} update${s.updates === 1 ? '' : 's'}`;
  return [s.note ? head : `${head} (${how})`, end, s.note].filter(Boolean).join('; ') + '.';
}

/** How a statement that did not finish ended, from its execution: cancelled, stopped by the time limit, or failed. */
export function liveEnding(ex: Execution): NonNullable<LiveSummary['ended']> {
  const by = ex.reason === 'Cancelled.' ? 'cancel' : /time limit/i.test(ex.reason ?? '') ? 'timeout' : 'error';
  return { by, atMs: ex.ms };
}
