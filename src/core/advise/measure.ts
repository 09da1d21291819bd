// One measured trial of the statement on the shadow: EXPLAIN, then runs in a READ ONLY
// transaction with the Handler_read_* counters read around them.
import { nowMs } from '../clock';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { str } from '../hints/ast';
import { readTrace } from '../trace';
import type { Candidate } from './candidates';
import type { Measure } from './types';
import { HANDLER_READS } from '../counters/interpret';

export interface Run {
  m: Measure;
  keys: string[];
  plan: RowDataPacket[];
}

const TIMED_OUT = 1969; // ER_STATEMENT_TIMEOUT (max_statement_time)
/** A statement that takes this long is timed once, not warmed up and timed twice. */
const SLOW_MS = 1000;

async function handlerReads(c: Connection): Promise<number> {
  const [rows] = await c.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Handler_read%'");
  return rows.filter((r) => HANDLER_READS.includes(String(r.Variable_name))).reduce((n, r) => n + Number(r.Value), 0);
}

/** The access of the plan row reading the most rows (the one an index should change). */
function worst(plan: RowDataPacket[]): RowDataPacket | undefined {
  return [...plan].sort((x, y) => Number(y.rows ?? 0) - Number(x.rows ?? 0))[0];
}

/** EXPLAIN, then the statement run read-only (a warm-up and two timed runs, the faster kept; one run when slow). */
export async function measure(c: Connection, sql: string, timeoutMs: number, key?: string): Promise<Run> {
  const [plan] = await c.query<RowDataPacket[]>(`EXPLAIN ${sql}`);
  const keys = plan.map((r) => str(r.key)).filter((k): k is string => !!k);
  const row = plan.find((r) => key && r.key === key) ?? worst(plan);
  const limited = `SET STATEMENT max_statement_time = ${Math.max(1, Math.ceil(timeoutMs / 1000))} FOR ${sql}`;
  const base = {
    access: String(row?.type ?? ''),
    key: row?.key ? String(row.key) : null,
    indexOnly: /\bUsing index\b(?! condition)/.test(String(row?.Extra ?? '')),
  };
  // A run cut by the time limit still moved the counters up to where it stopped.
  const timed = async (): Promise<{ ms: number; timedOut: boolean }> => {
    const t0 = nowMs();
    try {
      await c.query(limited);
      return { ms: nowMs() - t0, timedOut: false };
    } catch (e) {
      if ((e as { errno?: number }).errno !== TIMED_OUT) throw e;
      return { ms: nowMs() - t0, timedOut: true };
    }
  };
  await c.query('START TRANSACTION READ ONLY');
  try {
    const h0 = await handlerReads(c);
    const h1 = await handlerReads(c);
    const cost = h1 - h0; // what reading the counters itself adds
    const warm = await timed();
    const h2 = await handlerReads(c);
    let rows = h2 - h1 - cost,
      time = warm.ms,
      timedOut = warm.timedOut;
    // Too slow to repeat: the warm-up is the measured run. Else two timed runs, the faster kept.
    if (!warm.timedOut && warm.ms < SLOW_MS) {
      const x = await timed();
      const h3 = await handlerReads(c);
      const y = x.timedOut ? x : await timed();
      rows = h3 - h2 - cost;
      timedOut = x.timedOut;
      time = x.timedOut ? x.ms : Math.min(x.ms, y.timedOut ? Infinity : y.ms);
    }
    return { m: { rowsExamined: Math.max(0, rows), ms: Math.round(time * 100) / 100, ...base, ...(timedOut ? { timedOut: true as const } : {}) }, keys, plan };
  } finally {
    await c.query('COMMIT');
  }
}

/** The trace's word on the candidate (still present on the shadow), else what the plan shows. */
export async function whyNotUsed(c: Connection, sql: string, cand: Candidate, run: Run): Promise<string> {
  try {
    await c.query("SET SESSION optimizer_trace = 'enabled=on'");
    await c.query(`EXPLAIN ${sql}`);
    const [[row]] = await c.query<RowDataPacket[]>('SELECT TRACE AS t FROM information_schema.OPTIMIZER_TRACE');
    if (row?.t) {
      const trace = readTrace(String(row.t));
      for (const t of trace.tables) {
        const alt = t.alternatives.find((a) => a.index === cand.name && !a.chosen);
        if (alt) return `Not used (optimizer trace): ${alt.why}`;
      }
    }
  } catch {
    // no trace: the plan's reason below
  } finally {
    await c.query("SET SESSION optimizer_trace = 'enabled=off'").catch(() => undefined);
  }
  const row = run.plan.find(
    (r) =>
      String(r.table ?? '').length &&
      String(r.possible_keys ?? '')
        .split(',')
        .includes(cand.name),
  );
  if (row)
    return `Not used: the optimizer listed ${cand.name} as possible for ${String(row.table)} but chose ${String(row.type)}${row.key ? ' ' + String(row.key) : ''} as cheaper by its estimate.`;
  return `Not used: the optimizer found no use for ${cand.name} in this statement (the plan keeps ${run.m.access}${run.m.key ? ' ' + run.m.key : ''}).`;
}
