// The CLI's V8 code cache: used when good, rebuilt when stale or damaged, never in the way.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { cacheDirectory, CodeCache, installCodeCache, privateDirectory } from '../../../src/cli/codeCache';

// V8 keeps what this process compiled and would answer a second compile of the same source from
// memory, as a cache hit: these tests load each bundle several times, as separate runs would.
setFlagsFromString('--no-compilation-cache');

const scratch = mkdtempSync(join(tmpdir(), 'mqt-code-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function load(cache: CodeCache, file: string): unknown {
  const mod = { exports: {} as Record<string, unknown> };
  cache.compile(file)(mod.exports, createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

function bundle(dir: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'bundle.js');
  writeFileSync(file, `#!/usr/bin/env node\n${body}`);
  return file;
}

test('a miss is written on flush, then used; a damaged cache is rejected, the module still runs, and is rewritten', () => {
  const dir = join(scratch, 'a-cache');
  assert.equal(privateDirectory(dir), true);
  const file = bundle(join(scratch, 'a'), 'exports.answer = [1, 2, 3].map((x) => x * 14)[2];');
  const first = new CodeCache(dir, 'analyze');
  assert.deepEqual(load(first, file), { answer: 42 });
  assert.equal(first.uses.get(file), 'miss');
  first.flush();
  const [name] = readdirSync(dir);
  assert.match(name, /^bundle\.js\.analyze\./);
  assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600);
  const second = new CodeCache(dir, 'analyze');
  assert.deepEqual(load(second, file), { answer: 42 });
  assert.equal(second.uses.get(file), 'hit');
  writeFileSync(join(dir, name), Buffer.from('not a code cache at all, just bytes'));
  const third = new CodeCache(dir, 'analyze');
  assert.deepEqual(load(third, file), { answer: 42 });
  assert.equal(third.uses.get(file), 'rejected');
  third.flush();
  const fourth = new CodeCache(dir, 'analyze');
  load(fourth, file);
  assert.equal(fourth.uses.get(file), 'hit');
  // Another command keeps a cache of its own.
  const other = new CodeCache(dir, 'plan');
  load(other, file);
  assert.equal(other.uses.get(file), 'miss');
});

test('a rewritten bundle, even of the same length, never runs an old cache; the old one is removed', () => {
  const dir = join(scratch, 'b-cache');
  privateDirectory(dir);
  const file = bundle(join(scratch, 'b'), 'exports.value = "one";');
  const a = new CodeCache(dir, 'plan');
  assert.deepEqual(load(a, file), { value: 'one' });
  a.flush();
  writeFileSync(file, `#!/usr/bin/env node\nexports.value = "two";`);
  const b = new CodeCache(dir, 'plan');
  assert.deepEqual(load(b, file), { value: 'two' });
  assert.equal(b.uses.get(file), 'miss');
  b.flush();
  assert.equal(readdirSync(dir).length, 1, 'one cache per bundle and command');
});

test('no usable directory: no cache, and nothing fails', () => {
  assert.equal(cacheDirectory({ MQT_CODE_CACHE: '0', MQT_CODE_CACHE_DIR: scratch }), undefined);
  assert.equal(cacheDirectory({ MQT_CODE_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/c' }), join('/c', 'mysql-query-tuner', 'code-cache'));
  const notADir = join(scratch, 'plain-file');
  writeFileSync(notADir, '');
  assert.equal(privateDirectory(notADir), false);
  assert.equal(privateDirectory(join(notADir, 'below')), false);
  assert.equal(installCodeCache(scratch, 'analyze', { MQT_CODE_CACHE_DIR: join(notADir, 'below') }), undefined);
  const open = join(scratch, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  assert.equal(privateDirectory(open), false, 'a directory others can write in is not used');
  // The directory gone before the cache is written: flush gives up quietly.
  const gone = join(scratch, 'gone');
  privateDirectory(gone);
  const cache = new CodeCache(gone, 'digest');
  load(cache, bundle(join(scratch, 'c'), 'exports.ok = true;'));
  rmSync(gone, { recursive: true });
  assert.doesNotThrow(() => cache.flush());
});

test('mqt prints the same with a cache, without one, and with an unusable cache directory', () => {
  const cli = join(__dirname, '../../../dist/cli.js');
  const dir = join(scratch, 'cli-cache');
  const run = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const plain = run({ MQT_CODE_CACHE: '0' }, 'help');
  assert.match(plain, /^mqt \S+: explain and profile/);
  assert.equal(run({ MQT_CODE_CACHE_DIR: dir }, 'help'), plain);
  assert.ok(
    readdirSync(dir).some((f) => f.startsWith('mqt.js.help.')),
    readdirSync(dir).join(', '),
  );
  assert.equal(run({ MQT_CODE_CACHE_DIR: dir }, 'help'), plain, 'from the cache');
  assert.equal(run({ MQT_CODE_CACHE_DIR: join(scratch, 'plain-file', 'x') }, 'help'), plain);
  // A failed command leaves no cache behind.
  assert.throws(() => run({ MQT_CODE_CACHE_DIR: dir }, 'nosuchcommand'));
  assert.equal(
    readdirSync(dir).some((f) => f.includes('.nosuchcommand.')),
    false,
  );
});
