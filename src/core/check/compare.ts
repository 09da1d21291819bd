// What changed between a statement's baseline plan and its plan now, each change marked as
// worse, better or neutral. The rules are those of `mqt check` (docs/ci.md).
import type { NormalPlan, NormalTable } from './normalize';
import { formatNumber } from '../format';

export type Verdict = 'worse' | 'better' | 'neutral';

export interface PlanChange {
  verdict: Verdict;
  /** The table concerned, when the change is about one. */
  table?: string;
  /** One line a reviewer reads: what it was and what it is. */
  message: string;
}

/** Access types that use an index to find rows (not a full scan of the table or of an index). */
const INDEX_ACCESS = new Set([
  'system',
  'const',
  'eq_ref',
  'ref',
  'ref_or_null',
  'fulltext',
  'unique_subquery',
  'index_subquery',
  'range',
  'index_merge',
  'hash_range',
  'hash_ref',
  'hash_eq_ref',
  'hash_index_merge',
]);
const FULL_INDEX = new Set(['index', 'hash_index']);
const FULL_TABLE = new Set(['ALL', 'hash_ALL']);

function scanRank(access: string): number | undefined {
  if (INDEX_ACCESS.has(access)) return 2;
  if (FULL_INDEX.has(access)) return 1;
  if (FULL_TABLE.has(access)) return 0;
  return undefined;
}

function describeAccess(t: NormalTable): string {
  const what = FULL_TABLE.has(t.access) ? `${t.access} (full table scan)` : FULL_INDEX.has(t.access) ? `${t.access} (full index scan)` : t.access;
  return t.key ? `${what} on ${t.key}` : what;
}

export function rowsText(rows: number | null): string {
  if (rows === null) return 'unknown';
  if (rows === 0) return '< 1';
  return `~${formatNumber(rows)}`;
}

/**
 * Whether the estimated rows grew (1) or shrank (-1) tenfold. The baseline keeps only the
 * order of magnitude, so the exact estimate of this run is compared with ten times it: a
 * flag needs a real growth of at least 3.16x (the bucket's edge), never a rounding flip.
 */
function tenfold(before: NormalTable, after: NormalTable): 1 | -1 | 0 {
  if (before.rows === null) return 0;
  const now = after.estimate ?? after.rows;
  if (now === null) return 0;
  const base = Math.max(before.rows, 1);
  if (now >= base * 10) return 1;
  if (before.rows >= 10 && now <= base / 10) return -1;
  return 0;
}

/** Higher by more than rounding to two significant digits could explain. */
const COST_SLACK = 1.05;

export function comparePlans(before: NormalPlan, after: NormalPlan): PlanChange[] {
  const out: PlanChange[] = [];
  const was = new Map(before.tables.map((t) => [t.table, t]));
  const now = new Map(after.tables.map((t) => [t.table, t]));

  for (const t of after.tables) {
    const o = was.get(t.table);
    if (!o) continue;
    const ro = scanRank(o.access);
    const rn = scanRank(t.access);
    if (o.access !== t.access || o.key !== t.key) {
      let verdict: Verdict = 'neutral';
      if (ro !== undefined && rn !== undefined && rn < ro) verdict = 'worse';
      else if (ro !== undefined && rn !== undefined && rn > ro) verdict = 'better';
      else if (o.key && !t.key) verdict = 'worse';
      else if (!o.key && t.key) verdict = 'better';
      const lost = o.key && !t.key ? ` (key ${o.key} lost)` : '';
      out.push({ verdict, table: t.table, message: `${t.table}: ${describeAccess(o)} -> ${describeAccess(t)}${lost}` });
    }
    const d = tenfold(o, t);
    if (d !== 0) {
      const now = t.estimate !== undefined ? formatNumber(Math.round(t.estimate)) : rowsText(t.rows);
      out.push({
        verdict: d > 0 ? 'worse' : 'better',
        table: t.table,
        message: `${t.table}: estimated rows ${rowsText(o.rows)} -> ${now} (${d > 0 ? '10x or more' : 'a tenth or less'})`,
      });
    }
  }
  const added = after.tables.filter((t) => !was.has(t.table)).map((t) => t.table);
  const gone = before.tables.filter((t) => !now.has(t.table)).map((t) => t.table);
  if (added.length) out.push({ verdict: 'neutral', message: `table(s) now in the plan: ${added.join(', ')}` });
  if (gone.length) out.push({ verdict: 'neutral', message: `table(s) no longer in the plan: ${gone.join(', ')}` });

  for (const flag of ['filesort', 'temporary'] as const) {
    const name = flag === 'filesort' ? 'a filesort' : 'a temporary table';
    if (!before[flag] && after[flag])
      out.push({ verdict: 'worse', message: `${name} appears (${flag === 'filesort' ? 'Using filesort' : 'Using temporary'})` });
    if (before[flag] && !after[flag]) out.push({ verdict: 'better', message: `${name} is gone` });
  }

  // Join order: the tables both plans read, in each plan's order.
  const common = (ts: NormalTable[], other: Map<string, NormalTable>) => ts.filter((t) => other.has(t.table)).map((t) => t.table);
  const orderWas = common(before.tables, now);
  const orderNow = common(after.tables, was);
  if (orderWas.join('\u0000') !== orderNow.join('\u0000')) {
    const costs = before.cost !== null && after.cost !== null && before.costBasis === after.costBasis;
    const costText = costs ? `, ${before.costBasis === 'server' ? 'cost' : 'estimated rows examined'} ${before.cost} -> ${after.cost}` : '';
    let verdict: Verdict = 'neutral';
    if (costs && after.cost! > before.cost! * COST_SLACK) verdict = 'worse';
    else if (costs && after.cost! * COST_SLACK < before.cost!) verdict = 'better';
    out.push({ verdict, message: `join order ${orderWas.join(', ')} -> ${orderNow.join(', ')}${costText}${costs ? '' : ' (costs not comparable)'}` });
  }
  return out;
}
