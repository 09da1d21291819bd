// Every command that connects takes the same connection options (one table, one parser,
// src/cli/connect.ts): the same help text and the same errors, before anything connects.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CONNECTION_HELP } from '../../../src/cli/connect';
import { COMMAND_HELP } from '../../../src/cli/help';
import { main } from '../../../src/cli/main';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-options-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const sqlFile = path.join(dir, 'q.sql');
writeFileSync(sqlFile, 'SELECT 1;\n');
const pwFile = path.join(dir, 'pw');
writeFileSync(pwFile, 'secret\n');

/** Each command with the arguments that get it past its own checks, up to connecting. */
const COMMANDS: Record<string, string[]> = {
  analyze: ['--sql', 'SELECT 1'],
  hints: ['--sql', 'SELECT 1'],
  top: [],
  trace: ['--sql', 'SELECT 1'],
  advise: ['--sql', 'SELECT 1'],
  check: ['--file', sqlFile, '--baseline', path.join(dir, 'baseline.json'), '--update'],
};
const URL = ['--url', 'mysql://app@db.invalid:3306/shop'];

async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  const saved = process.env.MQT_URL;
  delete process.env.MQT_URL;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = write;
    if (saved !== undefined) process.env.MQT_URL = saved;
  }
}

const CASES: Array<[string, string[], RegExp]> = [
  ['--ssh-key without --ssh', [...URL, '--ssh-key', 'k'], /^mqt: --ssh-key and --ssh-known-hosts need --ssh user@host\[:port\]\n$/],
  ['--ssh-known-hosts without --ssh', [...URL, '--ssh-known-hosts', 'f'], /^mqt: --ssh-key and --ssh-known-hosts need --ssh user@host\[:port\]\n$/],
  ['a bad --ssh target', [...URL, '--ssh', 'deploy@bastion:99999'], /^mqt: --ssh: Bad SSH port: 99999\n$/],
  ['-p without a terminal', [...URL, '-p'], /^mqt: -p needs a terminal; use MQT_PASSWORD or --password-file FILE in scripts\n$/],
  ['a missing --password-file', [...URL, '--password-file', path.join(dir, 'missing')], /^mqt: cannot read the password file .*missing: ENOENT\n$/],
  ['both -p and --password-file', [...URL, '--password-file', pwFile, '--password'], /^mqt: give at most one of --password-file and -p\n$/],
];

for (const [cmd, base] of Object.entries(COMMANDS)) {
  test(`mqt ${cmd}: the shared connection options and their errors (exit 2)`, async () => {
    for (const [what, args, expected] of CASES) {
      const r = await run([cmd, ...base, ...args]);
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      assert.match(r.stderr, expected, what);
    }
    if (cmd !== 'hints') {
      // hints connects only when given --url; the others need one.
      const r = await run([cmd, ...base]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^mqt: --url is required \(or set MQT_URL\); try --url sandbox after `mqt sandbox start`\n$/);
    }
  });

  test(`mqt ${cmd} --help describes the connection options`, () => {
    assert.ok(COMMAND_HELP[cmd]?.includes(CONNECTION_HELP), COMMAND_HELP[cmd]);
    assert.match(COMMAND_HELP[cmd], /--url URL/);
  });
}
