// `mqt digest` against pt-query-digest on the same generated slow log (MariaDB layout, with
// query-plan lines): MB/s of each, as whole processes, and their ratio (goal: at least 5x).
// Then the peak RSS of `mqt digest` on a small and a large log: streaming keeps it flat.
// Fails when it cannot measure (no pt-query-digest, no built CLI).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateSlowLog } from '../../test/support/slowlogGen';
import { below, median, reported, round, type Figure } from './stats';

const CLI = resolve(__dirname, '../../dist/cli.js');

async function writeLog(file: string, mb: number): Promise<number> {
  const out = createWriteStream(file);
  for (const piece of generateSlowLog({ seed: 11, bytes: mb * 1e6, verbose: true })) {
    if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return statSync(file).size;
}

function run(cmd: string, args: string[]): { ms: number; stderr: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 200)}`);
  return { ms, stderr: r.stderr };
}

function atLeast(name: string, value: number, unit: string, floor: number, note: string): Figure {
  return { name, value: round(value), unit, goal: `>= ${floor} ${unit}`.trim(), met: Number.isFinite(value) && value >= floor, note };
}

export async function benchDigest(quick: boolean): Promise<Figure[]> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const pt = spawnSync('pt-query-digest', ['--version'], { encoding: 'utf8' });
  if (pt.error || pt.status !== 0) throw new Error('pt-query-digest is not installed (Debian: apt-get install percona-toolkit)');
  const dir = mkdtempSync(join(tmpdir(), 'mqt-bench-digest-'));
  try {
    const speedMb = quick ? 32 : 100;
    const log = join(dir, 'speed.log');
    const bytes = await writeLog(log, speedMb);
    const mqtRuns = Array.from({ length: quick ? 2 : 3 }, () => run(process.execPath, [CLI, 'digest', '--format', 'json', '--no-progress', log]).ms);
    const ptMs = run('pt-query-digest', ['--output', 'json', '--limit', '100%:100000', '--no-version-check', log]).ms;
    const mqtMs = median(mqtRuns);
    const mqtRate = bytes / 1e6 / (mqtMs / 1000);
    const ptRate = bytes / 1e6 / (ptMs / 1000);
    const figures: Figure[] = [
      reported('mqt digest throughput', mqtRate, 'MB/s', `${(bytes / 1e6).toFixed(1)} MB generated MariaDB slow log, whole process, median of ${mqtRuns.length}`),
      reported('pt-query-digest throughput', ptRate, 'MB/s', `${pt.stdout.trim()}, --output json, the same log, one run`),
      atLeast('mqt digest speed / pt-query-digest speed', mqtRate / ptRate, 'x', 5, 'same log, same run'),
    ];
    // Peak RSS on a small and a large log; the difference is what the log's size costs.
    const hook = join(dir, 'rss.js');
    writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nMAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n");
    // V8 grows its heap lazily when it may; capped, the run shows what it needs.
    const rss = (file: string) => Number(/MAXRSS_KB (\d+)/.exec(run(process.execPath, ['--max-old-space-size=64', '--require', hook, CLI, 'digest', '--format', 'json', '--no-progress', file]).stderr)?.[1] ?? NaN) / 1024;
    const small = join(dir, 'small.log');
    await writeLog(small, 2);
    const bigMb = quick ? 40 : 300;
    const big = join(dir, 'big.log');
    rmSync(log);
    const bigBytes = await writeLog(big, bigMb);
    const rSmall = rss(small);
    const rBig = rss(big);
    figures.push(
      reported('mqt digest peak RSS, 2 MB log', rSmall, 'MB', 'node --max-old-space-size=64'),
      below(`mqt digest peak RSS growth, ${Math.round(bigBytes / 1e6)} MB log over 2 MB`, rBig - rSmall, 'MB', 32, { note: 'node --max-old-space-size=64; streamed in 1 MB chunks, one statement and the classes in memory' }),
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
