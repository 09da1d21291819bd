// The CLI's contract with scripts: --help for every command, exit codes, colour, passwords out of argv.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectionUrl, parseConnectionUrl } from '../../src/core/session/connection';
import { sandboxUrl } from '../../src/sandbox';
import { sandbox } from './helpers';

const root = join(__dirname, '../..');
const cliJs = join(root, 'dist/cli.js'); // built by `npm test` before the db tests
let plainUrl: string; // no password in it
let password: string;
const dir = mkdtempSync(join(tmpdir(), 'mqt-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function mqt(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [cliJs, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', MQT_PASSWORD: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  const spec = parseConnectionUrl(sandboxUrl(await sandbox()));
  password = spec.password!;
  plainUrl = connectionUrl(spec);
});

test('every command of mqt --help answers --help with its usage and exit 0', () => {
  const top = mqt(['--help']).out;
  const commands = [...top.matchAll(/^ {2}mqt (\w+)/gm)].map((m) => m[1]);
  assert.ok(commands.length >= 6, top);
  for (const c of commands) {
    for (const flag of ['--help', '-h']) {
      const r = mqt([c, flag]);
      assert.equal(r.code, 0, `mqt ${c} ${flag}: ${r.err}`);
      assert.match(r.out, new RegExp(`^Usage: mqt ${c}\\b`), c);
      assert.equal(r.err, '');
    }
  }
  assert.match(mqt(['sandbox', 'url', '--help']).out, /url \[--tls\]/);
});

test('exit 1 when the server rejects a statement or it cannot be read; the report is still printed', () => {
  const env = { MQT_PASSWORD: password };
  for (const [sql, why] of [
    ['SELEC nonsense', /could not be read: Unrecognised statement \(SELEC\)/],
    ['SELECT * FROM no_such_table', /rejected the statement: Table 'sakila.no_such_table' doesn't exist/],
    ['SELECT nope FROM film', /Unknown column/],
  ] as const) {
    const r = mqt(['analyze', '--url', plainUrl, '--sql', sql], env);
    assert.equal(r.code, 1, `${sql}: ${r.err}`);
    assert.match(r.err, why);
    assert.match(r.out, new RegExp(`^== ${sql.replace(/[*]/g, '\\*')}`), 'the report is on stdout');
  }
  const ok = mqt(['analyze', '--url', plainUrl, '--sql', 'SELECT COUNT(*) FROM film'], env);
  assert.equal(ok.code, 0, ok.err);
  assert.equal(ok.err, '');
  // One bad statement in a file fails the run; the good one is still analysed.
  const f = join(dir, 'two.sql');
  writeFileSync(f, 'SELECT 1;\nSELECT * FROM missing_one;\n');
  const two = mqt(['analyze', '--url', plainUrl, '--file', f, '--format', 'json'], env);
  assert.equal(two.code, 1);
  assert.equal(JSON.parse(two.out).length, 2);
  // A write that is only explained, and DDL that is never sent, are not failures.
  assert.equal(mqt(['analyze', '--url', plainUrl, '--sql', 'DELETE FROM payment WHERE payment_id = 1'], env).code, 0);
  assert.equal(mqt(['analyze', '--url', plainUrl, '--sql', 'DROP TABLE film'], env).code, 0);
});

test('colour only when asked or on a terminal; NO_COLOR and --no-color win', () => {
  const env = { MQT_PASSWORD: password };
  const args = ['analyze', '--url', plainUrl, '--sql', 'SELECT * FROM film WHERE film_id = 1'];
  const ESC = '\u001b[';
  assert.ok(!mqt(args, env).out.includes(ESC), 'a pipe gets no colour');
  assert.ok(mqt(args, { ...env, FORCE_COLOR: '1' }).out.startsWith(`${ESC}1m== SELECT`));
  assert.ok(!mqt(args, { ...env, FORCE_COLOR: '1', NO_COLOR: '1' }).out.includes(ESC));
  assert.ok(!mqt([...args, '--no-color'], { ...env, FORCE_COLOR: '1' }).out.includes(ESC));
  assert.ok(!mqt(['--no-color', ...args], { ...env, FORCE_COLOR: '1' }).out.includes(ESC));
  const bad = mqt(['analyze', '--url', plainUrl, '--sql', 'SELECT 1', '--format', 'xml'], { FORCE_COLOR: '1', NO_COLOR: '1' });
  assert.match(bad.err, /^mqt: --format/);
});

test('passwords: MQT_PASSWORD and --password-file work, a password in --url warns, a wrong one fails with 1', () => {
  const sql = ['--sql', 'SELECT 1'];
  const viaEnv = mqt(['analyze', '--url', plainUrl, ...sql], { MQT_PASSWORD: password });
  assert.equal(viaEnv.code, 0, viaEnv.err);
  const file = join(dir, 'pw');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  const viaFile = mqt(['analyze', '--url', plainUrl, '--password-file', file, ...sql]);
  assert.equal(viaFile.code, 0, viaFile.err);
  assert.equal(viaFile.err, '');
  const inUrl = mqt(['analyze', '--url', sandboxUrlWith(password), ...sql]);
  assert.equal(inUrl.code, 0);
  assert.match(inUrl.err, /^mqt: warning: the password in --url can be read by any local user in the process list/);
  assert.ok(!inUrl.err.includes(password));
  const none = mqt(['analyze', '--url', plainUrl, ...sql]);
  assert.equal(none.code, 1);
  assert.match(none.err, /Access denied/);
  const noTty = mqt(['analyze', '--url', plainUrl, '-p', ...sql]);
  assert.equal(noTty.code, 2);
  assert.match(noTty.err, /-p needs a terminal/);
});

function sandboxUrlWith(pw: string): string {
  return connectionUrl({ ...parseConnectionUrl(plainUrl), password: pw }, true);
}

test('-p asks on a terminal and does not echo what is typed', async () => {
  // util-linux `script` gives the CLI a pseudo-terminal; the password is typed into it.
  const { spawn } = await import('node:child_process');
  const cmd = `${process.execPath} ${cliJs} analyze --url ${plainUrl} -p --sql 'SELECT 1'`;
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: root, env: { ...process.env, MQT_PASSWORD: '', NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('Password for ') && !out.includes('typed')) {
      out += '(typed)';
      child.stdin.write(`${password}\r`);
    }
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 0, out);
  assert.match(out, /Password for mqt@127\.0\.0\.1: /);
  assert.match(out, /== SELECT 1/);
  assert.ok(!out.includes(password), 'the password is not echoed');
});
