// Index advice as a step (issue 16): the candidates of a read, tried on a shadow in the
// sandbox. It runs on the analysis session's connection, so everything the analysed server
// receives for it goes through the same gate, time limits and READ ONLY session as the rest.
import type { Connection } from 'mysql2/promise';
import type * as Shadow from '../../advise/shadow';
import type { AdviceResult } from '../../advise/shadow';
import { loadSchema } from '../../hints/schema';
import { AnalysisError, toReportError } from '../../session/errors';
import { step } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** The advice, its notes, or why it failed. */
    advise: AdviceResult & { failed?: string };
  }
}

export const ADVICE_NOTE = 'Index advice: ';

/** Only when the caller asked (run.advice), and only for a read. */
export const adviseStep = step({
  name: 'advise',
  needs: ['detect', 'read'],
  async run(ctx, { read }) {
    const a = ctx.run.advice;
    if (!a || read.kind !== 'read') return undefined;
    ctx.progress('Trying index candidates');
    const { db } = ctx;
    const source = { db, loadSchema: (database: string) => db.guard.step('reading the schema', db.stepMs, () => loadSchema(db.conn, database)) };
    let sandbox: Connection | undefined;
    try {
      sandbox = await a.sandbox();
      // Loaded here: an analysis without advice (every CLI run but --advice) never needs it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { advise } = require('../../advise/shadow') as typeof Shadow;
      return await advise(read.text, source, sandbox, a);
    } catch (e) {
      // A cancel or a lost connection ends the analysis; anything else is a note (unless strict).
      if (a.strict || e instanceof AnalysisError) throw e;
      return { advice: [], notes: [], failed: toReportError(e).message };
    } finally {
      await sandbox?.end().catch(() => undefined);
    }
  },
  apply(report, out) {
    report.advice = out.advice;
    report.notes.push(...out.notes.map((n) => ADVICE_NOTE + n));
    if (out.failed) report.notes.push(`Index advice failed: ${out.failed}`);
  },
});
