// `mqt check` against the real sandbox, on a scratch schema of its own (mqt_check_test,
// dropped at the end): a baseline, a pass, an index dropped and restored, edited and
// inserted statements, and proof from the server's general log that no statement of the
// files is ever executed (only EXPLAINed, or not sent at all).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { runCheckCommand } from '../../src/cli/check';
import { ProfilerSession } from '../../src/core/session/profiler';
import type { CheckResult } from '../../src/core/check';
import { connect, sandbox, type SandboxInfo } from './helpers';

const SCRATCH = 'mqt_check_test';
const root = join(__dirname, '../..');
let info: SandboxInfo;
let admin: Connection;
let url: string;
let dir: string;

const Q1 = 'SELECT id, status FROM chk_orders WHERE customer_id = 42';
const Q2 = "SELECT name FROM chk_customers WHERE region = 'r7'";
const Q3 = "SELECT o.id, c.name FROM chk_orders o JOIN chk_customers c ON c.id = o.customer_id WHERE o.created = '2021-03-01'";
const Q4 = "SELECT COUNT(*) FROM chk_orders WHERE created BETWEEN '2020-02-01' AND '2020-02-03'";
const Q5 = 'DELETE FROM chk_orders WHERE id = 5';
const Q6 = 'SELECT chk_log_it() FROM chk_customers WHERE id = 1';
/** Statement lines: comments and blank lines between them, as in a real file. */
const FILE = `-- queries the app runs\n${Q1};\n\n${Q2};\n-- the report page\n${Q3};\n${Q4};\n${Q5};\n${Q6};\n`;

before(async () => {
  info = await sandbox();
  admin = await connect(info, { multipleStatements: true });
  await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH}; CREATE DATABASE ${SCRATCH}; USE ${SCRATCH};
    CREATE TABLE chk_customers (id INT PRIMARY KEY, region VARCHAR(20) NOT NULL, name VARCHAR(50) NOT NULL, KEY idx_region (region)) ENGINE=InnoDB;
    CREATE TABLE chk_orders (id INT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(10) NOT NULL, amount DECIMAL(8,2) NOT NULL, created DATE NOT NULL,
      KEY idx_customer (customer_id), KEY idx_created (created)) ENGINE=InnoDB;
    CREATE TABLE chk_log (n INT) ENGINE=InnoDB;
    INSERT INTO chk_customers SELECT seq, CONCAT('r', seq % 50), CONCAT('name', seq) FROM seq_1_to_2000;
    INSERT INTO chk_orders SELECT seq, seq % 2000 + 1, IF(seq % 7 = 0, 'open', 'done'), seq % 300, DATE '2020-01-01' + INTERVAL (seq % 1000) DAY FROM seq_1_to_30000;
    CREATE FUNCTION chk_log_it() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO chk_log VALUES (1); RETURN 1; END;
    ANALYZE TABLE chk_customers, chk_orders;`);
  const auth = `${encodeURIComponent(info.user)}:${encodeURIComponent(info.password)}`;
  url = `mysql://${auth}@${info.host}:${info.port}/${SCRATCH}`;
  dir = mkdtempSync(join(tmpdir(), 'mqt-check-'));
});

