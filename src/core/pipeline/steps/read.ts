import { AnalysisError } from '../../session/errors';
import { readAs, statementFacts, type Statement } from '../statement';
import { step } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** The statement as the connected server reads it (versioned comments, sql_mode). */
    read: Statement;
  }
}

const same = (a: object | undefined, b: object) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

/**
 * The caller's Statement was read without a server (the cautious reading); read it again as
 * this server does, unless it was made for this very dialect. Every later step works on this.
 */
export const read = step({
  name: 'read',
  needs: ['detect'],
  async run(ctx, { detect }) {
    const given = ctx.statement;
    const reader = ctx.run.reader;
    const s = !reader && same(given.dialect, detect.dialect) ? given : readAs(given, detect.dialect, reader);
    if (s.kind === 'empty') throw new AnalysisError('Nothing to analyse: the statement is empty (for this server, its versioned comments hold no code).');
    const bytes = Buffer.byteLength(s.text, 'utf8');
    if (detect.maxPacket > 0 && bytes + 64 > detect.maxPacket) {
      throw new AnalysisError(
        `The statement is ${(bytes / 1048576).toFixed(1)} MB; the server accepts at most ${(detect.maxPacket / 1048576).toFixed(1)} MB per statement (max_allowed_packet).`,
      );
    }
    return s;
  },
  apply(report, s) {
    report.statement = s.text;
    report.statementKind = s.kind;
    report.source = statementFacts(s);
    report.notes = [...s.notes];
  },
});
