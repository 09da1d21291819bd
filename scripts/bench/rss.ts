// RSS growth while analysing a 1M-row result: scripts/bench/memory.ts in a fresh node process
// (so earlier benchmarks neither hide nor add growth); its worst query is the figure.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SandboxInfo } from '../../src/sandbox/index';
import { below, median, type Figure } from './stats';

const run = promisify(execFile);

/** One run of memory.ts; it exits 1 when growth reaches its limit, which is still a measurement. */
async function memoryScript(url: string): Promise<string> {
  try {
    return (await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench/memory.ts', url], { timeout: 300_000 })).stdout;
  } catch (e) {
    const out = (e as { stdout?: string }).stdout ?? '';
    if (/worst RSS growth/.test(out)) return out;
    throw e;
  }
}

export async function benchRss(info: SandboxInfo, reps: number): Promise<Figure[]> {
  const worst: number[] = [];
  let queries = '';
  for (let i = 0; i < reps; i++) {
    const out = await memoryScript(info.url);
    const m = /worst RSS growth ([\d.]+) MB/.exec(out);
    if (!m) throw new Error(`unexpected output from memory.ts: ${out.trim().slice(0, 200)}`);
    worst.push(Number(m[1]));
    queries = out
      .split('\n')
      .filter((l) => /rows in/.test(l))
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .join('; ');
  }
  return [
    below('RSS growth while analysing a 1M-row result', median(worst), 'MB', 50, {
      note: `scripts/bench/memory.ts in a fresh process, worst of its queries, median of ${reps}; last run: ${queries}`,
    }),
  ];
}
