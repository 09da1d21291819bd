import { learn, limitAssignment, setUpSession } from '../../session/setup';
import { step } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** The server, what it can do, and the session limits set for this run. */
    detect: Detected;
  }
}

export const detect = step({
  name: 'detect',
  needs: [],
  async run(ctx) {
    const { db } = ctx;
    const q = (what: string, sql: string) => db.query(what, sql);
    const limit = db.limitMs;
    // The profiler session does this when it connects (core/session/setup); others here.
    if (!db.state.detected) {
      const learned = await learn(q);
      await setUpSession(q, learned, db.state, limit);
      db.state.detected = learned;
    }
    const found = db.state.detected;
    // The server-side limit covers every statement of the analysis, catalogue queries included;
    // it is sent again only when it changes.
    if (db.state.limitMs !== limit) {
      await db.query('setting the time limit', `SET SESSION ${limitAssignment(found, limit)}`);
      db.state.limitMs = limit;
    }
    // A copy: later steps learn what this run may do (a denied FLUSH STATUS) without changing the cache.
    return { ...found, capabilities: { ...found.capabilities } };
  },
  apply(report, out) {
    report.server = out.server;
    report.capabilities = out.capabilities;
  },
});
