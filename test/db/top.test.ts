// mqt top on the sandbox: the known workload's digests, with at least as many calls as were
// run, samples from events_statements_history_long, and the JSON contract.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { sandbox, type SandboxInfo } from './helpers';
import { fetchTop, type TopStatement } from '../../src/core/digest';
import { prepareScratch, runWorkload, SCRATCH_DB, workload } from '../support/digestWorkload';

const root = join(__dirname, '../..');
let info: SandboxInfo;
const classes = workload();

function mqt(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  info = await sandbox();
  const admin = await mysql.createConnection({ socketPath: info.socket!, user: 'root' });
  try {
    await admin.query("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'events_statements_history_long'");
    await prepareScratch(admin);
    const wl = await mysql.createConnection({ socketPath: info.socket!, user: 'root', database: 'sakila' });
    try {
      await runWorkload(wl, classes);
    } finally {
      await wl.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`);
    await admin.end();
  }
});

test('mqt top --format json: every workload class has at least as many calls as were run', () => {
  const r = mqt('top', '--url', info.url, '--format', 'json', '--limit', '1000');
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as TopStatement[];
  assert.deepEqual(Object.keys(rows[0]!).slice(0, 11), ['digest', 'digestText', 'sample', 'calls', 'totalMs', 'avgMs', 'rowsExamined', 'rowsSent', 'tmpDiskTables', 'fullScans', 'noIndexUsed']);
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.totalMs >= rows[i]!.totalMs, 'ranked by total time');
  for (const c of classes) {
    if (c.noDigestOnMariaDB) continue;
    const calls = rows.filter((x) => x.digestText.includes(c.digestHas)).reduce((s, x) => s + x.calls, 0);
    assert.ok(calls >= c.runs.length, `${c.name}: ${calls} calls in the digests, ${c.runs.length} run`);
  }
  // The workload's own statements (other tests leave EXPLAINs of similar ones).
  const join = rows.find((x) => x.digestText.startsWith('SELECT `c` . `customer_id` , COUNT ( * ) AS `rentals`'))!;
  assert.ok(join.rowsExamined > 0 && join.rowsSent > 0);
  const scan = rows.find((x) => x.digestText.startsWith('SELECT COUNT ( * ) FROM `payment` WHERE `amount` > ? AND `rental_id` IS NOT NULL'))!;
  assert.ok(scan.fullScans > 0 && scan.noIndexUsed > 0, 'the payment scan counts as a full scan without an index');
});

test('samples come from events_statements_history_long, with real literals', async () => {
  const top = await fetchTop({ host: info.host, port: info.port, user: info.user, password: info.password, database: info.database }, { limit: 1000 });
  assert.equal(top.sampleSource, 'events_statements_history_long');
  const inList = top.rows.find((x) => x.digestText.includes('WHERE `film_id` IN (...)'))!;
  assert.match(inList.sample ?? '', /^SELECT film_id, title FROM film WHERE film_id IN \(1, 8/);
});

test('mqt top text output and bad usage', () => {
  const r = mqt('top', '--url', info.url, '--limit', '5');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^5 statement digests from performance_schema/);
  assert.equal(mqt('top', '--url', info.url, '--limit', '0').code, 2);
  assert.equal(mqt('top', '--url', 'mysql://x@127.0.0.1:1/db').code, 1);
});
