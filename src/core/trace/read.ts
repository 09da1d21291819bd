import type { Trace, TraceAccess, TraceJoinOrder, TraceOrderBy, TraceRewrite, TraceSchema, TraceSubquery, TraceTable } from './model';
import { parseTraceText, TraceError } from './text';
import { explainTrace } from './causes';

/**
 * The trace as JSON -> the model. Both servers print a tree of named steps whose order and
 * nesting change between versions, so this walks every node and reacts to the keys it knows
 * (rows_estimation, considered_execution_plans, best_access_path, …) wherever they are.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strs = (v: unknown): string[] => arr(v).map((x) => (typeof x === 'string' ? unquote(x) : isObj(x) && typeof x.table === 'string' ? unquote(x.table) : '')).filter((x) => x !== '');
/** `cause` strings: MySQL writes not_applicable, MariaDB "not applicable". */
export const causeKey = (v: unknown): string | null => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s-]+/g, '_') : null);

/** "`t1`", "`sakila`.`film` `f`", "f" -> the name as the plan shows it, and the real table when the trace gives both. */
export function unquote(name: string): string {
  const parts = name.match(/`(?:[^`]|``)*`|[^\s`]+/g) ?? [name];
  const last = parts[parts.length - 1] ?? name;
  return last.startsWith('`') ? last.slice(1, -1).replace(/``/g, '`') : last;
}
function realName(name: string): string | null {
  const parts = name.match(/`(?:[^`]|``)*`|[^\s`]+/g) ?? [];
  if (parts.length < 2) return null;
  const first = parts[0]!.replace(/^`|`$/g, '');
  return first.includes('.') ? first.split('.').pop()!.replace(/`/g, '') : first;
}

interface BestAccess { select: number | null; table: string; prefix: string[]; paths: Obj[]; method: Obj | null }
interface PlanNode { prefix: string[]; table: string; rows: number | null; cost: number | null; pruned: boolean; chosen: boolean | null; leaf: boolean }
interface Block { select: number | null; nodes: PlanNode[]; best?: string[]; summary?: string[] }
interface TableStats { select: number | null; name: string; scan: { rows: number | null; cost: number | null } | null; range: Obj | null; fixed?: { access: string; rows: number | null; cost: number | null; cause: string | null } }

class Collector {
  aliases = new Map<string, string>();
  stats = new Map<string, TableStats>();
  best: BestAccess[] = [];
  blocks = new Map<number | null, Block>();
  attached = new Map<string, string | null>();
  rewrites: TraceRewrite[] = [];
  subqueries: TraceSubquery[] = [];
  orderBy: TraceOrderBy[] = [];
  flavor: 'mysql' | 'mariadb' | null = null;
  /** Query blocks with an ORDER BY, and those the server said it sorts. */
  sorted = new Set<number | null>();
  derived = new Map<string, string>();
  mentions = new Map<string, { select: number | null; kind: string | null }>();
  mention(name: string, select: number | null, kind: string | null): void {
    const m = this.mentions.get(name);
    if (!m) this.mentions.set(name, { select, kind });
    else if (kind) m.kind = kind;
  }
  filesort = new Set<number | null>();
  private visited = 0;

  block(select: number | null): Block {
    let b = this.blocks.get(select);
    if (!b) this.blocks.set(select, (b = { select, nodes: [] }));
    return b;
  }

  private known = new Map<string, string>();
  seen(name: string): string {
    const hit = this.known.get(name);
    if (hit !== undefined) return hit;
    const n = unquote(name);
    const real = realName(name);
    if (real && real !== n) this.aliases.set(n, real);
    this.known.set(name, n);
    return n;
  }

  walk(node: unknown, select: number | null, under: string, depth: number): void {
    if (++this.visited > 5_000_000 || depth > 400) return;
    if (Array.isArray(node)) {
      for (const x of node) this.walk(x, select, under, depth + 1);
      return;
    }
    if (!isObj(node)) return;
    if ('select#' in node) this.flavor ??= 'mysql';
    if ('select_id' in node) this.flavor ??= 'mariadb';
    const own = num(node['select#']) ?? num(node.select_id);
    if (own !== null && under !== 'transformation') select = own;
    for (const key in node) {
      const value = node[key];
      switch (key) {
        case 'expanded_query':
          if (typeof value === 'string') {
            this.readAliases(value);
            if (/\border by\b/i.test(value.replace(/\([^()]*\)/g, ''))) this.sorted.add(select);
          }
          break;
        case 'adding_sort_to_table':
        case 'sorting_table':
          this.filesort.add(select);
          break;
        case 'condition_processing':
          if (isObj(value)) this.readRewrite(value, select);
          break;
        case 'rows_estimation':
          if (Array.isArray(value) && under !== 'reconsidering') this.readEstimates(value, select);
          break;
        case 'considered_execution_plans':
          if (under !== 'materialization') this.readPlans(value, select);
          break;
        case 'best_join_order':
          this.block(select).best = strs(value).map((t) => this.seen(t));
          break;
        case 'table_dependencies':
          for (const d of arr(value)) if (isObj(d) && typeof d.table === 'string') this.mention(this.seen(d.table), select, null);
          break;
        case 'derived':
        case 'view':
          if (isObj(value) && typeof value.table === 'string') {
            const inner = num(value['select#']) ?? num(value.select_id);
            const alias = unquote(value.table);
            if (key === 'derived' && inner !== null) this.derived.set(`<derived${inner}>`, alias);
            if (key === 'view' || inner === null) this.mention(alias, select, value.merged === true ? 'merged' : str(value.algorithm) ?? 'view');
          }
          break;
        case 'attached_conditions_summary':
          this.readAttached(value, select);
          break;
        case 'transformation':
          if (isObj(value)) this.readTransformation(value, select);
          break;
        case 'transformation_to_semi_join':
          if (isObj(value)) this.subqueries.push({ select, from: 'IN (SELECT)', to: 'semijoin', chosen: true, strategies: [], why: '' });
          break;
        case 'semijoin_strategy_choice':
          this.readStrategies(value, select);
          break;
        case 'final_semijoin_strategy':
          if (typeof value === 'string') this.finalStrategy(value, select);
          break;
        case 'fix_semijoin_strategies_for_picked_join_order':
          for (const f of arr(value)) if (isObj(f) && typeof f.semi_join_strategy === 'string') this.finalStrategy(f.semi_join_strategy, select);
          break;
        case 'subq_mat_decision':
          if (isObj(value)) this.readMatDecision(value, select);
          break;
        case 'reconsidering_access_paths_for_index_ordering':
          if (isObj(value)) this.readOrderBy(value, select);
          break;
      }
      if (value !== null && typeof value === 'object') {
        const next = key === 'reconsidering_access_paths_for_index_ordering' ? 'reconsidering'
          : key === 'execution_plan_for_potential_materialization' ? 'materialization'
            : key === 'transformation' ? 'transformation' : under === 'transformation' ? '' : under;
        this.walk(value, select, next, depth + 1);
      }
    }
  }

  readAliases(q: string): void {
    // "from `film` `f` join ..." (MySQL) or "from (film f join inventory i on(...))" (MariaDB).
    const re = /(?:\bfrom|\bjoin|,)\s*\(*\s*((?:`(?:[^`]|``)+`|[A-Za-z_$][\w$]*)(?:\.(?:`(?:[^`]|``)+`|[A-Za-z_$][\w$]*))?)(?:\s+(?:as\s+)?(`(?:[^`]|``)+`|[A-Za-z_$][\w$]*))?/gi;
    const reserved = /^(join|on|where|left|right|inner|outer|cross|straight_join|natural|using|group|order|limit|having|union|semi|select|straight)$/i;
    for (const m of q.matchAll(re)) {
      const table = m[1].split('.').pop()!.replace(/`/g, '');
      const alias = m[2]?.replace(/`/g, '');
      if (!alias || reserved.test(alias) || reserved.test(table) || alias === table) continue;
      if (!this.aliases.has(alias)) this.aliases.set(alias, table);
    }
  }

  readRewrite(v: Obj, select: number | null): void {
    const original = str(v.original_condition) ?? '';
    const steps = arr(v.steps).filter(isObj).map((s) => ({ transformation: str(s.transformation) ?? '?', result: str(s.resulting_condition) ?? '' }));
    const last = steps.length ? steps[steps.length - 1].result : original;
    this.rewrites.push({ select, condition: str(v.condition) ?? 'WHERE', original, steps, changed: last !== original, why: '' });
  }

  readEstimates(list: unknown[], select: number | null): void {
    for (const e of list) {
      if (!isObj(e) || typeof e.table !== 'string') continue;
      const name = this.seen(e.table);
      const s = this.stats.get(name) ?? { select, name, scan: null, range: null };
      const ra = isObj(e.range_analysis) ? e.range_analysis : null;
      const scan = (ra && isObj(ra.table_scan) ? ra.table_scan : null) ?? (isObj(e.table_scan) ? e.table_scan : null);
      if (scan) s.scan = { rows: num(scan.rows), cost: num(scan.cost) };
      else if (!s.scan && isObj(e.table_scan)) s.scan = { rows: num(e.table_scan.rows), cost: num(e.table_scan.cost) };
      if (ra) s.range = ra;
      // Read as a constant (one row, or none), or never read: the condition cannot be true.
      if (typeof e.table_type === 'string') s.fixed = { access: e.table_type.toLowerCase(), rows: num(e.rows), cost: num(e.cost), cause: null };
      else if (typeof e.cause === 'string' && /impossible/.test(e.cause)) s.fixed = { access: 'impossible', rows: 0, cost: null, cause: causeKey(ra && isObj(ra.setup_range_conditions) ? null : e.cause) };
      if (s.fixed && s.fixed.access === 'impossible') {
        const inner = ra ? arr(ra.setup_range_conditions).filter(isObj).map((x) => (isObj(x.impossible_condition) ? causeKey(x.impossible_condition.cause) : null)).find((x) => x) : null;
        s.fixed.cause = inner ?? causeKey(e.cause);
      }
      this.stats.set(name, s);
    }
  }

  readPlans(v: unknown, select: number | null): void {
    const block = this.block(select);
    const visit = (list: unknown, depth: number) => {
      for (const p of arr(list)) {
        if (!isObj(p)) continue;
        const prefix = strs(p.plan_prefix).map((t) => this.seen(t));
        // MariaDB costs every next table first (get_costs_for_tables), then extends the prefix.
        for (const g of arr(p.get_costs_for_tables)) if (isObj(g) && isObj(g.best_access_path)) this.readBest(g.best_access_path, null, prefix, select);
        if (typeof p.table !== 'string') continue;
        const table = this.seen(p.table);
        if (isObj(p.best_access_path)) this.readBest(p.best_access_path, table, prefix, select);
        const pruned = Object.keys(p).some((k) => k.startsWith('pruned_by') && p[k] === true);
        const rest = arr(p.rest_of_plan);
        block.nodes.push({ prefix, table, rows: num(p.rows_for_plan), cost: num(p.cost_for_plan), pruned, chosen: typeof p.chosen === 'boolean' ? p.chosen : null, leaf: rest.length === 0 });
        if (rest.length) visit(rest, depth + 1);
      }
    };
    visit(v, 0);
  }

  readBest(b: Obj, table: string | null, prefix: string[], select: number | null): void {
    const name = table ?? (typeof b.table === 'string' ? this.seen(b.table) : null);
    if (!name) return;
    this.best.push({ select, table: name, prefix, paths: arr(b.considered_access_paths).filter(isObj), method: isObj(b.chosen_access_method) ? b.chosen_access_method : null });
  }

  readAttached(v: unknown, select: number | null): void {
    const names: string[] = [];
    for (const a of arr(v)) {
      if (!isObj(a) || typeof a.table !== 'string') continue;
      const n = this.seen(a.table);
      names.push(n);
      this.attached.set(n, str(a.attached));
    }
    const b = this.block(select);
    if (names.length) b.summary = names;
  }

  readTransformation(v: Obj, select: number | null): void {
    const from = str(v.from);
    const to = str(v.to);
    if (!from || !to) return;
    const s = num(v['select#']) ?? num(v.select_id) ?? select;
    const chosen = typeof v.chosen === 'boolean' ? v.chosen : v.converted_to_semi_join === true ? true : typeof v.possible === 'boolean' ? (v.possible ? null : false) : null;
    const same = this.subqueries.find((q) => q.select === s && q.from === from && q.to === to);
    if (same) {
      if (chosen !== null) same.chosen = chosen;
    } else this.subqueries.push({ select: s, from, to, chosen, strategies: [], why: str(v.cause) ?? '' });
  }

  private semijoin(select: number | null): TraceSubquery {
    const q = [...this.subqueries].reverse().find((x) => x.to === 'semijoin' && x.chosen !== false);
    if (q) return q;
    const made: TraceSubquery = { select, from: 'IN (SELECT)', to: 'semijoin', chosen: true, strategies: [], why: '' };
    this.subqueries.push(made);
    return made;
  }

  readStrategies(v: unknown, select: number | null): void {
    const list = arr(v).filter(isObj);
    if (!list.length) return;
    const q = this.semijoin(select);
    const fresh: TraceSubquery['strategies'] = [];
    let picked: string | null = null;
    for (const s of list) {
      if (typeof s.chosen_strategy === 'string') picked = s.chosen_strategy;
      if (typeof s.strategy !== 'string') continue;
      fresh.push({ strategy: s.strategy, cost: num(s.cost) ?? num(s.read_time), rows: num(s.rows) ?? num(s.records), chosen: s.chosen === true });
    }
    if (picked) for (const s of fresh) s.chosen = s.strategy === picked;
    // The last costed set is the one for the final position of the inner tables.
    if (fresh.length) q.strategies = fresh;
  }

  finalStrategy(name: string, select: number | null): void {
    const q = this.semijoin(select);
    if (!q.strategies.some((s) => s.strategy === name)) q.strategies.push({ strategy: name, cost: null, rows: null, chosen: true });
    for (const s of q.strategies) s.chosen = s.strategy === name;
  }

  readMatDecision(v: Obj, select: number | null): void {
    const mat = num(v.cost_of_materialization);
    const ex = num(v.cost_of_EXISTS);
    const chosen = typeof v.chosen === 'boolean' ? v.chosen : mat !== null && ex !== null ? mat < ex : null;
    const q = [...this.subqueries].reverse().find((x) => x.to === 'materialization') ?? (() => {
      const made: TraceSubquery = { select, from: 'IN (SELECT)', to: 'materialization', chosen: null, strategies: [], why: '' };
      this.subqueries.push(made);
      return made;
    })();
    q.chosen = chosen;
    q.strategies = [{ strategy: 'materialization', cost: mat, rows: null, chosen: chosen === true }, { strategy: 'EXISTS', cost: ex, rows: null, chosen: chosen === false }];
  }

  readOrderBy(v: Obj, select: number | null): void {
    const clause = str(v.clause) ?? 'ORDER BY';
    // MariaDB: possible_keys with can_resolve_order; MySQL: steps + index_order_summary.
    const candidates: TraceOrderBy['candidates'] = arr(v.possible_keys).filter(isObj).filter((k) => typeof k.index === 'string').map((k) => ({
      index: k.index as string, usable: k.can_resolve_order === true, chosen: k.chosen === true, cause: causeKey(k.cause) }));
    const summary = isObj(v.index_order_summary) ? v.index_order_summary : null;
    let table = typeof v.table === 'string' ? this.seen(v.table) : summary && typeof summary.table === 'string' ? this.seen(summary.table) : null;
    let index: string | null = candidates.find((c) => c.chosen)?.index ?? null;
    let usesIndex = index !== null;
    if (summary) {
      const idx = str(summary.index);
      const provides = summary.index_provides_order === true;
      usesIndex = provides;
      index = provides && idx && idx !== 'unknown' ? idx : null;
      if (idx && idx !== 'unknown' && !candidates.some((c) => c.index === idx)) candidates.push({ index: idx, usable: provides, chosen: provides, cause: null });
    }
    if (!table) {
      for (const s of arr(v.steps)) if (isObj(s) && isObj(s.rows_estimation) && typeof s.rows_estimation.table === 'string') table = this.seen(s.rows_estimation.table);
    }
    const access = summary && typeof summary.access_type === 'string' ? accessName(summary.access_type) : undefined;
    this.orderBy.push({ select, clause, table, index, usesIndex, ...(access && usesIndex ? { access } : {}), candidates, why: '' });
  }
}

