// mqt digest against pt-query-digest (Debian's percona-toolkit) on the same logs: the recorded
// sandbox logs and a generated one full of awkward statements. Same classes, equal counts,
// Query_time sums within 1%. pt-query-digest must be installed (.ci/run installs it).
import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWithPt } from '../../../support/ptDigest';
import { generateSlowLog } from '../../../support/slowlogGen';

const FIXTURES = join(__dirname, '../../../fixtures/digest');
const compare = async (file: string, min: number) => {
  await compareWithPt(file, min);
};

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
