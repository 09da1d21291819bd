import { LiveWatcher, type LiveSummary } from '../../live';
import { aroundStep } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** How far the statement got while it ran: the last live plan, its stage and time. */
    live: LiveSummary;
  }
}

/**
 * Watches the measured run from a second connection (src/core/live): from about 1 s on, its
 * plan with rows so far, its stage and time, each update to the caller's onLive. The
 * watcher's connection is closed when the run ends, however it ends.
 */
export const live = aroundStep({
  name: 'live',
  needs: ['detect'],
  around: 'execute',
  async start(ctx, { detect }) {
    const threadId = ctx.db.conn.threadId;
    if (!ctx.run.live || threadId === null || threadId === undefined) return undefined;
    const onUpdate = ctx.run.onLive;
    const watcher = new LiveWatcher({ server: detect.server, threadId, open: () => ctx.db.second(), ...(onUpdate ? { onUpdate } : {}) });
    return async () => (await watcher.stop()) ?? undefined;
  },
  // The last live plan stays in the report (enrichReport says how the statement ended).
  apply(report, out) {
    report.live = out;
  },
});
