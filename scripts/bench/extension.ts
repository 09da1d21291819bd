// Extension activation, bundle size and .vsix size, from one production package build.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { below, median, unmeasured, type Figure } from './stats';

const run = promisify(execFile);
const MB = 1024 * 1024;

export interface BuildState {
  /** dist/ holds a production build. */
  built: boolean;
  packaged: boolean;
  error?: string;
}

/** `npm run package`: a production build (scripts/build.mjs --production), then the .vsix. */
export async function packageExtension(): Promise<BuildState> {
  try {
    await run('npm', ['run', 'package'], { maxBuffer: 16 * MB });
    return { built: true, packaged: existsSync('dist/mysql-query-tuner.vsix') };
  } catch (e) {
    const packageError = oneLine(e);
    try {
      await run('node', ['scripts/build.mjs', '--production'], { maxBuffer: 16 * MB });
      return { built: true, packaged: false, error: `npm run package failed: ${packageError}` };
    } catch (e2) {
      return { built: false, packaged: false, error: `production build failed: ${oneLine(e2)}` };
    }
  }
}

function oneLine(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  const lines = (err.stderr?.trim() || err.message || String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/npm warn/i.test(l));
  const errors = lines.filter((l) => /error/i.test(l));
  return (errors.length ? errors.slice(0, 2) : lines.slice(-2)).join(' ').slice(0, 300);
}

export function sizeFigures(state: BuildState): Figure[] {
  const figures: Figure[] = [];
  if (state.built) {
    const bytes = statSync('dist/extension.js').size + statSync('dist/webview.js').size;
    const kb = (f: string) => `${(statSync(f).size / 1024).toFixed(0)} KB`;
    const worker = existsSync('dist/hintWorker.js')
      ? `; the hint worker dist/hintWorker.js, loaded in its own thread after activation, is another ${kb('dist/hintWorker.js')}`
      : '';
    // Packages loaded on first use (scripts/build.mjs), shared by the extension, the worker and the CLI.
    const libs = existsSync('dist/lib')
      ? readdirSync('dist/lib')
          .filter((f) => f.endsWith('.js'))
          .sort()
      : [];
    const lazy = libs.length ? `; loaded on first use from dist/lib/: ${libs.map((f) => `${f} ${kb(`dist/lib/${f}`)}`).join(', ')}` : '';
    const parts = `extension.js ${kb('dist/extension.js')} + webview.js ${kb('dist/webview.js')}${worker}${lazy}`;
    figures.push(below('bundle size (dist/extension.js + dist/webview.js, production)', bytes / MB, 'MB', 1.5, { note: parts }));
  } else {
    figures.push(unmeasured('bundle size (dist/extension.js + dist/webview.js, production)', 'MB', '< 1.5 MB', state.error ?? 'no build'));
  }
  if (state.packaged) {
    figures.push(below('.vsix size (npm run package)', statSync('dist/mysql-query-tuner.vsix').size / MB, 'MB', 2));
  } else {
    figures.push(unmeasured('.vsix size (npm run package)', 'MB', '< 2 MB', state.error ?? 'not packaged'));
  }
  return figures;
}

interface Activation {
  loadMs: number;
  activateMs: number;
  subscriptions: number;
  touched: string[];
}

/** Each sample is a fresh node process: require(dist/extension.js) + activate() with a stand-in vscode module. */
export async function benchActivation(state: BuildState, reps: number): Promise<Figure[]> {
  const name = 'extension activation (load dist/extension.js + activate(), stand-in vscode)';
  if (!state.built) return [unmeasured(name, 'ms', '< 50 ms', state.error ?? 'no build')];
  const samples: Activation[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      const { stdout } = await run(process.execPath, ['scripts/bench/activate.mjs', process.cwd()]);
      samples.push(JSON.parse(stdout) as Activation);
    }
  } catch (e) {
    return [unmeasured(name, 'ms', '< 50 ms', oneLine(e))];
  }
  const total = median(samples.map((s) => s.loadMs + s.activateMs));
  const load = median(samples.map((s) => s.loadMs));
  const act = median(samples.map((s) => s.activateMs));
  const last = samples[samples.length - 1];
  return [
    below(name, total, 'ms', 50, {
      note: `load ${load.toFixed(1)} ms + activate ${act.toFixed(1)} ms, median of ${reps} fresh processes; ${last.subscriptions} disposables, ${last.touched.length} API members touched`,
    }),
  ];
}
