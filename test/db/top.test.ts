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

test('the tool\'s own statements are left out; an ANALYZE FORMAT=JSON run of Explain & Profile counts as its statement', async () => {
  // A statement no other test sends, run twice as the application would, then analysed once
  // with actuals (on MariaDB: one execution as ANALYZE FORMAT=JSON).
  const sql = 'SELECT COUNT(*) FROM payment WHERE amount > 7.5 AND staff_id = 2';
  const app = await mysql.createConnection({ host: info.host, port: info.port, user: info.user, password: info.password, database: 'sakila' });
  try {
    await app.query(sql);
    await app.query(sql.replace('7.5', '8.5'));
  } finally {
    await app.end();
  }
  const a = mqt('analyze', '--url', info.url, '--actuals', 'auto', '--format', 'json', '--sql', sql);
  assert.equal(a.code, 0, a.err);
  const text = 'SELECT COUNT ( * ) FROM `payment` WHERE `amount` > ? AND `staff_id` = ?';

  const all = JSON.parse(mqt('top', '--url', info.url, '--format', 'json', '--limit', '1000', '--all').out) as TopStatement[];
  const has = (rows: TopStatement[], re: RegExp) => rows.some((r) => re.test(r.digestText));
  // What one analysis sends (README, "Statements per analysis"): on MariaDB the JSON EXPLAIN carries its own trace.
  for (const re of [/^FLUSH STATUS/, /^SHOW SESSION STATUS/, /^SET /, /^SET STATEMENT `optimizer_trace` = \? , `optimizer_trace_max_mem_size` = \? FOR EXPLAIN FORMAT = JSON /, /^EXPLAIN SELECT /, /^ANALYZE FORMAT = JSON /, /`information_schema` \./]) {
    assert.ok(has(all, re), `--all lists ${re}`);
  }
  const run = all.find((r) => r.digestText.startsWith(`ANALYZE FORMAT = JSON ${text}`))!;
  const plain = all.find((r) => r.digestText.startsWith(text))!;
  assert.ok(run && plain, 'the server keeps the run and the plain form apart');

  const r = mqt('top', '--url', info.url, '--format', 'json', '--limit', '1000');
  assert.equal(r.code, 0, r.err);
  const rows = JSON.parse(r.out) as TopStatement[];
  for (const row of rows) {
    assert.doesNotMatch(row.digestText, /^\s*(?:FLUSH|SHOW|SET|EXPLAIN|ANALYZE FORMAT|START TRANSACTION READ|ROLLBACK)\b/, 'no statement of the tool');
    assert.doesNotMatch(row.digestText, /`(?:information_schema|performance_schema)` \./, 'no catalog read');
    assert.doesNotMatch(row.sample ?? '', /^\s*ANALYZE\s+FORMAT/i);
  }
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1]!.totalMs >= rows[i]!.totalMs, 'still ranked by total time');
  const mine = rows.filter((x) => x.digestText.startsWith(text));
  assert.equal(mine.length, 1, 'one row for the statement and its ANALYZE run');
  const m = mine[0]!;
  assert.equal(m.digest, plain.digest, "the plain form's digest");
  assert.equal(m.calls, plain.calls + run.calls);
  assert.equal(m.analyzeRuns, run.calls);
  assert.ok(m.analyzeRuns >= 1 && m.calls >= 3);
  assert.equal(m.rowsExamined, plain.rowsExamined + run.rowsExamined);
  assert.match(m.sample ?? '', /^SELECT COUNT\(\*\) FROM payment WHERE amount > \d\.5 AND staff_id = 2$/);
  // The workload's classes are all still there (none of them is the tool's kind).
  for (const c of classes) {
    if (c.noDigestOnMariaDB) continue;
    assert.ok(rows.some((x) => x.digestText.includes(c.digestHas)), c.name);
  }

  const t = mqt('top', '--url', info.url, '--limit', '5');
  assert.match(t.out, /digests of the tool's own statements hidden, --all shows them/);
});
