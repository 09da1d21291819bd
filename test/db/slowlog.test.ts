// Real slow logs made on the sandbox: its slow log turned on with long_query_time=0 (plain, then
// with log_slow_verbosity=query_plan,explain), the known workload run (IN lists of many lengths,
// multi-line statements, comments, quoted quotes...), the log turned off. Then mqt digest and
// pt-query-digest read the same file: the same classes, equal counts, Query_time sums within 1%.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sandbox, type SandboxInfo } from './helpers';
import { runWorkloadAsRoot, SCRATCH_DB, slowLogOn, workload } from '../support/digestWorkload';
import { compareWithPt } from '../support/ptDigest';
import { fingerprint } from '../../src/core/digest';

const root = join(__dirname, '../..');
let info: SandboxInfo;
const logs: Record<string, string> = {};
const classes = workload();

async function makeLog(name: string, verbosity: string): Promise<string> {
  const file = join(info.dir, `slowlog-test-${process.pid}-${name}.log`);
  rmSync(file, { force: true });
  await runWorkloadAsRoot(info.socket!, { classes, around: (admin) => slowLogOn(admin, file, verbosity) });
  assert.ok(existsSync(file), `the server wrote ${file}`);
  return file;
}

before(async () => {
  info = await sandbox();
  logs.plain = await makeLog('plain', '');
  logs.verbose = await makeLog('verbose', 'query_plan,explain');
});

after(() => {
  for (const f of Object.values(logs)) rmSync(f, { force: true });
});

for (const kind of ['plain', 'verbose']) {
  test(`a slow log made now (${kind}): the same classes, counts and Query_time sums as pt-query-digest`, async () => {
    const ours = await compareWithPt(logs[kind]!, 12);
    // Every statement of the workload is counted in its class (pt-query-digest's quirks make
    // 'O''BRIEN' a class of its own, so a workload class may be two).
    for (const c of classes) {
      const fps = new Set(c.runs.map((q) => fingerprint(q)));
      const got = ours.filter((x) => fps.has(x.fingerprint)).reduce((n, x) => n + x.count, 0);
      assert.ok(got >= c.runs.length, `${c.name}: ${got} of ${c.runs.length}`);
    }
  });
}

test('mqt digest on the verbose log: the query-plan counts, the JSON contract, progress on stderr', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'digest', '--format', 'json', '--progress', logs.verbose!], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Array<{ fingerprint: string; count: number; plan?: Record<string, number>; sample: string; db?: string }>;
  const scan = j.find((c) => c.fingerprint.startsWith('select count(*) from payment where amount > ?'))!;
  assert.ok(scan.plan && scan.plan.Full_scan === scan.count, `every payment count is a full scan: ${JSON.stringify(scan.plan)}`);
  const other = j.find((c) => c.fingerprint.startsWith('select count(*) from t? where s like ?'))!;
  assert.equal(other.db, SCRATCH_DB, 'the database from use / Schema:');
  assert.match(r.stderr, /^mqt digest: .*: 100% \(.* statements, /m);
});
