// Rules read from the plan of the statement's last analysis.
import { isObj, objs } from '../ast';
import type { Ctx } from '../context';
import { evidence, hasExtra, isScan, planNodes } from '../planinfo';
import type { Scope } from '../scope';
import type { Range } from '../types';

/** Below this many rows a full scan is cheaper than any index (HPM: small tables are fine to scan). */
export const BIG_TABLE_ROWS = 1000;

export function fullScan(ctx: Ctx, scopes: Scope[]): void {
  const plan = ctx.opts.plan;
  if (!plan) return;
  const seen = new Set<string>();
  for (const node of planNodes(plan)) {
    if (!isScan(node) || !node.table || node.table.startsWith('<')) continue;
    const alias = (node.alias ?? node.table).toLowerCase();
    if (seen.has(alias)) continue;
    const ref = scopes.flatMap((s) => s.tables).find((t) => t.alias.toLowerCase() === alias || t.name?.toLowerCase() === alias);
    const rows = node.rowsEstimated ?? ref?.info?.rows;
    if (rows === undefined || rows < BIG_TABLE_ROWS) continue;
    seen.add(alias);
    const range = ref?.range ? ctx.trim(ref.range) : tableMention(ctx, node.table);
    const filtered = node.filtered !== undefined && node.filtered < 100 ? `, keeps about ${node.filtered}%` : '';
    const where = hasExtra(node, 'Using where') ? ' and filters them after reading' : '';
    ctx.emit(
      'full-scan',
      range,
      `The plan reads every row of ${node.table} (type ALL, about ${rows} rows${filtered})${where}. Cost grows with the table, ` +
        'not with the result; an index on the filtering or joining columns lets it read only the rows it needs.',
      {
        evidence: [evidence(node)],
        fix: 'Index the columns of WHERE/ON that select these rows (see missing-index), or accept the scan if most rows are needed.',
      },
    );
  }
}

function tableMention(ctx: Ctx, table: string): Range {
  const t = table.toLowerCase();
  const tok = ctx.tokens.find((x) => (x.kind === 'word' || x.kind === 'quoted') && x.text.replace(/`/g, '').toLowerCase() === t);
  return tok ? { start: tok.start, end: tok.end } : { start: 0, end: ctx.tokens[0]?.end ?? ctx.text.length };
}

export function filesortTemporary(ctx: Ctx, scopes: Scope[]): void {
  const nodes = planNodes(ctx.opts.plan);
  const temp = nodes.filter((n) => hasExtra(n, 'Using temporary'));
  const sort = nodes.filter((n) => hasExtra(n, 'Using filesort'));
  if (!temp.length && !sort.length) return;
  const top = scopes[0]?.node;
  const clause = top ? clauseRange(ctx, top) : undefined;
  const what =
    temp.length && sort.length
      ? 'copies the rows into a temporary table and then sorts them'
      : temp.length
        ? 'copies the rows into a temporary table'
        : 'sorts the rows itself (filesort) instead of reading them in index order';
  ctx.emit(
    'filesort-temporary',
    clause ?? { start: 0, end: ctx.tokens[0]?.end ?? 0 },
    `The plan ${what} to do GROUP BY, DISTINCT, ORDER BY or UNION. Both cost memory and CPU per row, and go to disk ` +
      'when the result is larger than tmp_table_size / sort_buffer_size.',
    {
      evidence: [...new Set([...temp, ...sort])].map(evidence),
      fix: 'Let an index deliver the rows in order: GROUP BY / ORDER BY columns of one table, matching an index (after the equality columns), all in the same direction.',
    },
    temp.length && sort.length ? 'warning' : 'info',
  );
}

/** The GROUP BY / ORDER BY clause of a block, for placing plan findings. */
function clauseRange(ctx: Ctx, node: Record<string, unknown>): Range | undefined {
  const items = [...(isObj(node.groupby) ? objs(node.groupby.columns) : []), ...objs(node.orderby).map((o) => o.expr)];
  if (!items.length) return undefined;
  const first = ctx.rangeOf(items[0]);
  const last = ctx.rangeOf(items[items.length - 1]);
  return { start: first.start, end: Math.max(first.end, last.end) };
}
