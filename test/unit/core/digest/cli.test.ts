// mqt digest as a command: the JSON contract, --limit, and bad input as exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDigestCommand } from '../../../../src/cli/digest';
import { main } from '../../../../src/cli/main';

const FIXTURES = join(__dirname, '../../../fixtures/digest');

async function run(...args: string[]): Promise<string> {
  let out = '';
  await runDigestCommand(args, (t) => {
    out += t;
  });
  return out;
}

test('--format json prints the contract, most total time first', async () => {
  const j = JSON.parse(await run('--format', 'json', '--no-progress', join(FIXTURES, 'mariadb-10.11.log'), join(FIXTURES, 'mysql-8.0-layout.log')));
  assert.ok(Array.isArray(j));
  assert.deepEqual(Object.keys(j[0]).slice(0, 9), [
    'fingerprint',
    'count',
    'queryTime',
    'lockTime',
    'rowsSent',
    'rowsExamined',
    'firstSeen',
    'lastSeen',
    'sample',
  ]);
  assert.deepEqual(Object.keys(j[0].queryTime), ['sum', 'avg', 'p95', 'max']);
  for (let i = 1; i < j.length; i++) assert.ok(j[i - 1].queryTime.sum >= j[i].queryTime.sum);
  const inList = j.find((c: { fingerprint: string }) => c.fingerprint === 'select film_id, title from film where film_id in(?+)');
  assert.equal(inList.count, 62, 'two logs of 31 each');
  assert.match(inList.sample, /^SELECT film_id, title FROM film WHERE film_id IN \(1, 8, 15/);
  assert.match(inList.firstSeen, /^2026-12-01T20:\d\d:\d\dZ$/);
  const quit = j.find((c: { fingerprint: string }) => c.fingerprint === 'administrator command: Quit');
  assert.equal(quit.count, 1);
});

test('text output with --limit', async () => {
  const out = await run('--limit', '3', '--no-progress', join(FIXTURES, 'mariadb-10.11-verbose.log'));
  assert.match(out, /^89 statements in 15 classes, [\d.]+ s in total \(top 3 shown\)/);
  assert.equal(out.trim().split('\n').length, 2 + 1 + 3);
});

test('bad usage and unreadable files exit with 2', async () => {
  const err = process.stderr.write;
  process.stderr.write = () => true;
  try {
    assert.equal(await main(['digest']), 2);
    assert.equal(await main(['digest', join(FIXTURES, 'no-such.log')]), 2);
    assert.equal(await main(['digest', FIXTURES]), 2);
    assert.equal(await main(['digest', '--format', 'xml', join(FIXTURES, 'mariadb-10.11.log')]), 2);
  } finally {
    process.stderr.write = err;
  }
});
