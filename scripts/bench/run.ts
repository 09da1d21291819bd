// `npm run bench [-- --quick] [-- --only NAME[,NAME]]`: starts the sandbox if needed, runs every
// benchmark, prints a table and writes bench/results.json. See docs/benchmarks.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startSandbox, type SandboxInfo } from '../../src/sandbox/index';
import { benchAnalysis } from './analysis';
import { formatTable, type Figure } from './stats';

export interface BenchContext {
  quick: boolean;
  sandbox: () => Promise<SandboxInfo>;
  log: (line: string) => void;
}

interface Bench {
  name: string;
  run: (ctx: BenchContext) => Promise<Figure[]>;
}

const BENCHES: Bench[] = [
  { name: 'analysis', run: async (c) => benchAnalysis(await c.sandbox(), c.quick ? 5 : 20) },
];

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
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
  const ctx: BenchContext = { quick, log, sandbox: () => (pending ??= startSandbox({ log: (l) => log(`sandbox: ${l}`) })) };
  const t0 = performance.now();
  const figures: Figure[] = [];
  for (const b of BENCHES) {
    if (only && !only.has(b.name)) continue;
    log(`${b.name}...`);
    const t = performance.now();
    figures.push(...(await b.run(ctx)));
    log(`${b.name} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const results = { machine: machine(), date: new Date().toISOString(), quick, seconds: Math.round((performance.now() - t0) / 100) / 10, figures };
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`${formatTable(figures)}\n\n${figures.filter((f) => !f.met).length} of ${figures.length} figures miss their goal; ${results.seconds} s; written to bench/results.json\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
