// RSS growth while analysing a 1M-row result: each sample is a fresh node process
// (scripts/bench/rss-child.ts), so earlier benchmarks do not hide or add growth.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SandboxInfo } from '../../src/sandbox/index';
import { below, median, type Figure } from './stats';

const run = promisify(execFile);
const MB = 1024 * 1024;

interface Sample {
  baseline: number;
  peak: number;
  rows: number;
  executed: boolean;
}

export async function benchRss(info: SandboxInfo, reps: number): Promise<Figure[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < reps; i++) {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench/rss-child.ts', info.url], { timeout: 180_000 });
    const s = JSON.parse(stdout) as Sample;
    if (!s.executed || s.rows !== 1_000_000) throw new Error(`the 1M-row query returned ${s.rows} rows`);
    samples.push(s);
  }
  const growth = median(samples.map((s) => (s.peak - s.baseline) / MB));
  const base = median(samples.map((s) => s.baseline / MB));
  return [below('RSS growth while analysing a 1M-row result', growth, 'MB', 50, { note: `peak minus RSS after a warm-up analysis (${base.toFixed(0)} MB), sampled every 5 ms, median of ${reps} fresh processes; rental x seq_1_to_10` })];
}