const ACCESS: Record<string, string> = { scan: 'ALL', table_scan: 'ALL', index_scan: 'index', full_index_scan: 'index', range_scan: 'range', hash: 'hash_ALL' };
export const accessName = (t: unknown): string => {
  const s = typeof t === 'string' ? t.toLowerCase() : 'ALL';
  return ACCESS[s] ?? s;
};

/** MariaDB pads range bounds with \0 and U+FFFF up to the column's length. */
export function cleanRange(r: string): string {
  return r.split('\u0000').join('').replace(/\uFFFF+/g, '…');
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

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
  return { select: block.select, considered: nodes.length, pruned: nodes.filter((n) => n.pruned).length, complete: complete.length, chosen, cost: leaf?.cost ?? null, rows: leaf?.rows ?? null, why: '' };
}

function pickBest(c: Collector, name: string, order: string[] | undefined): BestAccess | undefined {
  const all = c.best.filter((b) => b.table === name);
  if (!all.length) return undefined;
  if (order) {
    const at = order.indexOf(name);
    if (at >= 0) {
      const want = order.slice(0, at);
      const hit = [...all].reverse().find((b) => sameOrder(b.prefix, want)) ?? [...all].reverse().find((b) => b.prefix.length === want.length && b.prefix.every((p) => want.includes(p)));
      if (hit) return hit;
    }
  }
  return all[all.length - 1];
}