after(async () => {
  await admin?.query('SET GLOBAL general_log = OFF').catch(() => undefined);
  await admin?.query(`DROP DATABASE IF EXISTS ${SCRATCH}`).catch(() => undefined);
  await admin?.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCheckCommand(['--url', url, ...args], (t) => (out += t));
  return { code, out };
}

async function json(file: string, baseline: string): Promise<{ code: number; result: CheckResult }> {
  const r = await check('--file', file, '--baseline', baseline, '--format', 'json');
  return { code: r.code, result: JSON.parse(r.out) as CheckResult };
}

const lineOf = (text: string, sql: string) => text.slice(0, text.indexOf(sql)).split('\n').length;

test('baseline, pass, index dropped (exit 1 naming the statement), index restored (exit 0)', async () => {
  const file = join(dir, 'queries.sql');
  const baseline = join(dir, 'plans.json');
  writeFileSync(file, FILE);

  const made = await check('--file', file, '--baseline', baseline, '--update');
  assert.equal(made.code, 0, made.out);
  const first = readFileSync(baseline, 'utf8');
  const b = JSON.parse(first);
  assert.equal(b.statements.length, 6);
  assert.deepEqual(b.statements[0].plan.tables, [{ table: 'chk_orders', access: 'ref', key: 'idx_customer', rows: 10 }]);
  assert.deepEqual(b.statements[4].plan.tables.map((t: { key: string }) => t.key), ['PRIMARY'], 'the DELETE is explained');
  assert.equal(b.statements[5].plan, null, 'the writing function is not explained');
  assert.match(b.statements[5].notExplained, /chk_log_it.*may change data/);
  // Stable under re-runs: the same schema writes the same bytes.
  assert.equal((await check('--file', file, '--baseline', baseline, '--update')).code, 0);
  assert.equal(readFileSync(baseline, 'utf8'), first);

  const pass = await check('--file', file, '--baseline', baseline);
  assert.equal(pass.code, 0, pass.out);
  assert.match(pass.out, /^mqt check: 6 statement\(s\), 0 worse, 0 better, 0 error\(s\), 1 not explained/);

  await admin.query(`ALTER TABLE ${SCRATCH}.chk_orders DROP INDEX idx_customer`);
  const worse = await check('--file', file, '--baseline', baseline);
  assert.equal(worse.code, 1, worse.out);
  assert.match(worse.out, new RegExp(`^WORSE ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${lineOf(FILE, Q1)} SELECT id, status FROM chk_orders WHERE customer_id = 42$`, 'm'));
  assert.match(worse.out, /chk_orders: ref on idx_customer -> ALL \(full table scan\) \(key idx_customer lost\)/);
  assert.match(worse.out, /chk_orders: estimated rows ~10 -> [\d,]+ \(10x or more\)/);
  assert.equal((worse.out.match(/^WORSE /gm) ?? []).length, 1, 'only the statement that used the index');
  const md = await check('--file', file, '--baseline', baseline, '--format', 'md');
  assert.equal(md.code, 1);
  assert.match(md.out, new RegExp(`\\| \`${Q1}\` \\| [^|]*queries\\.sql:${lineOf(FILE, Q1)} \\| chk_orders: ref on idx_customer -> ALL`));

  await admin.query(`ALTER TABLE ${SCRATCH}.chk_orders ADD INDEX idx_customer (customer_id)`);
  await admin.query(`ANALYZE TABLE ${SCRATCH}.chk_orders`);
  const back = await check('--file', file, '--baseline', baseline);
  assert.equal(back.code, 0, back.out);
  assert.equal(readFileSync(baseline, 'utf8'), first, 'a check without --update leaves the baseline alone');
});

test('an edited statement is compared with its own entry; an inserted one shifts no other', async () => {
  const file = join(dir, 'edit.sql');
  const baseline = join(dir, 'edit.json');
  writeFileSync(file, FILE);
  assert.equal((await check('--file', file, '--baseline', baseline, '--update')).code, 0);

  // Insert a statement before Q2, edit Q2 (one more column), and drop the index Q3 and Q4 use.
  const INSERTED = 'SELECT COUNT(*) FROM chk_customers';
  const edited = FILE.replace(`${Q2};`, `${INSERTED};\n${Q2.replace('SELECT name', 'SELECT name, id')};`);
  writeFileSync(file, edited);
  await admin.query(`ALTER TABLE ${SCRATCH}.chk_orders DROP INDEX idx_created`);
  try {
    const { code, result } = await json(file, baseline);
    assert.equal(code, 1);
    const row = (sql: string) => result.statements.find((s) => s.line === lineOf(edited, sql))!;
    assert.deepEqual({ status: row(Q1).status, baseline: row(Q1).baseline }, { status: 'unchanged', baseline: { position: 1, id: row(Q1).id, how: 'same' } });
    assert.equal(row(INSERTED).status, 'new');
    assert.equal(row(INSERTED).baseline, undefined);
    const q2 = result.statements.find((s) => s.snippet.startsWith('SELECT name, id'))!;
    assert.deepEqual({ status: q2.status, position: q2.position, baseline: q2.baseline?.position, how: q2.baseline?.how }, { status: 'unchanged', position: 3, baseline: 2, how: 'edited' });
    // Q3 and Q4 moved down a place in the file and are still compared with their own entries.
    for (const [sql, pos] of [[Q3, 3], [Q4, 4]] as const) {
      const s = row(sql);
      assert.equal(s.status, 'regressed', `${sql}: ${JSON.stringify(s)}`);
      assert.deepEqual({ position: s.position, baseline: s.baseline?.position, how: s.baseline?.how }, { position: pos + 1, baseline: pos, how: 'same' });
    }
    // Q4 loses the index; the join (Q3) is read the other way round at a higher cost.
    assert.ok(row(Q4).changes.some((c) => c.verdict === 'worse' && /key idx_created lost/.test(c.message)), JSON.stringify(row(Q4).changes));
    assert.ok(row(Q3).changes.some((c) => c.verdict === 'worse' && /^join order o, c -> c, o/.test(c.message)), JSON.stringify(row(Q3).changes));
    assert.equal(result.counts.regressed, 2);
    assert.deepEqual(result.removed, []);
  } finally {
    await admin.query(`ALTER TABLE ${SCRATCH}.chk_orders ADD INDEX idx_created (created)`);
    await admin.query(`ANALYZE TABLE ${SCRATCH}.chk_orders`);
  }
});

test('a statement that fails to EXPLAIN is an error (exit 3), and --update then writes nothing', async () => {
  const file = join(dir, 'broken.sql');
  const baseline = join(dir, 'broken.json');
  writeFileSync(file, `${Q1};\nSELECT * FROM chk_nope;\n`);
  const r = await check('--file', file, '--baseline', baseline, '--update');
  assert.equal(r.code, 3, r.out);
  assert.match(r.out, /^ERROR .*broken\.sql:2 SELECT \* FROM chk_nope\n {2}Table 'mqt_check_test\.chk_nope' doesn't exist \(error 1146\)/m);
  assert.match(r.out, /NOT written/);
  assert.throws(() => readFileSync(baseline), /ENOENT/);
});

test('nothing is executed: the general log holds only the EXPLAINs; a normal analysis runs the statement', async () => {
  const file = join(dir, 'log.sql');
  const baseline = join(dir, 'log.json');
  writeFileSync(file, FILE);
  const [[{ id: me }]] = await admin.query<RowDataPacket[]>('SELECT CONNECTION_ID() AS id');
  const [[{ out: logOutput }]] = await admin.query<RowDataPacket[]>('SELECT @@GLOBAL.log_output AS `out`');
  const statementsLogged = async () => {
    const [rows] = await admin.query<RowDataPacket[]>(
      "SELECT CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE command_type IN ('Query', 'Execute') AND thread_id <> ? AND argument LIKE '%chk\\_%' AND argument NOT LIKE '%information_schema%'", [me]);
    return rows.map((r) => String(r.sql_text));
  };
  const globalScans = async () => Number((await admin.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Handler_read_rnd_next'"))[0][0].Value);
  await admin.query("SET GLOBAL log_output = 'TABLE'");
  await admin.query('TRUNCATE mysql.general_log');
  await admin.query('SET GLOBAL general_log = ON');
  try {
    const scansBefore = await globalScans();
    const r = await check('--file', file, '--baseline', baseline, '--update');
    assert.equal(r.code, 0, r.out);
    const scansDuring = (await globalScans()) - scansBefore;
    const logged = await statementsLogged();
    for (const q of [Q1, Q2, Q3, Q4, Q5]) {
      assert.ok(logged.some((l) => l.includes(q)), `${q} was explained: ${logged.join('\n')}`);
      // On MariaDB the JSON EXPLAIN carries the optimizer trace for itself (SET STATEMENT … FOR EXPLAIN).
      const behindExplain = /^(SET STATEMENT optimizer_trace = 'enabled=on', optimizer_trace_max_mem_size = \d+ FOR )?EXPLAIN /;
      assert.ok(logged.filter((l) => l.includes(q)).every((l) => behindExplain.test(l)), `${q} only behind EXPLAIN: ${logged.join('\n')}`);
    }
    assert.equal(logged.some((l) => l.includes('chk_log_it()')), false, 'the statement calling a writing function is not sent at all');
    const [[{ n }]] = await admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${SCRATCH}.chk_log`);
    assert.equal(Number(n), 0);
    // No full scan of 30,000 orders happened either (the join's EXPLAIN reads no rows).
    assert.ok(scansDuring < 30_000, `Handler_read_rnd_next grew by ${scansDuring}`);

    // The control: the same path without explainOnly runs the read, and the log and counters show it.
    const FULL = 'SELECT SUM(amount) FROM chk_orders WHERE status = \'open\'';
    const session = new ProfilerSession({ host: info.host, port: info.port, user: info.user, password: info.password, database: SCRATCH, tls: 'disabled' });
    try {
      const explained = await session.analyze(FULL, { explainOnly: true });
      assert.equal(explained.execution.executed, false);
      assert.match(explained.execution.reason ?? '', /Explain only/);
      assert.equal((await statementsLogged()).filter((l) => l === FULL).length, 0);
      const s0 = await globalScans();
      const ran = await session.analyze(FULL);
      assert.equal(ran.execution.executed, true);
      assert.equal((await statementsLogged()).filter((l) => l === FULL).length, 1, 'a normal analysis sends the bare statement');
      assert.ok((await globalScans()) - s0 >= 30_000, 'and scans the table');
    } finally {
      await session.close();
    }
  } finally {
    await admin.query('SET GLOBAL general_log = OFF');
    await admin.query('SET GLOBAL log_output = ?', [logOutput]);
    await admin.query('TRUNCATE mysql.general_log');
  }
});

test('the mqt binary: check --help, exit code 2 without a baseline, exit 1 on a regression', async () => {
  const mqt = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  const help = mqt('check', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: mqt check --url URL --file FILE/);
  assert.match(help.stdout, /Exit codes: 0 no plan got worse, 1 a plan got worse, 2 bad usage or input,\n3 a statement could not be explained/);
  assert.match(mqt('--help').stdout, /mqt check --url URL/);
  const file = join(dir, 'bin.sql');
  writeFileSync(file, `${Q1};\n`);
  const none = mqt('check', '--url', url, '--file', file, '--baseline', join(dir, 'missing.json'));
  assert.equal(none.status, 2);
  assert.match(none.stderr, /missing\.json does not exist: create it with --update/);
  const baseline = join(dir, 'bin.json');
  assert.equal(mqt('check', '--url', url, '--file', file, '--baseline', baseline, '--update').status, 0);
  await admin.query(`ALTER TABLE ${SCRATCH}.chk_orders DROP INDEX idx_customer`);
  try {
    const r = mqt('check', '--url', url, '--file', file, '--baseline', baseline, '--format', 'md', '--out', join(dir, 'summary.md'));
    assert.equal(r.status, 1, r.stderr);
    assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /^### :x: mqt check: 1 plan\(s\) got worse/);
  } finally {
    await admin.query(`ALTER TABLE ${SCRATCH}.chk_orders ADD INDEX idx_customer (customer_id)`);
  }
});
