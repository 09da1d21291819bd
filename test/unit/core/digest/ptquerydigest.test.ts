// mqt digest against pt-query-digest (Debian's percona-toolkit) on the same logs: the recorded
// sandbox logs and a generated one full of awkward statements. Same classes, equal counts,
// Query_time sums within 1%. pt-query-digest must be installed (.ci/run installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestFiles } from '../../../../src/core/digest/file';
import { generateSlowLog } from '../../../support/slowlogGen';

const FIXTURES = join(__dirname, '../../../fixtures/digest');

interface PtClass { fingerprint: string; query_count: number; metrics: { Query_time: { sum: string } } }

function ptDigest(file: string): PtClass[] {
  const out = execFileSync('pt-query-digest', ['--output', 'json', '--limit', '100%:100000', '--no-version-check', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return (JSON.parse(out) as { classes: PtClass[] }).classes;
}

async function compare(file: string, minClasses: number): Promise<void> {
  const pt = ptDigest(file);
  const ours = (await digestFiles([file])).result();
  assert.ok(pt.length >= minClasses, `pt-query-digest found ${pt.length} classes`);
  const mine = new Map(ours.map((c) => [c.fingerprint, c]));
  assert.deepEqual([...mine.keys()].sort(), pt.map((c) => c.fingerprint).sort(), 'the same classes');
  for (const p of pt) {
    const m = mine.get(p.fingerprint)!;
    assert.equal(m.count, p.query_count, `count of ${p.fingerprint}`);
    const sum = Number(p.metrics.Query_time.sum);
    assert.ok(Math.abs(m.queryTime.sum - sum) <= Math.max(sum * 0.01, 1e-6), `Query_time sum of ${p.fingerprint}: ${m.queryTime.sum} vs ${sum}`);
  }
}

test('recorded MariaDB 10.11 slow log: the same classes as pt-query-digest', () => compare(join(FIXTURES, 'mariadb-10.11.log'), 12));
test('recorded MariaDB 10.11 slow log with log_slow_verbosity=query_plan,explain,innodb', () => compare(join(FIXTURES, 'mariadb-10.11-verbose.log'), 12));
test('the MySQL 8.0 layout, with an administrator command', () => compare(join(FIXTURES, 'mysql-8.0-layout.log'), 13));

test('a generated log of awkward statements (quotes, comments, hex, signs, unions, CALL, multi-row INSERT)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-digest-'));
  try {
    const file = join(dir, 'gen.log');
    writeFileSync(file, [...generateSlowLog({ seed: 7, bytes: 400_000, verbose: true })].join(''));
    await compare(file, 15);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
