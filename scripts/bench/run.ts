// `npm run bench [-- --quick] [-- --only NAME[,NAME]]`: starts the sandbox if needed, runs every
// benchmark, prints a table and writes bench/results.json. See docs/benchmarks.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startSandbox, type SandboxInfo } from '../../src/sandbox/index';
import { benchActuals } from './actuals';
import { benchAdvice } from './advice';
import { benchAnalysis } from './analysis';
import { benchCli } from './cli';
import { settle, type Settled } from './settle';
import { benchEditor } from './editor';
import { benchHost } from './host';
import { benchDigest } from './digest';
import { benchActivation, packageExtension, sizeFigures, type BuildState } from './extension';
import { benchHints } from './hints';
import { benchPlanJson } from './planjson';
import { benchTrace } from './trace';
import { benchRender, RENDER_FIGURE } from './render';
import { benchRss } from './rss';
import { benchSandboxStart } from './sandbox';
import { formatTable, unmeasured, type Figure } from './stats';

export interface BenchContext {
  quick: boolean;
  sandbox: () => Promise<SandboxInfo>;
  log: (line: string) => void;
  /** Waits for the machine to be quiet (settle.ts); logged under `before`, and kept in the results. */
  settle: (before: string) => Promise<void>;
}

interface Bench {
  name: string;
  run: (ctx: BenchContext) => Promise<Figure[]>;
}

// One production build serves the size, activation and render benchmarks.
let build: Promise<BuildState> | undefined;
const built = () => (build ??= packageExtension());

/** In order; the ratios against the bare client come first (they are the headline). */
const BENCHES: Bench[] = [
  { name: 'analysis', run: async (c) => benchAnalysis(await c.sandbox(), c.quick ? 5 : 20) },
  { name: 'actuals', run: async (c) => benchActuals(await c.sandbox(), c.quick ? 3 : 10) },
  {
    name: 'cli',
    run: async (c) => {
      const info = await c.sandbox();
      await built();
      await c.settle('cli, after the build'); // the sandbox's start, the build and packaging may just have run
      return benchCli(info, c.quick ? 3 : 10);
    },
  },
  { name: 'hints', run: (c) => benchHints(c.quick ? 1 : 5, c.quick ? 500 : 1000) },
  { name: 'plan', run: async (c) => benchPlanJson(c.quick ? 5 : 20) },
  { name: 'trace', run: async (c) => benchTrace(c.quick ? 5 : 20) },
  {
    name: 'render',
    run: async (c) => {
      const b = await built();
      return b.built ? benchRender(c.quick ? 3 : 15) : [unmeasured(RENDER_FIGURE, 'ms', '< 150 ms', b.error ?? 'no build')];
    },
  },
  { name: 'extension', run: async (c) => [...(await benchActivation(await built(), c.quick ? 3 : 10)), ...sizeFigures(await built())] },
  { name: 'host', run: async (c) => benchHost(await built(), c.quick ? 3 : 9) },
  { name: 'editor', run: async (c) => benchEditor(await built(), await c.sandbox(), c.quick ? 3 : 5, 3) },
  { name: 'rss', run: async (c) => benchRss(await c.sandbox(), c.quick ? 1 : 3) },
  { name: 'sandbox', run: () => benchSandboxStart() },
  { name: 'digest', run: (c) => benchDigest(c.quick) },
  { name: 'advice', run: async (c) => benchAdvice(await c.sandbox(), c.quick ? 1 : 3) },
];

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  let pending: Promise<SandboxInfo> | undefined;
  const settled: Array<Settled & { before: string }> = [];
  const quiet = async (before: string) => {
    const s = await settle();
    settled.push({ before, ...s });
    log(`${before}: ${s.quiet ? 'quiet' : 'still busy'} after ${(s.waitedMs / 1000).toFixed(1)} s (CPUs ${Math.round(s.busy * 100)}% busy)`);
  };
  const ctx: BenchContext = { quick, log, settle: quiet, sandbox: () => (pending ??= startSandbox({ log: (l) => log(`sandbox: ${l}`) })) };
  const t0 = performance.now();
  const figures: Figure[] = [];
  const failed: string[] = [];
  const started = machine(); // load average before we add our own
  for (const b of BENCHES) {
    if (only && !only.has(b.name)) continue;
    log(`${b.name}...`);
    await quiet(b.name);
    const t = performance.now();
    try {
      figures.push(...(await b.run(ctx)));
    } catch (e) {
      // A broken benchmark is reported, and fails the run (so that the CI smoke run catches rot).
      failed.push(b.name);
      figures.push(unmeasured(`${b.name} benchmark`, '', 'runs', `failed: ${(e as Error).message.split('\n')[0]}`));
    }
    log(`${b.name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const results = { machine: started, date: new Date().toISOString(), quick, seconds: Math.round((performance.now() - t0) / 100) / 10, settled, figures };
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.name}: ${f.note}`);
  process.stdout.write(
    `${formatTable(figures)}\n\nHow:\n${notes.join('\n')}\n\n${figures.filter((f) => !f.met).length} of ${figures.length} figures miss their goal; ${results.seconds} s; written to bench/results.json\n`,
  );
  if (failed.length) {
    process.stderr.write(`bench: these benchmarks failed to run: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
  // A figure that could not be measured fails the run (so CI catches a benchmark that rots);
  // a missed goal alone is a printed NO.
  const unmeasuredFigures = figures.filter((f) => !Number.isFinite(f.value) && f.goal !== 'runs');
  if (unmeasuredFigures.length) {
    process.stderr.write(`bench: these figures could not be measured: ${unmeasuredFigures.map((f) => f.name).join('; ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
