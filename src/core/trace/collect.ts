/**
 * The walk over the trace tree: both servers print a tree of named steps whose order and
 * nesting change between versions, so it visits every node and hands each key it knows
 * (rows_estimation, considered_execution_plans, best_access_path, …) to its reader, wherever
 * it is. What it collects is turned into the model by read.ts and tables.ts.
 */
import type { TraceOrderBy, TraceRewrite, TraceSubquery } from './model';
import { accessName, arr, causeKey, isObj, num, realName, str, strs, unquote, type Obj } from './values';

export interface BestAccess {
  select: number | null;
  table: string;
  prefix: string[];
  paths: Obj[];
  method: Obj | null;
}
export interface PlanNode {
  prefix: string[];
  table: string;
  rows: number | null;
  cost: number | null;
  pruned: boolean;
  chosen: boolean | null;
  leaf: boolean;
}
export interface Block {
  select: number | null;
  nodes: PlanNode[];
  best?: string[];
  summary?: string[];
}
export interface TableStats {
  select: number | null;
  name: string;
  scan: { rows: number | null; cost: number | null } | null;
  range: Obj | null;
  fixed?: { access: string; rows: number | null; cost: number | null; cause: string | null };
}

export class Collector {
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
  /** The estimate entries read (through rows_estimation, or as a step of their own). */
  private readonly estimated = new WeakSet<object>();

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
    // A single-table UPDATE or DELETE (MariaDB): its range analysis is a step of its own, with no
    // rows_estimation around it.
    if (typeof node.table === 'string' && isObj(node.range_analysis) && !this.estimated.has(node)) this.readEstimates([node], select);
    for (const key in node) {
      const value = node[key];
      STEPS.get(key)?.(this, value, select, under, key);
      if (value !== null && typeof value === 'object') this.walk(value, select, below(key, under), depth + 1);
    }
  }

  readDerived(v: unknown, select: number | null, key: string): void {
    if (!isObj(v) || typeof v.table !== 'string') return;
    const inner = num(v['select#']) ?? num(v.select_id);
    const alias = unquote(v.table);
    if (key === 'derived' && inner !== null) this.derived.set(`<derived${inner}>`, alias);
    if (key === 'view' || inner === null) this.mention(alias, select, v.merged === true ? 'merged' : (str(v.algorithm) ?? 'view'));
  }

  readAliases(q: string): void {
    // "from `film` `f` join ..." (MySQL) or "from (film f join inventory i on(...))" (MariaDB).
    const re =
      /(?:\bfrom|\bjoin|,)\s*\(*\s*((?:`(?:[^`]|``)+`|[A-Za-z_$][\w$]*)(?:\.(?:`(?:[^`]|``)+`|[A-Za-z_$][\w$]*))?)(?:\s+(?:as\s+)?(`(?:[^`]|``)+`|[A-Za-z_$][\w$]*))?/gi;
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
    const steps = arr(v.steps)
      .filter(isObj)
      .map((s) => ({ transformation: str(s.transformation) ?? '?', result: str(s.resulting_condition) ?? '' }));
    const last = steps.length ? steps[steps.length - 1].result : original;
    this.rewrites.push({ select, condition: str(v.condition) ?? 'WHERE', original, steps, changed: last !== original, why: '' });
  }

  readEstimates(list: unknown[], select: number | null): void {
    for (const e of list) {
      if (!isObj(e) || typeof e.table !== 'string') continue;
      this.estimated.add(e);
      const name = this.seen(e.table);
      const s = this.stats.get(name) ?? { select, name, scan: null, range: null };
      const ra = isObj(e.range_analysis) ? e.range_analysis : null;
      const scan = (ra && isObj(ra.table_scan) ? ra.table_scan : null) ?? (isObj(e.table_scan) ? e.table_scan : null);
      if (scan) s.scan = { rows: num(scan.rows), cost: num(scan.cost) };
      else if (!s.scan && isObj(e.table_scan)) s.scan = { rows: num(e.table_scan.rows), cost: num(e.table_scan.cost) };
      if (ra) s.range = ra;
      // Read as a constant (one row, or none), or never read: the condition cannot be true.
      if (typeof e.table_type === 'string') s.fixed = { access: e.table_type.toLowerCase(), rows: num(e.rows), cost: num(e.cost), cause: null };
      else if (typeof e.cause === 'string' && /impossible/.test(e.cause))
        s.fixed = { access: 'impossible', rows: 0, cost: null, cause: causeKey(ra && isObj(ra.setup_range_conditions) ? null : e.cause) };
      if (s.fixed && s.fixed.access === 'impossible') {
        const inner = ra
          ? arr(ra.setup_range_conditions)
              .filter(isObj)
              .map((x) => (isObj(x.impossible_condition) ? causeKey(x.impossible_condition.cause) : null))
              .find((x) => x)
          : null;
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
        block.nodes.push({
          prefix,
          table,
          rows: num(p.rows_for_plan),
          cost: num(p.cost_for_plan),
          pruned,
          chosen: typeof p.chosen === 'boolean' ? p.chosen : null,
          leaf: rest.length === 0,
        });
        if (rest.length) visit(rest, depth + 1);
      }
    };
    visit(v, 0);
  }

  readBest(b: Obj, table: string | null, prefix: string[], select: number | null): void {
    const name = table ?? (typeof b.table === 'string' ? this.seen(b.table) : null);
    if (!name) return;
    this.best.push({
      select,
      table: name,
      prefix,
      paths: arr(b.considered_access_paths).filter(isObj),
      method: isObj(b.chosen_access_method) ? b.chosen_access_method : null,
    });
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
    const chosen =
      typeof v.chosen === 'boolean'
        ? v.chosen
        : v.converted_to_semi_join === true
          ? true
          : typeof v.possible === 'boolean'
            ? v.possible
              ? null
              : false
            : null;
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
    const q =
      [...this.subqueries].reverse().find((x) => x.to === 'materialization') ??
      (() => {
        const made: TraceSubquery = { select, from: 'IN (SELECT)', to: 'materialization', chosen: null, strategies: [], why: '' };
        this.subqueries.push(made);
        return made;
      })();
    q.chosen = chosen;
    q.strategies = [
      { strategy: 'materialization', cost: mat, rows: null, chosen: chosen === true },
      { strategy: 'EXISTS', cost: ex, rows: null, chosen: chosen === false },
    ];
  }

  readOrderBy(v: Obj, select: number | null): void {
    const clause = str(v.clause) ?? 'ORDER BY';
    // MariaDB: possible_keys with can_resolve_order; MySQL: steps + index_order_summary.
    const candidates: TraceOrderBy['candidates'] = arr(v.possible_keys)
      .filter(isObj)
      .filter((k) => typeof k.index === 'string')
      .map((k) => ({
        index: k.index as string,
        usable: k.can_resolve_order === true,
        chosen: k.chosen === true,
        cause: causeKey(k.cause),
      }));
    const summary = isObj(v.index_order_summary) ? v.index_order_summary : null;
    let table = typeof v.table === 'string' ? this.seen(v.table) : summary && typeof summary.table === 'string' ? this.seen(summary.table) : null;
    let index: string | null = candidates.find((c) => c.chosen)?.index ?? null;
    let usesIndex = index !== null;
    if (summary) {
      const idx = str(summary.index);
      const provides = summary.index_provides_order === true;
      usesIndex = provides;
      index = provides && idx && idx !== 'unknown' ? idx : null;
      if (idx && idx !== 'unknown' && !candidates.some((c) => c.index === idx))
        candidates.push({ index: idx, usable: provides, chosen: provides, cause: null });
    }
    if (!table) {
      for (const s of arr(v.steps))
        if (isObj(s) && isObj(s.rows_estimation) && typeof s.rows_estimation.table === 'string') table = this.seen(s.rows_estimation.table);
    }
    const access = summary && typeof summary.access_type === 'string' ? accessName(summary.access_type) : undefined;
    this.orderBy.push({ select, clause, table, index, usesIndex, ...(access && usesIndex ? { access } : {}), candidates, why: '' });
  }
}

type Step = (c: Collector, value: unknown, select: number | null, under: string, key: string) => void;

/** What each known key of a trace step adds, wherever in the tree it comes. */
const STEPS = new Map<string, Step>(
  Object.entries({
    expanded_query: (c, v, select) => {
      if (typeof v !== 'string') return;
      c.readAliases(v);
      if (/\border by\b/i.test(v.replace(/\([^()]*\)/g, ''))) c.sorted.add(select);
    },
    adding_sort_to_table: (c, _v, select) => void c.filesort.add(select),
    sorting_table: (c, _v, select) => void c.filesort.add(select),
    condition_processing: (c, v, select) => {
      if (isObj(v)) c.readRewrite(v, select);
    },
    rows_estimation: (c, v, select, under) => {
      if (Array.isArray(v) && under !== 'reconsidering') c.readEstimates(v, select);
    },
    considered_execution_plans: (c, v, select, under) => {
      if (under !== 'materialization') c.readPlans(v, select);
    },
    best_join_order: (c, v, select) => {
      c.block(select).best = strs(v).map((t) => c.seen(t));
    },
    table_dependencies: (c, v, select) => {
      for (const d of arr(v)) if (isObj(d) && typeof d.table === 'string') c.mention(c.seen(d.table), select, null);
    },
    derived: (c, v, select, _u, key) => c.readDerived(v, select, key),
    view: (c, v, select, _u, key) => c.readDerived(v, select, key),
    attached_conditions_summary: (c, v, select) => c.readAttached(v, select),
    transformation: (c, v, select) => {
      if (isObj(v)) c.readTransformation(v, select);
    },
    transformation_to_semi_join: (c, v, select) => {
      if (isObj(v)) c.subqueries.push({ select, from: 'IN (SELECT)', to: 'semijoin', chosen: true, strategies: [], why: '' });
    },
    semijoin_strategy_choice: (c, v, select) => c.readStrategies(v, select),
    final_semijoin_strategy: (c, v, select) => {
      if (typeof v === 'string') c.finalStrategy(v, select);
    },
    fix_semijoin_strategies_for_picked_join_order: (c, v, select) => {
      for (const f of arr(v)) if (isObj(f) && typeof f.semi_join_strategy === 'string') c.finalStrategy(f.semi_join_strategy, select);
    },
    subq_mat_decision: (c, v, select) => {
      if (isObj(v)) c.readMatDecision(v, select);
    },
    reconsidering_access_paths_for_index_ordering: (c, v, select) => {
      if (isObj(v)) c.readOrderBy(v, select);
    },
  } satisfies Record<string, Step>),
);

/** The part of the tree the walk is under, for the keys that mean something else there. */
function below(key: string, under: string): string {
  if (key === 'reconsidering_access_paths_for_index_ordering') return 'reconsidering';
  if (key === 'execution_plan_for_potential_materialization') return 'materialization';
  if (key === 'transformation') return 'transformation';
  return under === 'transformation' ? '' : under;
}
