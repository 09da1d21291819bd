/**
 * The trace as JSON -> the model: the walk collects what each step says (collect.ts), then
 * each query block's join order and each table's alternatives (tables.ts) are put together.
 */
import type { Trace, TraceJoinOrder, TraceSchema, TraceTable } from './model';
import { Collector, type Block, type PlanNode } from './collect';
import { explainTrace } from './causes';
import { TraceError } from './error';
import { tableOf } from './tables';
import { parseTraceText } from './text';
import { isObj, sameOrder } from './values';

function joinOrderOf(block: Block): TraceJoinOrder | null {
  const nodes = block.nodes;
  if (!nodes.length && !block.best) return null;
  const width = Math.max(0, ...nodes.map((n) => n.prefix.length + 1));
  const complete = nodes.filter((n) => n.leaf && !n.pruned && n.prefix.length + 1 === width);
  let chosen = block.best ?? [];
  let leaf: PlanNode | undefined;
  if (!chosen.length) {
    leaf = [...complete].reverse().find((n) => n.chosen === true) ?? [...complete].reverse().find((n) => n.chosen !== false);
    chosen = leaf ? [...leaf.prefix, leaf.table] : (block.summary ?? []);
  } else {
    leaf = complete.find((n) => sameOrder([...n.prefix, n.table], chosen));
  }
  if (!leaf && complete.length) {
    const finite = complete.filter((n) => n.cost !== null);
    leaf = finite.sort((a, b) => a.cost! - b.cost!)[0];
  }
  return {
    select: block.select,
    considered: nodes.length,
    pruned: nodes.filter((n) => n.pruned).length,
    complete: complete.length,
    chosen,
    cost: leaf?.cost ?? null,
    rows: leaf?.rows ?? null,
    why: '',
  };
}

export interface ReadOptions {
  schema?: TraceSchema;
  /** Bytes the server could not keep (MISSING_BYTES_BEYOND_MAX_MEM_SIZE). */
  missingBytes?: number;
}

/** JSON value -> model. Throws TraceError on something that is not a trace at all. */
export function readTraceJson(json: unknown, opts: ReadOptions = {}): Trace {
  if (!isObj(json)) throw new TraceError('The optimizer trace is not a JSON object.');
  if (!Array.isArray(json.steps)) throw new TraceError('This JSON is not an optimizer trace: it has no "steps".');
  const c = new Collector();
  c.walk(json, null, '', 0);
  const joinOrders = [...c.blocks.values()].map(joinOrderOf).filter((j): j is TraceJoinOrder => j !== null);
  const tables: TraceTable[] = [];
  const names = [...new Set([...c.stats.keys(), ...c.best.map((b) => b.table), ...c.attached.keys(), ...c.mentions.keys()])];
  for (const name of names) {
    if (/^<(subquery|derived|union|materialize)/i.test(name) && !c.stats.has(name) && !c.best.some((b) => b.table === name)) continue;
    const sel = c.stats.get(name)?.select ?? c.best.find((b) => b.table === name)?.select ?? null;
    const order =
      joinOrders.find((j) => j.chosen.includes(name) && (j.select === sel || sel === null))?.chosen ?? joinOrders.find((j) => j.chosen.includes(name))?.chosen;
    tables.push(tableOf(c, name, order));
  }
  // ORDER BY with no index considered for it: the rows are sorted.
  for (const sel of c.sorted) {
    if (!c.orderBy.some((o) => o.select === sel))
      c.orderBy.push({ select: sel, clause: 'ORDER BY', table: null, index: null, usesIndex: false, candidates: [], why: '' });
  }
  const missing = opts.missingBytes ?? 0;
  const trace: Trace = {
    source: 'optimizer_trace',
    truncated: missing > 0,
    ...(opts.missingBytes !== undefined ? { missingBytes: opts.missingBytes } : {}),
    flavor: c.flavor,
    tables,
    joinOrder: joinOrders.find((j) => j.select === 1) ?? joinOrders[0] ?? null,
    joinOrders,
    rewrites: c.rewrites,
    subqueries: c.subqueries,
    orderBy: c.orderBy,
    notes: [],
  };
  return explainTrace(trace, opts.schema);
}

/** Saved or fetched trace text -> model (see parseTraceText for what it accepts). */
export function readTrace(text: string, opts: ReadOptions = {}): Trace {
  const parsed = parseTraceText(text);
  const missingBytes = opts.missingBytes ?? parsed.missingBytes;
  const trace = readTraceJson(parsed.json, { ...opts, ...(missingBytes !== undefined ? { missingBytes } : {}) });
  if (parsed.cut && !trace.truncated) trace.truncated = true;
  if (trace.truncated)
    trace.notes.unshift(
      `The trace was cut${trace.missingBytes ? ` (${trace.missingBytes} bytes beyond optimizer_trace_max_mem_size)` : ''}: what follows covers only its first part.`,
    );
  return trace;
}
