// `mqt digest` against pt-query-digest on the same generated slow log (MariaDB layout, with
// query-plan lines), in the same run: MB/s of each as whole processes, by CPU time (user + sys
// of the finished child, from /proc: what the work costs, whatever else the machine runs) and by
// wall time, runs of the two tools taking turns; the goal (at least 5x) is on both ratios.
// Then the peak RSS of `mqt digest` on a small and a large log: streaming keeps it flat.
// Fails when it cannot measure (no pt-query-digest, no built CLI, no /proc).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

let ticks: number | undefined;

/** CPU seconds of this process's finished children (user + sys, every thread), from /proc/self/stat. */
function childCpuSeconds(): number {
  if (ticks === undefined) {
    const t = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    ticks = Number(t.stdout.trim()) || 100;
  }
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch (e) {
    throw new Error(`cannot read /proc/self/stat for child CPU times: ${(e as Error).message}`);
  }
  // Fields after the command name: state is field 3, cutime and cstime fields 16 and 17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cu = Number(f[13]);
  const cs = Number(f[14]);
  if (!Number.isFinite(cu) || !Number.isFinite(cs)) throw new Error('cannot read child CPU times from /proc/self/stat');
  return (cu + cs) / ticks;
}

function run(cmd: string, args: string[]): { ms: number; cpuS: number; stderr: string } {
  const c0 = childCpuSeconds();
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  const cpuS = childCpuSeconds() - c0;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 200)}`);
  return { ms, cpuS, stderr: r.stderr };
}

function atLeast(name: string, value: number, unit: string, floor: number, note: string): Figure {
  return { name, value: round(value), unit, goal: `>= ${floor} ${unit}`.trim(), met: Number.isFinite(value) && value >= floor, note };
}

const load = () => loadavg()[0]!.toFixed(1);

export async function benchDigest(quick: boolean): Promise<Figure[]> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const pt = spawnSync('pt-query-digest', ['--version'], { encoding: 'utf8' });
  if (pt.error || pt.status !== 0) throw new Error('pt-query-digest is not installed (Debian: apt-get install percona-toolkit)');
  const dir = mkdtempSync(join(tmpdir(), 'mqt-bench-digest-'));
  try {
    const speedMb = quick ? 64 : 100;
    const log = join(dir, 'speed.log');
    const bytes = await writeLog(log, speedMb);
    const mb = bytes / 1e6;
    const mqt: Array<{ ms: number; cpuS: number }> = [];
    const ptRuns: Array<{ ms: number; cpuS: number }> = [];
    const loadBefore = load();
    // Taking turns, so a change in the machine's load falls on both tools alike.
    for (let i = 0; i < (quick ? 2 : 3); i++) {
      mqt.push(run(process.execPath, [CLI, 'digest', '--format', 'json', '--no-progress', log]));
      ptRuns.push(run('pt-query-digest', ['--output', 'json', '--limit', '100%:100000', '--no-version-check', log]));
    }
    const how = `${mb.toFixed(1)} MB generated MariaDB slow log, whole process, median of ${mqt.length} runs taking turns with the other tool; load average ${loadBefore} before, ${load()} after`;
    const cpuRate = (runs: Array<{ cpuS: number }>) => mb / median(runs.map((r) => r.cpuS));
    const wallRate = (runs: Array<{ ms: number }>) => mb / (median(runs.map((r) => r.ms)) / 1000);
    const ptName = pt.stdout.trim();
    const figures: Figure[] = [
      reported('mqt digest throughput, CPU time', cpuRate(mqt), 'MB/s', `${how}; user + sys`),
      reported('pt-query-digest throughput, CPU time', cpuRate(ptRuns), 'MB/s', `${ptName}, --output json, the same log, user + sys`),
      atLeast('mqt digest / pt-query-digest, MB/s by CPU time', cpuRate(mqt) / cpuRate(ptRuns), 'x', 5, 'same log, same run'),
      reported('mqt digest throughput, wall time', wallRate(mqt), 'MB/s', how),
      reported('pt-query-digest throughput, wall time', wallRate(ptRuns), 'MB/s', `${ptName}, the same log`),
      atLeast(
        'mqt digest / pt-query-digest, MB/s by wall time',
        wallRate(mqt) / wallRate(ptRuns),
        'x',
        5,
        'same log, same run; on a busy machine this one measures the neighbours too',
      ),
    ];
    // Peak RSS on a small and a large log; the difference is what the log's size costs.
    const hook = join(dir, 'rss.js');
    writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nMAXRSS_KB ' + process.resourceUsage().maxRSS + '\\n'));\n");
    // V8 grows its heap lazily when it may; capped, the run shows what it needs.
    const rss = (file: string) =>
      Number(
        /MAXRSS_KB (\d+)/.exec(
          run(process.execPath, ['--max-old-space-size=64', '--require', hook, CLI, 'digest', '--format', 'json', '--no-progress', file]).stderr,
        )?.[1] ?? NaN,
      ) / 1024;
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
      below(`mqt digest peak RSS growth, ${Math.round(bigBytes / 1e6)} MB log over 2 MB`, rBig - rSmall, 'MB', 32, {
        note: 'node --max-old-space-size=64; streamed in 64 KB chunks, one statement and the classes in memory',
      }),
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
