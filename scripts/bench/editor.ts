// First report in the editor: code-server + chromium (scripts/bench/editor.mjs), against the
// statement's own time on a warm connection, measured in the same run.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { driverOptions, parseConnectionUrl } from '../../src/core/session/connection';
import type { SandboxInfo } from '../../src/sandbox/index';
import type { BuildState } from './extension';
import { below, median, round, unmeasured, type Figure } from './stats';

const run = promisify(execFile);
export const FIRST_FIGURE = 'first report in the editor (code-server, Ctrl+Alt+E to rendered report, point lookup, new window)';
export const RERUN_FIGURE = 'report re-run in the editor (Run again to rendered report, point lookup)';
/** The same two as timed before (issue 20): from the driver's call to playwright's polling seeing the report. */
export const FIRST_POLLED_FIGURE = `${FIRST_FIGURE}, driver's view`;
export const RERUN_POLLED_FIGURE = `${RERUN_FIGURE}, driver's view`;

interface EditorWindow {
  firstMs: number;
  firstPolledMs: number;
  firstPhases: Record<string, number>;
  reruns: number[];
  rerunsPolled: number[];
  rerunPhases: Array<Record<string, number>>;
  /** How long the window was left to settle before the key, then before each Run again. */
  settleMs: number[];
}
interface EditorRun {
  windows: EditorWindow[];
  execution: string;
}

/** "label 12 ms, …": a phase per mark pair (medians over the runs given). */
function breakdown(runs: Array<Record<string, number>>): string {
  const labels = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return labels
    .map((l) => {
      const v = runs.map((r) => r[l]).filter((x) => x !== undefined);
      return `${l.trim()} ${round(median(v))} ms`;
    })
    .join(', ');
}
const SQL = 'SELECT * FROM customer WHERE customer_id = 42';

async function statementMs(info: SandboxInfo, reps: number): Promise<number> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection(driverOptions(parseConnectionUrl(info.url), false));
  try {
    await conn.query(SQL);
    const t: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await conn.query(SQL);
      t.push(performance.now() - t0);
    }
    return median(t);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

export async function benchEditor(state: BuildState, info: SandboxInfo, windows: number, rerunsPerWindow: number): Promise<Figure[]> {
  const vsix = path.resolve('dist/mysql-query-tuner.vsix');
  const missing = !state.packaged
    ? (state.error ?? 'no .vsix')
    : !existsSync('.e2e/code-server/node_modules/.bin/code-server')
      ? 'code-server is not installed (bash scripts/e2e/setup.sh)'
      : !existsSync('/usr/bin/chromium')
        ? 'no /usr/bin/chromium'
        : undefined;
  if (missing)
    return [
      unmeasured(FIRST_FIGURE, 'ms', '< 800 ms', missing),
      unmeasured(RERUN_FIGURE, 'ms', '<= statement + 150 ms', missing),
      unmeasured(FIRST_POLLED_FIGURE, 'ms', '< 800 ms', missing),
      unmeasured(RERUN_POLLED_FIGURE, 'ms', '<= statement + 150 ms', missing),
    ];
  const { stdout } = await run(process.execPath, ['scripts/bench/editor.mjs', vsix, info.url, String(rerunsPerWindow), String(windows)], {
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const r = JSON.parse(stdout.trim().split('\n').pop()!) as EditorRun;
  const s = await statementMs(info, 20);
  const w = r.windows;
  const firsts = w.map((x) => x.firstMs);
  const reruns = w.flatMap((x) => x.reruns);
  const list = (xs: number[]) => xs.map((x) => round(x)).join(', ');
  const settles = w.flatMap((x) => x.settleMs);
  const settled = `each after the window settled (both the workbench's and the extension host's threads free for 1 s, at most 15 s: ${round(median(settles))} ms median wait, longest ${round(Math.max(...settles))})`;
  const later = w.flatMap((x) => x.reruns.slice(1));
  // The first Run again of a window is the slowest (cold code on every side): said apart.
  const byTurn = later.length
    ? `the first in each window median ${round(median(w.map((x) => x.reruns[0])))} ms, the later ones ${round(median(later))} ms`
    : 'one per window';
  const rerunGoal = (f: Figure): Figure => ({ ...f, goal: `<= statement + 150 ms = ${round(s + 150)} ms` });
  return [
    below(FIRST_FIGURE, median(firsts), 'ms', 800, {
      note: `median of ${w.length} new windows (${list(firsts)} ms), ${settled}; from the key's event in the page to the report in the view (checked every animation frame): connect, analysis, report panel created and rendered. Where the time went (medians): ${breakdown(w.map((x) => x.firstPhases))}. The report says "${r.execution.replace(/\s+/g, ' ').slice(0, 80)}"`,
    }),
    rerunGoal(
      below(RERUN_FIGURE, median(reruns), 'ms', s + 150, {
        inclusive: true,
        note: `median of ${reruns.length} re-runs (${list(reruns)} ms) in ${w.length} windows, ${settled}; ${byTurn}; from the click's event in the view; the statement alone on a warm connection ${round(s)} ms (median of 20, same run). Where the time went (medians): ${breakdown(w.flatMap((x) => x.rerunPhases))}`,
      }),
    ),
    below(FIRST_POLLED_FIGURE, median(w.map((x) => x.firstPolledMs)), 'ms', 800, {
      note: "timed as before: from the driver's key press call to playwright's locator wait seeing the report (it polls every 500 ms after the first 270 ms)",
    }),
    rerunGoal(
      below(RERUN_POLLED_FIGURE, median(w.flatMap((x) => x.rerunsPolled)), 'ms', s + 150, {
        inclusive: true,
        note: `timed as before: from the driver's click call (which first waits for the button to be visible and stable) to playwright's locator wait seeing the report; ${list(w.flatMap((x) => x.rerunsPolled))} ms`,
      }),
    ),
  ];
}
