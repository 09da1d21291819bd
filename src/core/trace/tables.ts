/**
 * One table of the trace: its table scan, every index the server weighed for a range, a ref
 * or an ORDER BY (usable or not, and why), and the access it chose.
 */
import type { TraceAccess, TraceAlternative, TraceTable } from './model';
import type { BestAccess, Collector } from './collect';
import { accessName, arr, causeKey, cleanRange, isObj, num, sameOrder, str, type Obj } from './values';

/** The best_access_path of `name` for the chosen join order's prefix, else the last one. */
function pickBest(c: Collector, name: string, order: string[] | undefined): BestAccess | undefined {
  const all = c.best.filter((b) => b.table === name);
  if (!all.length) return undefined;
  if (order) {
    const at = order.indexOf(name);
    if (at >= 0) {
      const want = order.slice(0, at);
      const hit =
        [...all].reverse().find((b) => sameOrder(b.prefix, want)) ??
        [...all].reverse().find((b) => b.prefix.length === want.length && b.prefix.every((p) => want.includes(p)));
      if (hit) return hit;
    }
  }
  return all[all.length - 1];
}

/** Indexes the range optimizer could not use go in as such; the usable ones' key parts come back. */
function potentialIndexes(alts: TraceAlternative[], ra: Obj): Map<string, string[]> {
  const keyParts = new Map<string, string[]>();
  for (const p of arr(ra.potential_range_indexes).filter(isObj)) {
    if (typeof p.index !== 'string') continue;
    if (p.usable === true)
      keyParts.set(
        p.index,
        arr(p.key_parts).filter((k): k is string => typeof k === 'string'),
      );
    if (p.usable !== false) continue;
    const cause = causeKey(p.cause) ?? 'not_applicable';
    alts.push({ access: 'range', index: p.index, usable: false, cause, rows: null, cost: null, chosen: false, why: '', source: 'range' });
  }
  return keyParts;
}

/** What the range optimizer weighed: unusable indexes, the covering scan, each range. */
function rangeAlternatives(alts: TraceAlternative[], ra: Obj): void {
  const keyParts = potentialIndexes(alts, ra);
  const cover = isObj(ra.best_covering_index_scan) ? ra.best_covering_index_scan : null;
  if (cover && typeof cover.index === 'string')
    alts.push({
      access: 'index',
      index: cover.index,
      usable: true,
      cause: causeKey(cover.cause),
      rows: null,
      cost: num(cover.cost),
      chosen: false,
      why: '',
      source: 'range',
      keyParts: keyParts.get(cover.index),
    });
  const analysing = isObj(ra.analyzing_range_alternatives) ? ra.analyzing_range_alternatives : null;
  const ranged = new Set<string>();
  for (const r of arr(analysing?.range_scan_alternatives).filter(isObj)) {
    if (typeof r.index !== 'string') continue;
    ranged.add(r.index);
    alts.push({
      access: 'range',
      index: r.index,
      usable: true,
      cause: r.chosen === false ? (causeKey(r.cause) ?? 'cost') : null,
      rows: num(r.rows),
      cost: num(r.cost),
      chosen: false,
      why: '',
      source: 'range',
      ranges: arr(r.ranges)
        .filter((x): x is string => typeof x === 'string')
        .map(cleanRange),
      keyParts: keyParts.get(r.index),
    });
  }
  // Usable for a range by its columns, yet no range came out of the condition.
  for (const [index, parts] of keyParts) {
    if (ranged.has(index) || alts.some((a) => a.index === index && a.access === 'range')) continue;
    alts.push({ access: 'range', index, usable: false, cause: 'no_range', rows: null, cost: null, chosen: false, why: '', source: 'range', keyParts: parts });
  }
}

/** The index the range optimizer picked (MariaDB names none on a range path). */
function rangePick(ra: Obj | null | undefined): string | null {
  const summary = ra && isObj(ra.chosen_range_access_summary) ? ra.chosen_range_access_summary : null;
  return summary && isObj(summary.range_access_plan) ? str(summary.range_access_plan.index) : null;
}

/** The join planner's access paths for the table; returns the one it marked chosen. */
function joinAlternatives(alts: TraceAlternative[], best: BestAccess | undefined, ra: Obj | null | undefined): Obj | undefined {
  let chosenPath: Obj | undefined;
  const rangeIndex = rangePick(ra);
  for (const p of best?.paths ?? []) {
    const access = accessName(p.access_type ?? p.type);
    const index = str(p.index) ?? (access === 'range' ? rangeIndex : null);
    const rows = num(p.rows) ?? num(p.resulting_rows) ?? num(p.rows_to_scan);
    const cost = num(p.cost);
    if (p.chosen === true) chosenPath = p;
    if (access === 'ALL' && !index) {
      const scanAlt = alts.find((a) => a.source === 'scan');
      if (scanAlt) {
        if (p.chosen === false) scanAlt.cause = causeKey(p.cause) ?? 'cost';
        continue;
      }
    }
    if (access === 'range' && index && alts.some((a) => a.access === 'range' && a.index === index)) continue;
    alts.push({
      access,
      index,
      usable: p.chosen !== false || causeKey(p.cause) === 'cost',
      cause: p.chosen === false ? causeKey(p.cause) : null,
      rows,
      cost,
      chosen: false,
      why: '',
      source: 'join',
    });
  }
  return chosenPath;
}