function tableOf(c: Collector, name: string, order: string[] | undefined): TraceTable {
  const stats = c.stats.get(name);
  const real = c.aliases.get(name);
  const derived = c.derived.get(name);
  const t: TraceTable = { table: real ?? name, alias: real ? name : derived ?? null, name, select: stats?.select ?? null, scan: stats?.scan ?? null, chosen: null, alternatives: [], condition: c.attached.get(name) ?? null, why: '' };
  const alts = t.alternatives;
  const ra = stats?.range;
  if (t.scan) alts.push({ access: 'ALL', index: null, usable: true, cause: null, rows: t.scan.rows, cost: t.scan.cost, chosen: false, why: '', source: 'scan' });
  if (ra) {
    for (const p of arr(ra.potential_range_indexes).filter(isObj)) {
      if (typeof p.index !== 'string' || p.usable !== false) continue;
      alts.push({ access: 'range', index: p.index, usable: false, cause: causeKey(p.cause) ?? 'not_applicable', rows: null, cost: null, chosen: false, why: '', source: 'range' });
    }
    const keyParts = new Map<string, string[]>();
    for (const p of arr(ra.potential_range_indexes).filter(isObj)) if (typeof p.index === 'string' && p.usable === true) keyParts.set(p.index, arr(p.key_parts).filter((k): k is string => typeof k === 'string'));
    const cover = isObj(ra.best_covering_index_scan) ? ra.best_covering_index_scan : null;
    if (cover && typeof cover.index === 'string') alts.push({ access: 'index', index: cover.index, usable: true, cause: causeKey(cover.cause), rows: null, cost: num(cover.cost), chosen: false, why: '', source: 'range', keyParts: keyParts.get(cover.index) });
    const analysing = isObj(ra.analyzing_range_alternatives) ? ra.analyzing_range_alternatives : null;
    const ranged = new Set<string>();
    for (const r of arr(analysing?.range_scan_alternatives).filter(isObj)) {
      if (typeof r.index !== 'string') continue;
      ranged.add(r.index);
      alts.push({ access: 'range', index: r.index, usable: true, cause: r.chosen === false ? causeKey(r.cause) ?? 'cost' : null, rows: num(r.rows), cost: num(r.cost), chosen: false, why: '', source: 'range', ranges: arr(r.ranges).filter((x): x is string => typeof x === 'string').map(cleanRange), keyParts: keyParts.get(r.index) });
    }
    // Usable for a range by its columns, yet no range came out of the condition.
    for (const [index, parts] of keyParts) {
      if (ranged.has(index) || alts.some((a) => a.index === index && a.access === 'range')) continue;
      alts.push({ access: 'range', index, usable: false, cause: 'no_range', rows: null, cost: null, chosen: false, why: '', source: 'range', keyParts: parts });
    }
  }
  const mention = c.mentions.get(name);
  if (!stats && !c.best.some((b) => b.table === name) && mention) {
    t.select = mention.select;
    t.why = mention.kind === 'merged' ? `${name}: a view merged into the query; its own tables are read instead.` : mention.kind ? `${name}: ${mention.kind}.` : '';
    return t;
  }
  if (stats?.fixed) {
    const f = stats.fixed;
    t.chosen = { access: f.access, index: null, rows: f.rows, cost: f.cost };
    t.alternatives.push({ access: f.access, index: null, usable: true, cause: f.cause, rows: f.rows, cost: f.cost, chosen: false, why: '', source: 'scan' });
    markChosen(t);
    return t;
  }
  const best = pickBest(c, name, order);
  let chosenPath: Obj | undefined;
  const summary = ra && isObj(ra.chosen_range_access_summary) ? ra.chosen_range_access_summary : null;
  const rangeIndex = summary && isObj(summary.range_access_plan) ? str(summary.range_access_plan.index) : null;
  for (const p of best?.paths ?? []) {
    const access = accessName(p.access_type ?? p.type);
    // MariaDB names no index on a range path: it is the range optimizer's pick.
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
    alts.push({ access, index, usable: p.chosen !== false || causeKey(p.cause) === 'cost', cause: p.chosen === false ? causeKey(p.cause) : null, rows, cost, chosen: false, why: '', source: 'join' });
  }
  const method = best?.method;
  if (method) t.chosen = { access: accessName(method.type), index: str(method.index) ?? str(chosenPath?.index) ?? null, rows: num(method.records) ?? num(method.rows), cost: num(method.cost) };
  else if (chosenPath) t.chosen = { access: accessName(chosenPath.access_type ?? chosenPath.type), index: str(chosenPath.index), rows: num(chosenPath.rows) ?? num(chosenPath.resulting_rows), cost: num(chosenPath.cost) };
  if (t.chosen && t.chosen.access === 'range' && !t.chosen.index) {
    const summary = ra && isObj(ra.chosen_range_access_summary) ? ra.chosen_range_access_summary : null;
    const plan = summary && isObj(summary.range_access_plan) ? summary.range_access_plan : null;
    t.chosen.index = str(plan?.index) ?? null;
  }
  if (!t.chosen && cover_(ra)) t.chosen = cover_(ra)!;
  if (!t.chosen && ra && isObj(ra.chosen_range_access_summary) && ra.chosen_range_access_summary.chosen === true) {
    // A single-table statement (UPDATE/DELETE) has no join planning: the range summary is the choice.
    const s = ra.chosen_range_access_summary;
    const plan = isObj(s.range_access_plan) ? s.range_access_plan : {};
    t.chosen = { access: 'range', index: str(plan.index), rows: num(s.rows_for_plan) ?? num(plan.rows), cost: num(s.cost_for_plan) };
  }
  // ORDER BY … LIMIT may swap the access for an index that gives the order.
  const ob = c.orderBy.find((o) => o.table === name && o.usesIndex && o.index);
  if (ob && ob.index) {
    const access = ob.access ?? 'index';
    t.chosen = { access, index: ob.index, rows: null, cost: null };
    if (!alts.some((a) => a.source === 'order_by' && a.index === ob.index)) alts.push({ access, index: ob.index, usable: true, cause: null, rows: null, cost: null, chosen: false, why: '', source: 'order_by', clause: ob.clause });
  }
  markChosen(t);
  return t;
}

function cover_(ra: Obj | null | undefined): TraceAccess | null {
  const c = ra && isObj(ra.best_covering_index_scan) ? ra.best_covering_index_scan : null;
  return c && c.chosen === true && typeof c.index === 'string' && !isObj(ra!.chosen_range_access_summary) ? { access: 'index', index: c.index, rows: null, cost: num(c.cost) } : null;
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
    const order = joinOrders.find((j) => j.chosen.includes(name) && (j.select === sel || sel === null))?.chosen ?? joinOrders.find((j) => j.chosen.includes(name))?.chosen;
    tables.push(tableOf(c, name, order));
  }
  // ORDER BY with no index considered for it: the rows are sorted.
  for (const sel of c.sorted) {
    if (!c.orderBy.some((o) => o.select === sel)) c.orderBy.push({ select: sel, clause: 'ORDER BY', table: null, index: null, usesIndex: false, candidates: [], why: '' });
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
  if (trace.truncated) trace.notes.unshift(`The trace was cut${trace.missingBytes ? ` (${trace.missingBytes} bytes beyond optimizer_trace_max_mem_size)` : ''}: what follows covers only its first part.`);
  return trace;
}
