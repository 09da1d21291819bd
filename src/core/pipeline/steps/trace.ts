import type { RowDataPacket } from 'mysql2/promise';
import { AnalysisError } from '../../session/errors';
import { attachTrace } from '../../trace/capture';
import type { Trace } from '../../trace/model';
import { step } from '../step';
import { inReadWrite } from './explain';

declare module '../step' {
  interface StepOutputs {
    /** Why this plan: the optimizer trace of one EXPLAIN (never of the measured run), or why there is none. */
    trace: { trace: Trace | null; note?: string };
  }
}

/**
 * The optimizer trace of one EXPLAIN (never of the measured run), and the indexes it names for
 * precise causes. On MariaDB the JSON EXPLAIN was traced already (SET STATEMENT … FOR); elsewhere,
 * or when that trace did not fit, one more EXPLAIN is traced here, with the trace turned off again
 * before the measured run. A write is traced where it was explained: inside READ WRITE … ROLLBACK.
 */
export const trace = step({
  name: 'trace',
  needs: ['read', 'explain'],
  async run(ctx, { read, explain }) {
    if (ctx.config.optimizerTrace === 'never' || !explain.explained) return undefined;
    const db = ctx.db;
    const into: Parameters<typeof attachTrace>[2] = {
      connection: { ...(ctx.where.database ? { database: ctx.where.database } : {}) },
      raw: { ...(explain.raw.explainRows ? { explainRows: explain.raw.explainRows } : {}) },
    };
    const captured = explain.traced && explain.traced !== 'larger' ? explain.traced : undefined;
    const mem = db.state.detected?.traceMem;
    // Read again only when the plan's tables or possible keys change (a new index, another schema).
    const schemaKey = JSON.stringify([ctx.where.database ?? null, (explain.raw.explainRows ?? []).map((r) => [r.table, r.possible_keys, r.key])]);
    const capture = () =>
      attachTrace(
        (what, sql, values) => db.query<RowDataPacket[]>(what, sql, values),
        read.text,
        into,
        (e) => e instanceof AnalysisError,
        {
          ...(captured ? { captured } : {}),
          ...(mem !== undefined ? { mem } : {}),
          schemas: (db.state.traceSchemas ??= new Map()),
          schemaKey,
        },
      );
    if (explain.readWrite && !captured) await inReadWrite(ctx, 'EXPLAIN (traced)', capture);
    else await capture();
    return { trace: into.trace ?? null, ...(into.traceNote ? { note: into.traceNote } : {}) };
  },
  apply(report, out) {
    report.trace = out.trace;
    if (out.note) report.traceNote = out.note;
  },
});
