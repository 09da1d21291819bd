import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { connectionSpec, promptPassword } from '../../../src/cli/connect';

const dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-connect-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the password comes from --password-file, -p or MQT_PASSWORD, never needing argv', async () => {
  const file = path.join(dir, 'pw');
  writeFileSync(file, 's3cret\nignored\n', { mode: 0o600 });
  const warnings: string[] = [];
  const deps = { env: { MQT_PASSWORD: 'from-env' }, warn: (l: string) => warnings.push(l), prompt: () => Promise.resolve('typed') };
  assert.equal((await connectionSpec({ url: 'mysql://u@db:3306/x', 'password-file': file }, deps)).password, 's3cret');
  assert.equal((await connectionSpec({ url: 'mysql://u@db:3306/x' }, deps)).password, 'from-env');
  assert.equal((await connectionSpec({ url: 'mysql://u@db:3306/x', password: true }, deps)).password, 'typed');
  assert.equal((await connectionSpec({ url: 'mysql://u@db:3306/x' }, { ...deps, env: {} })).password, undefined);
  assert.deepEqual(warnings, []);
  await assert.rejects(connectionSpec({ url: 'mysql://u@db/x', 'password-file': path.join(dir, 'missing') }, deps), /cannot read the password file .*ENOENT/);
  await assert.rejects(connectionSpec({ url: 'mysql://u@db/x', 'password-file': file, password: true }, deps), /at most one/);
});

test('a password in --url warns; one in MQT_URL does not (the environment is not in the process list)', async () => {
  const warnings: string[] = [];
  const warn = (l: string) => warnings.push(l);
  const s = await connectionSpec({ url: 'mysql://u:hunter2@db:3306/x' }, { env: {}, warn });
  assert.equal(s.password, 'hunter2');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /process list.*MQT_PASSWORD/);
  assert.doesNotMatch(warnings[0], /hunter2/);
  await connectionSpec({}, { env: { MQT_URL: 'mysql://u:hunter2@db:3306/x' }, warn });
  assert.equal(warnings.length, 1);
});

test('-p without a terminal is a usage error, not a hang', async () => {
  const notTty = { isTTY: false } as unknown as NodeJS.ReadStream;
  await assert.rejects(promptPassword('Password: ', notTty), /-p needs a terminal/);
});
