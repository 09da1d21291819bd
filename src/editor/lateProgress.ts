import * as vscode from 'vscode';
import { mark } from './marks';

/** How long a run goes before its notification opens (VS Code's own file operations wait 800 ms). */
export const NOTIFY_AFTER_MS = 500;

export type ProgressSink = (p: { message?: string; increment?: number }) => void;

/**
 * Runs `work` under a cancellable progress notification that opens only once the work has run
 * `delayMs`: a re-run of a point lookup is over before then, and a toast that flashes up and
 * away would only cost the workbench a layout while the statement runs (the report panel
 * shows the run meanwhile). The newest message and the increments so far show when it opens;
 * its Cancel aborts `abort`.
 */
export async function withLateProgress<T>(
  opts: { title: string; delayMs: number; abort: AbortController },
  work: (progress: ProgressSink) => Promise<T>,
): Promise<T> {
  let open: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  let message: string | undefined;
  let increment = 0;
  const sink: ProgressSink = (p) => {
    if (p.message !== undefined) message = p.message;
    if (open) open.report(p);
    else increment += p.increment ?? 0;
  };
  let settle!: () => void;
  const finished = new Promise<void>((r) => (settle = r));
  const show = () =>
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: opts.title, cancellable: true }, (progress, token) => {
      mark('progress shown');
      open = progress;
      if (message !== undefined || increment) progress.report({ ...(message !== undefined ? { message } : {}), ...(increment ? { increment } : {}) });
      token.onCancellationRequested(() => opts.abort.abort());
      return finished;
    });
  const timer = opts.delayMs > 0 ? setTimeout(show, opts.delayMs) : (show(), undefined);
  const running = work(sink);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
    settle();
  }
}