/** The access chosen: the join planner's method or chosen path, else the covering scan, else the range summary. */
function chosenAccess(best: BestAccess | undefined, chosenPath: Obj | undefined, ra: Obj | null | undefined): TraceAccess | null {
  let chosen: TraceAccess | null = null;
  const method = best?.method;
  if (method)
    chosen = {
      access: accessName(method.type),
      index: str(method.index) ?? str(chosenPath?.index) ?? null,
      rows: num(method.records) ?? num(method.rows),
      cost: num(method.cost),
    };
  else if (chosenPath)
    chosen = {
      access: accessName(chosenPath.access_type ?? chosenPath.type),
      index: str(chosenPath.index),
      rows: num(chosenPath.rows) ?? num(chosenPath.resulting_rows),
      cost: num(chosenPath.cost),
    };
  if (chosen && chosen.access === 'range' && !chosen.index) chosen.index = rangePick(ra);
  if (!chosen) chosen = coveringScan(ra);
  if (!chosen && ra && isObj(ra.chosen_range_access_summary) && ra.chosen_range_access_summary.chosen === true) {
    // A single-table statement (UPDATE/DELETE) has no join planning: the range summary is the choice.
    const s = ra.chosen_range_access_summary;
    const plan = isObj(s.range_access_plan) ? s.range_access_plan : {};
    chosen = { access: 'range', index: str(plan.index), rows: num(s.rows_for_plan) ?? num(plan.rows), cost: num(s.cost_for_plan) };
  }
  return chosen;
}

function coveringScan(ra: Obj | null | undefined): TraceAccess | null {
  const c = ra && isObj(ra.best_covering_index_scan) ? ra.best_covering_index_scan : null;
  return c && c.chosen === true && typeof c.index === 'string' && !isObj(ra!.chosen_range_access_summary)
    ? { access: 'index', index: c.index, rows: null, cost: num(c.cost) }
    : null;
}

/** A table only named (a view, a derived table): what it is instead of how it is read. */
function mentioned(t: TraceTable, name: string, mention: { select: number | null; kind: string | null }): TraceTable {
  t.select = mention.select;
  t.why =
    mention.kind === 'merged' ? `${name}: a view merged into the query; its own tables are read instead.` : mention.kind ? `${name}: ${mention.kind}.` : '';
  return t;
}

export function tableOf(c: Collector, name: string, order: string[] | undefined): TraceTable {
  const stats = c.stats.get(name);
  const real = c.aliases.get(name);
  const derived = c.derived.get(name);
  const t: TraceTable = {
    table: real ?? name,
    alias: real ? name : (derived ?? null),
    name,
    select: stats?.select ?? null,
    scan: stats?.scan ?? null,
    chosen: null,
    alternatives: [],
    condition: c.attached.get(name) ?? null,
    why: '',
  };
  const alts = t.alternatives;
  const ra = stats?.range;
  if (t.scan)
    alts.push({ access: 'ALL', index: null, usable: true, cause: null, rows: t.scan.rows, cost: t.scan.cost, chosen: false, why: '', source: 'scan' });
  if (ra) rangeAlternatives(alts, ra);
  const mention = c.mentions.get(name);
  if (!stats && !c.best.some((b) => b.table === name) && mention) return mentioned(t, name, mention);
  if (stats?.fixed) {
    const f = stats.fixed;
    t.chosen = { access: f.access, index: null, rows: f.rows, cost: f.cost };
    alts.push({ access: f.access, index: null, usable: true, cause: f.cause, rows: f.rows, cost: f.cost, chosen: false, why: '', source: 'scan' });
    markChosen(t);
    return t;
  }
  const best = pickBest(c, name, order);
  t.chosen = chosenAccess(best, joinAlternatives(alts, best, ra), ra);
  // ORDER BY … LIMIT may swap the access for an index that gives the order.
  const ob = c.orderBy.find((o) => o.table === name && o.usesIndex && o.index);
  if (ob && ob.index) {
    const access = ob.access ?? 'index';
    t.chosen = { access, index: ob.index, rows: null, cost: null };
    if (!alts.some((a) => a.source === 'order_by' && a.index === ob.index))
      alts.push({ access, index: ob.index, usable: true, cause: null, rows: null, cost: null, chosen: false, why: '', source: 'order_by', clause: ob.clause });
  }
  markChosen(t);
  return t;
}

function markChosen(t: TraceTable): void {
  const ch = t.chosen;
  if (!ch) return;
  const order = ['order_by', 'join', 'range', 'scan', 'schema'];
  const candidates = t.alternatives.filter((a) => a.access === ch.access && (a.index ?? null) === (ch.index ?? null) && a.usable);
  candidates.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  let pick = ch.access === 'index' && !candidates.length ? undefined : candidates[0];
  if (!pick) {
    pick = { access: ch.access, index: ch.index, usable: true, cause: null, rows: ch.rows, cost: ch.cost, chosen: false, why: '', source: 'join' };
    t.alternatives.push(pick);
  }
  pick.chosen = true;
  if (pick.access !== 'impossible') pick.cause = null;
}
