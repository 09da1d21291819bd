import { decide, inspect as inspectCatalog, type CatalogQuery, type Decision, type Facts } from '../../safety';
import { AnalysisError, toReportError } from '../../session/errors';
import { step } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** What the statement touches, and what may be sent to the server for it. */
    inspect: { facts?: Facts; decision: Decision; readOnly: boolean };
  }
}

export const inspect = step({
  name: 'inspect',
  needs: ['detect'],
  async run(ctx) {
    const { db, statement, policy } = ctx;
    const cls = statement.classification;
    let facts: Facts | undefined;
    if (cls.kind === 'read' || cls.kind === 'write') {
      ctx.progress('Checking safety');
      const catalog: CatalogQuery = (sql, values) => db.query('inspecting the schema', sql, values);
      try {
        facts = await inspectCatalog(catalog, statement.text, { writeClosure: policy.allowWrites && (cls.kind === 'write' || cls.locking === true) });
      } catch (e) {
        if (e instanceof AnalysisError) throw e;
        ctx.note(`Inspecting what the statement touches failed: ${toReportError(e).message}`);
      }
    }
    const decision = decide(cls, facts, { allowWrites: policy.allowWrites });
    // READ ONLY only around plain reads: EXPLAIN of a write fails in a read-only transaction.
    const readOnly = decision.run === 'plain' && policy.readOnly;
    if (readOnly !== db.state.readOnly) {
      await db.query('setting the transaction mode', readOnly ? 'SET SESSION TRANSACTION READ ONLY' : 'SET SESSION TRANSACTION READ WRITE');
      db.state.readOnly = readOnly;
    }
    return { ...(facts ? { facts } : {}), decision, readOnly };
  },
});
