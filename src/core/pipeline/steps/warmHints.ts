import { parseStatement } from '../../hints/parse';
import { aroundStep } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** Nothing: the step only readies the hint parser. */
    warmHints: never;
  }
}

/**
 * While the measured run is with the server: the hint parser's first load and a parse of the
 * statement (about 10 ms in a new process), which the report's hints need after the run
 * (report/enrich), so the cache keeps it. It is queued behind the statement's send, so it spends
 * the server's time, not the user's; a failure here changes nothing (the hints parse again and
 * say why).
 */
export const warmHints = aroundStep({
  name: 'warmHints',
  needs: ['detect', 'read'],
  around: 'execute',
  async start(_ctx, { detect, read }) {
    setImmediate(() => {
      try {
        parseStatement(read.text, detect.server.flavor, [...read.tokens], { keep: true });
      } catch {
        // the report's own parse reports it
      }
    });
    return undefined;
  },
});
