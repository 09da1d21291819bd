// dist/cli.js ends the process with process.exit() once the event loop is empty: the exit code
// is the command's, and output written through a pipe is whole (the loop is empty only when it
// has been written).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const CLI = join(__dirname, '../../../dist/cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'mqt-boot-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// A natural end of a node process never calls process.reallyExit; process.exit() does, with the code.
const SPY = join(scratch, 'spy.cjs');
writeFileSync(
  SPY,
  `const really = process.reallyExit;
process.reallyExit = (code) => { require('fs').writeSync(2, 'reallyExit ' + code + '\\n'); really.call(process, code); };`,
);

function mqt(...args: string[]) {
  return spawnSync(process.execPath, ['--require', SPY, CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MQT_CODE_CACHE: '0', NO_COLOR: '1' },
  });
}

test('a command that succeeds ends through process.exit(0) with all of its piped output', () => {
  // About 3 MB of JSON through the pipe: a process that ended before writing it would cut it short.
  const file = join(scratch, 'many.sql');
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) lines.push(`SELECT * FROM t${i % 50} WHERE a${i} LIKE '%x' ORDER BY RAND();`);
  writeFileSync(file, lines.join('\n'));
  const r = mqt('hints', '--file', file, '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^reallyExit 0$/m);
  assert.ok(r.stdout.length > 1_000_000, `${r.stdout.length} bytes`);
  const out = JSON.parse(r.stdout) as unknown;
  const findings = Array.isArray(out) ? out : (out as { findings?: unknown[] }).findings;
  assert.ok(Array.isArray(findings) && findings.length >= 12_000, 'two findings or more per statement');
});

test('a command that fails ends through process.exit with its own code', () => {
  const usage = mqt('no-such-command');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^reallyExit 2$/m);
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  const refused = mqt('analyze', '--url', 'mysql://nobody@127.0.0.1:1/db', '--password-file', SPY, '--sql', 'SELECT 1');
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /connection refused/);
  assert.match(refused.stderr, /^reallyExit 1$/m);
});
