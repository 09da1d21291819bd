import { decide, inspect as inspectCatalog, type CatalogQuery, type Decision, type Facts } from '../../safety';
import { AnalysisError, toReportError } from '../../session/errors';
import { step } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** What the statement touches, and what may be sent to the server for it. */
    inspect: { facts?: Facts; decision: Decision };
  }
}

export const inspect = step({
  name: 'inspect',
  needs: ['detect', 'read'],
  async run(ctx, { detect, read }) {
    const { db, policy } = ctx;
    const cls = read.classification;
    let facts: Facts | undefined;
    if (cls.kind === 'read' || cls.kind === 'write') {
      ctx.progress('Checking safety');
      const catalog: CatalogQuery = (sql, values) => db.query('inspecting the schema', sql, values);
      try {
        facts = await inspectCatalog(catalog, read.text, {
          writeClosure: policy.allowWrites && (cls.kind === 'write' || cls.locking === true),
          dialect: detect.dialect,
          calls: cls.calls,
          ...(detect.database !== undefined ? { defaultSchema: detect.database } : {}),
        });
      } catch (e) {
        if (e instanceof AnalysisError) throw e;
        ctx.note(`Inspecting what the statement touches failed: ${toReportError(e).message}`);
      }
    }
    // Reads run in the session the server keeps READ ONLY (set once per connection).
    return { ...(facts ? { facts } : {}), decision: decide(cls, facts, { allowWrites: policy.allowWrites }) };
  },
});
