// The trial proper, on a filled shadow: the statement measured without a new index, then with
// each candidate, then with the two that helped most together; a status for each.
import type { Connection } from 'mysql2/promise';
import type { Candidate } from './candidates';
import { measure, whyNotUsed } from './measure';
import { fmt, ms, q, STATISTICS_ONLY, type Advice, type AdviceStatus, type Measure } from './types';

export type Sample = { rows: number; fraction: number };

export function plain(c: Candidate, status: AdviceStatus, reason: string): Advice {
  return { table: c.table, columns: c.columns, ddl: c.ddl, status, reason, makesRedundant: c.makesRedundant };
}

// A time gain alone counts only when the index does not make the server read more rows and
// saves at least TIME_FLOOR_MS: on a shared machine 4 ms against 1 ms is noise, a doubling of rows is not.
const TIME_FLOOR_MS = 5;
export const gain = (b: Measure, a: Measure) =>
  !a.timedOut &&
  (b.rowsExamined >= 5 * Math.max(a.rowsExamined, 1) ||
    (a.rowsExamined <= b.rowsExamined && b.ms >= 3 * Math.max(a.ms, 0.001) && b.ms - a.ms >= TIME_FLOOR_MS));

function evidence(c: Candidate, s: Sample, b: Measure, a: Measure, synthetic: boolean): string {
  const where = synthetic
    ? `On the sandbox shadow, ${STATISTICS_ONLY}, ${fmt(s.rows)} rows of ${c.table}`
    : `On the sandbox shadow (${Math.round(s.fraction * 1000) / 10}% of ${c.table})`;
  return (
    `${where}: rows examined ${fmt(b.rowsExamined)} → ${fmt(a.rowsExamined)}, ` +
    `${ms(b.ms)}${b.timedOut ? ' (stopped by the time limit)' : ''} → ${ms(a.ms)}; plan ${b.access}${b.key ? ' ' + b.key : ''} → ${a.access} ${a.key ?? c.name}${a.indexOnly ? ' (index only)' : ''}.`
  );
}

/** Each candidate tried alone on the shadow (current database), then the best pair. */
export async function trial(
  sandbox: Connection,
  sql: string,
  candidates: Candidate[],
  sample: Map<string, Sample>,
  o: { timeoutMs: number; synthetic: boolean; notes: string[] },
): Promise<Advice[]> {
  const before = await measure(sandbox, sql, o.timeoutMs);
  if (before.m.timedOut)
    o.notes.push(
      `Without a new index the statement ran past the ${ms(o.timeoutMs)} limit on the shadow: its rows examined and time are what it reached by then.`,
    );
  const out: Advice[] = [];
  const afters: Array<Measure | undefined> = [];
  for (const c of candidates) {
    const s = sample.get(c.table.toLowerCase()) ?? { rows: 0, fraction: 0 };
    await sandbox.query(c.ddl.replace(/;$/, ''));
    try {
      const after = await measure(sandbox, sql, o.timeoutMs, c.name);
      const used = after.keys.includes(c.name);
      afters.push(used ? after.m : undefined);
      const item: Advice = {
        ...plain(c, 'no-gain', ''),
        verified: { where: 'sandbox', sample: s, ...(o.synthetic ? { statisticsOnly: true as const } : {}), before: before.m, after: after.m },
      };
      out.push(item);
      if (!used) {
        item.status = 'not-used';
        item.reason = await whyNotUsed(sandbox, sql, c, after);
      } else if (gain(before.m, after.m)) {
        item.status = 'verified';
        item.reason = evidence(c, s, before.m, after.m, o.synthetic);
      } else
        item.reason = `Used (${after.m.access} ${after.m.key ?? c.name}), but rows examined ${fmt(before.m.rowsExamined)} → ${fmt(after.m.rowsExamined)} and ${ms(before.m.ms)} → ${ms(after.m.ms)}: less than 5× fewer rows or 3× less time.`;
    } finally {
      await sandbox.query(`DROP INDEX ${q(c.name)} ON ${q(c.table)}`);
    }
  }
  await tryPair(sandbox, sql, o.timeoutMs, candidates, out, afters, before.m);
  // Every figure of a synthetic shadow says so, whatever the status.
  if (o.synthetic) for (const a of out) if (!a.reason.includes(STATISTICS_ONLY)) a.reason += ` (${STATISTICS_ONLY}.)`;
  return out;
}

/** The two candidates that helped most, together: kept when they beat either alone. */
async function tryPair(
  sandbox: Connection,
  sql: string,
  timeoutMs: number,
  cands: Candidate[],
  out: Advice[],
  afters: Array<Measure | undefined>,
  before: Measure,
): Promise<void> {
  const helped = cands
    .map((c, i) => ({ c, i, a: afters[i] }))
    .filter((x) => x.a && x.a.rowsExamined < before.rowsExamined)
    .sort((x, y) => x.a!.rowsExamined - y.a!.rowsExamined)
    .slice(0, 2);
  if (helped.length < 2) return;
  const [x, y] = helped;
  if (x.c.table === y.c.table && x.c.columns.join() === y.c.columns.join()) return;
  const made: Candidate[] = [];
  try {
    for (const h of helped) {
      await sandbox.query(h.c.ddl.replace(/;$/, ''));
      made.push(h.c);
    }
    const both = await measure(sandbox, sql, timeoutMs);
    const best = Math.min(x.a!.rowsExamined, y.a!.rowsExamined);
    if (!(both.keys.includes(x.c.name) && both.keys.includes(y.c.name) && both.m.rowsExamined * 2 <= best)) return;
    for (const [me, other] of [
      [x, y],
      [y, x],
    ] as const) {
      const item = out[me.i];
      item.verified!.pair = { with: other.c.ddl, after: both.m };
      if (gain(before, both.m) && item.status !== 'verified') {
        item.status = 'verified';
        item.reason = `Together with ${other.c.name}: rows examined ${fmt(before.rowsExamined)} → ${fmt(both.m.rowsExamined)}, ${ms(before.ms)} → ${ms(both.m.ms)} (alone ${fmt(me.a!.rowsExamined)}).`;
      } else item.reason += ` With ${other.c.name} as well: rows examined ${fmt(both.m.rowsExamined)}.`;
    }
  } finally {
    for (const c of made) await sandbox.query(`DROP INDEX ${q(c.name)} ON ${q(c.table)}`);
  }
}
