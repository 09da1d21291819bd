// `mqt analyze` as a user runs it, a whole process, against `mariadb -e` with the same
// statement, interleaved in one loop so that both see the same machine state.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { SandboxInfo } from '../../src/sandbox/index';
import { bareRun } from './analysis';
import { below, median, round, unmeasured, type Figure } from './stats';

export const CLI_FIGURE = 'mqt analyze process vs bare client (point lookup, whole processes)';
const SQL = 'SELECT * FROM customer WHERE customer_id = 42';

function cliRun(info: SandboxInfo, sql: string, args = ['dist/cli.js', 'analyze', '--sql', sql]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // The URL through the environment, as scripts do (and a password stays out of argv).
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MQT_URL: info.url },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`mqt analyze exited with ${code}: ${err.trim()}`))));
  });
}

export async function benchCli(info: SandboxInfo, reps: number): Promise<Figure[]> {
  if (!existsSync('dist/cli.js')) return [unmeasured(CLI_FIGURE, 'ms', '<= bare + 150 ms', 'no dist/cli.js')];
  await bareRun(info, SQL);
  await cliRun(info, SQL);
  const bare: number[] = [];
  const cli: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < reps; i++) {
    bare.push(await bareRun(info, SQL));
    cli.push(await cliRun(info, SQL));
    node.push(await cliRun(info, SQL, ['-e', '0']));
  }
  const b = median(bare);
  const c = median(cli);
  // Node's own start, for the reader: what of mqt's time is not mqt's (NODE_EXTRA_CA_CERTS, for
  // one, makes node read and parse that bundle at every start).
  const n = median(node);
  const ca = process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set' : '';
  return [
    {
      ...below(CLI_FIGURE, c, 'ms', b + 150, {
        inclusive: true,
        note: `median of ${reps}, text output to /dev/null, spawn to exit; bare \`mariadb -e\` ${round(b)} ms (same statement, same run): mqt = bare + ${round(c - b)} ms; node's own start (\`node -e 0\`${ca}) ${round(n)} ms`,
      }),
      goal: `<= bare + 150 ms = ${round(b + 150)} ms`,
    },
  ];
}
