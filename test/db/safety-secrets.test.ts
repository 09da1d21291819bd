// Passwords never appear in reports (every format), error messages or CLI output, whether
// the password was right or wrong.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfilerSession } from '../../src/core/session/profiler';
import { AnalysisError } from '../../src/core/session/errors';
import { connectionUrl, type ConnectionSpec } from '../../src/core/session/connection';
import { renderHtmlDocument, renderMarkdown, renderText, type Report } from '../../src/core/report';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { SandboxInfo } from '../../src/sandbox';
import { sandbox } from './helpers';

const ROOT = join(__dirname, '..', '..');
const WRONG = 'Wr0ng-S3cret:p@ss/%word';
let info: SandboxInfo;
let spec: ConnectionSpec;

before(async () => {
  info = await sandbox();
  spec = { host: info.host, port: info.port, user: info.user, password: info.password, database: info.database, tls: 'disabled' };
  assert.ok(info.password.length >= 8, 'a password worth looking for');
});

function assertClean(text: string, where: string): void {
  for (const secret of [info.password, WRONG, encodeURIComponent(WRONG)]) {
    assert.ok(!text.includes(secret), `the password appears in ${where}`);
  }
}

function allFormats(r: Report): Array<[string, string]> {
  return [
    ['json', JSON.stringify(r)],
    ['text', renderText(r)],
    ['md', renderMarkdown(r)],
    ['html', renderHtmlDocument([r])],
  ];
}

/** The real CLI in a child process (the test runner itself talks over this process's stdout). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
      },
    );
  });
}

test('reports of every kind, in every format, carry no password', async () => {
  const s = new ProfilerSession(spec);
  try {
    const reports = [
      await s.analyze('SELECT * FROM actor WHERE actor_id < 3'),
      await s.analyze('SELECT nope FROM actor'),
      await s.analyze('UPDATE rental SET return_date = NOW() WHERE rental_id = 1', { allowWrites: true }),
      await s.analyze('DROP TABLE actor'),
      await s.analyze('SELECT SLEEP(2)', { timeoutMs: 200 }),
    ];
    for (const r of reports) for (const [f, text] of allFormats(r)) assertClean(text, `the ${f} report of ${r.statement}`);
  } finally {
    await s.close();
  }
});

test('a wrong password: the error names the user, never the password', async () => {
  const s = new ProfilerSession({ ...spec, password: WRONG });
  const e = await s.analyze('SELECT 1').then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof AnalysisError);
  assert.match(e.message, /Access denied/);
  assertClean(`${e.message} ${e.stack ?? ''} ${JSON.stringify(e.detail)}`, 'the error');
  assertClean(connectionUrl({ ...spec, password: WRONG }), 'the display URL');
});

test('the CLI prints no password, right or wrong, in any format or error', async () => {
  const right = connectionUrl(spec, true);
  assert.ok(right.includes(encodeURIComponent(info.password)));
  for (const format of ['text', 'json', 'md', 'html']) {
    const ok = await cli(['analyze', '--url', right, '--sql', 'SELECT COUNT(*) FROM actor; SELECT nope FROM actor', '--format', format]);
    assert.equal(ok.code, 1, ok.out); // the second statement is rejected by the server
    assert.match(ok.out, /the password in --url can be read by any local user/);
    assertClean(ok.out, `mqt analyze --format ${format}`);
  }
  const wrong = await cli(['analyze', '--url', connectionUrl({ ...spec, password: WRONG }, true), '--sql', 'SELECT 1']);
  assert.equal(wrong.code, 1);
  assert.match(wrong.out, /Access denied/);
  assertClean(wrong.out, 'the CLI error');
  const badPort = await cli(['analyze', '--url', `mysql://u:${encodeURIComponent(WRONG)}@127.0.0.1:99999/db`, '--sql', 'SELECT 1']);
  assert.equal(badPort.code, 2);
  assertClean(badPort.out, 'the CLI usage error');
});

test('CLI JSON: a statement that was not run says executed:false and why', async () => {
  const url = connectionUrl(spec); // the password comes from MQT_PASSWORD, out of argv
  const env = { MQT_PASSWORD: spec.password };
  const r = await cli(['analyze', '--url', url, '--sql', 'DELETE FROM payment WHERE payment_id = 1', '--format', 'json'], env);
  assert.equal(r.code, 0, r.out);
  const j = JSON.parse(r.out) as Report;
  assert.equal(j.execution.executed, false);
  assert.match(j.execution.reason ?? '', /profile writes/);
  const w = await cli(['analyze', '--url', url, '--sql', 'DELETE FROM payment WHERE payment_id = 1', '--format', 'json', '--allow-writes'], env);
  const jw = JSON.parse(w.out) as Report;
  assert.equal(jw.execution.executed, true);
  assert.ok(jw.notes.some((n) => /rolled back/.test(n)));
  const m = await cli(['analyze', '--url', url, '--sql', 'DELETE FROM film_text WHERE film_id = 1', '--format', 'json', '--allow-writes'], env);
  const jm = JSON.parse(m.out) as Report;
  assert.equal(jm.execution.executed, false);
  assert.match(jm.execution.reason ?? '', /MyISAM/);
});
