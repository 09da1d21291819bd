// Disguised writes (issue 13): statements written so that a reader that differs from the
// server's lexer would take them for reads. Each one goes through every path that runs
// statements (single analysis and its rerun, the actuals run, Profile All's options, Compare
// with rewrite's, profile writes on, the CLI), with the server in its default sql_mode and in
// ANSI_QUOTES / NO_BACKSLASH_ESCAPES. Row counts and CHECKSUM TABLE stay identical and no file
// is written. A second pass uses a reader that calls everything a plain read: the server's
// read-only session alone must then refuse every write.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type Connection } from 'mysql2/promise';
import { ProfilerSession, type AnalyzeOptions } from '../../src/core/session/profiler';
import type { Classification } from '../../src/core/sql/classify';
import { sandboxUrl, type SandboxInfo } from '../../src/sandbox';
import { connect, sandbox } from './helpers';

const DB = 'mqt_disguise';
const root = join(__dirname, '../..');
const OUT = join(tmpdir(), `mqt-disguise-${process.pid}`);

let info: SandboxInfo;
let admin: Connection;

const setup = [
  `DROP DATABASE IF EXISTS ${DB}`,
  `CREATE DATABASE ${DB}`,
  `CREATE TABLE ${DB}.ti (id INT PRIMARY KEY, v INT) ENGINE=InnoDB`,
  `CREATE TABLE ${DB}.tm (id INT PRIMARY KEY, v INT) ENGINE=MyISAM`,
  `INSERT INTO ${DB}.ti SELECT seq, seq FROM seq_1_to_20`,
  `INSERT INTO ${DB}.tm SELECT seq, seq FROM seq_1_to_20`,
  // A writer behind an innocent name and declaration, and an honest one.
  `CREATE FUNCTION ${DB}.f_count() RETURNS INT DETERMINISTIC READS SQL DATA BEGIN DELETE FROM ${DB}.tm; DELETE FROM ${DB}.ti; RETURN 1; END`,
  `CREATE FUNCTION ${DB}.f_del() RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM ${DB}.tm; RETURN 1; END`,
];

async function state(): Promise<string> {
  const [sums] = (await admin.query(`CHECKSUM TABLE ${DB}.ti, ${DB}.tm`)) as unknown as [Array<{ Checksum: unknown }>];
  const [[n]] = (await admin.query(`SELECT (SELECT COUNT(*) FROM ${DB}.ti) AS i, (SELECT COUNT(*) FROM ${DB}.tm) AS m`)) as unknown as [
    [{ i: number; m: number }],
  ];
  return `${sums.map((r) => String(r.Checksum)).join(',')} rows ${n.i}/${n.m}`;
}

const C1 = '\u0001';
/** [label, statement]: each would delete rows if a reader took it for a read and ran it. */
const DISGUISED: Array<[string, string]> = [
  ['MySQL versioned comment above the server', `/*!99999 SELECT 1, */ DELETE FROM ${DB}.tm`],
  ['MySQL versioned comment, InnoDB target', `/*!99999 SELECT 1, */ DELETE FROM ${DB}.ti`],
  ['MySQL 5.7+ version MariaDB always skips', `/*!50700 SELECT 1, */ DELETE FROM ${DB}.tm`],
  ['MariaDB versioned comment above the server', `/*M!999999 SELECT 1, */ DELETE FROM ${DB}.tm`],
  ['versioned comment below the server hides a call', `SELECT 1 /*!100000 , ${DB}.f_del() */`],
  ['MariaDB comment below the server hides a call', `SELECT 1 /*M!100000 , ${DB}.f_del() */`],
  ['executable comment ends at the first */ outside a string', `SELECT 1 /*! , '*/' , ${DB}.f_del() */`],
  ['-- and a control character', `SELECT 1 --${C1} '\n, ${DB}.f_del() -- '`],
  ['-- and DEL', `SELECT 1 --\u007f '\n, ${DB}.f_del() -- '`],
  ['-- and a vertical tab', `SELECT 1 --\u000b '\n, ${DB}.f_del() -- '`],
  ['quoted function name', `SELECT \`f_del\`()`],
  ['quoted qualified function name', `SELECT \`${DB}\`.\`f_del\`()`],
  ['writer behind an innocent name', `SELECT COUNT(*) FROM ${DB}.ti WHERE ${DB}.f_count() > 0`],
  ['writer behind an innocent name, unqualified', 'SELECT f_count()'],
  ['INTO OUTFILE in an executable comment', `SELECT 1 /*!100000 INTO OUTFILE '${OUT}-a' */`],
  ['INTO OUTFILE in a MariaDB comment', `SELECT 1 /*M! INTO OUTFILE '${OUT}-b' */`],
  ['DELETE behind a skipped comment, MyISAM', `/*!99999 SELECT * FROM ${DB}.tm WHERE */ DELETE FROM ${DB}.tm WHERE id > 0`],
  ['multi-table DELETE', `/*!99999 SELECT 1, */ DELETE ti, tm FROM ${DB}.ti JOIN ${DB}.tm USING (id)`],
  ['UPDATE behind a comment', `/*M!999999 SELECT */ UPDATE ${DB}.tm SET v = 0`],
];

/** Only under ANSI_QUOTES: "f_del"() is a call, not a string. */
const ANSI: Array<[string, string]> = [
  ['double-quoted function name', 'SELECT "f_del"()'],
  ['double-quoted qualified name', `SELECT "${DB}"."f_del"()`],
];
/** Only under NO_BACKSLASH_ESCAPES: the backslash ends nothing, and the call is code. */
const NBE: Array<[string, string]> = [['backslash before a quote', `SELECT 'a\\', ${DB}.f_del(), '\\'`]];

const PATHS: Array<[string, AnalyzeOptions]> = [
  ['single analysis', { timeoutMs: 10000, actuals: 'auto' }],
  ['actuals run', { timeoutMs: 10000, actuals: 'always' }],
  ['Profile All', { timeoutMs: 10000, actuals: 'never' }],
  ['Compare with rewrite', { timeoutMs: 10000, checksum: true, actuals: 'never' }],
  ['profile writes on', { timeoutMs: 10000, allowWrites: true, actuals: 'always' }],
];

const spec = () => ({ host: info.host, port: info.port, user: info.user, password: info.password, database: DB, tls: 'disabled' as const });

async function battery(statements: Array<[string, string]>, paths = PATHS): Promise<void> {
  const start = await state();
  for (const [path, opts] of paths) {
    // One session per path, kept across statements; the first path runs them twice (a rerun reuses the session).
    const session = new ProfilerSession(spec());
    try {
      for (let pass = 0; pass < (path === paths[0][0] ? 2 : 1); pass++) {
        for (const [label, sql] of statements) {
          const r = await session.analyze(sql, opts);
          assert.equal(await state(), start, `${path}, ${label}: data changed (${JSON.stringify(r.execution)})`);
          // Only reads run, and with profile writes on, writes inside a rolled-back transaction.
          if (r.execution.executed && r.statementKind !== 'read')
            assert.ok(opts.allowWrites && r.notes.some((n) => /nothing was committed/.test(n)), `${path}, ${label}`);
        }
      }
    } finally {
      await session.close();
    }
  }
  for (const x of ['a', 'b']) assert.equal(existsSync(`${OUT}-${x}`), false, `no file written (${x})`);
}

before(async () => {
  info = await sandbox();
  admin = await connect(info, { multipleStatements: false });
  for (const s of setup) await admin.query(s);
});
after(async () => {
  await admin?.query('SET GLOBAL sql_mode = DEFAULT');
  await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin?.end();
  for (const x of ['a', 'b']) rmSync(`${OUT}-${x}`, { force: true });
});

test('disguised writes change nothing on any path (default sql_mode)', async () => {
  await battery(DISGUISED);
});

test('disguised writes change nothing with the server in ANSI_QUOTES and in NO_BACKSLASH_ESCAPES', async () => {
  for (const [mode, extra] of [
    ['ANSI_QUOTES', ANSI],
    ['NO_BACKSLASH_ESCAPES', NBE],
  ] as const) {
    // A new session reads the global sql_mode at connect: the profiler must honour it.
    await admin.query(`SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',${mode}')`);
    try {
      await battery([...extra, ...DISGUISED.filter(([, s]) => !s.includes('"'))], PATHS.slice(0, 3));
    } finally {
      await admin.query('SET GLOBAL sql_mode = DEFAULT');
    }
  }
});

test('the server refuses on its own: with a reader that calls everything a plain read, nothing changes', async () => {
  // explainable: false skips EXPLAIN, and with it the server's confirmation: only the session's READ ONLY is left.
  const fooled = (): Classification => ({ kind: 'read', verb: 'SELECT', explainable: false, safeToExecute: true, notes: [], calls: [], doubts: [] });
  const plain: Array<[string, string]> = [
    ['plain DELETE, MyISAM', `DELETE FROM ${DB}.tm`],
    ['plain DELETE, InnoDB', `DELETE FROM ${DB}.ti`],
    ['UPDATE', `UPDATE ${DB}.tm SET v = 0`],
    ['INSERT', `INSERT INTO ${DB}.tm VALUES (99, 99)`],
    ['DDL', `DROP TABLE ${DB}.tm`],
    ['DDL, CREATE', `CREATE TABLE ${DB}.tx (a INT)`],
    ['stored function that writes', `SELECT ${DB}.f_del()`],
    ['stored function that writes InnoDB and MyISAM', `SELECT ${DB}.f_count()`],
  ];
  const start = await state();
  const session = new ProfilerSession(spec(), fooled);
  try {
    for (const [label, sql] of [...plain, ...DISGUISED.filter(([l]) => !l.includes('OUTFILE'))]) {
      const r = await session.analyze(sql, { timeoutMs: 10000, actuals: 'always' });
      assert.equal(await state(), start, `${label}: data changed`);
      if (/DELETE|UPDATE|INSERT|DROP|CREATE|f_del|f_count/.test(sql) && !r.execution.error) assert.equal(r.execution.executed, false, label);
      if (r.execution.error) assert.ok([1792, 1064, 1305, 1630].includes(r.execution.error.errno ?? 0), `${label}: ${r.execution.error.message}`);
    }
    const refused = await session.analyze(`DELETE FROM ${DB}.tm`, { timeoutMs: 10000 });
    assert.equal(refused.execution.error?.errno, 1792, 'error 1792: read-only transaction');
    assert.match(refused.execution.reason ?? '', /refused it: it writes/);
  } finally {
    await session.close();
  }
  const [[t]] = (await admin.query(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}'`)) as unknown as [[{ n: number }]];
  assert.equal(Number(t.n), 2, 'no table created or dropped');
});

test('a loadable (UDF) function is explained only, whether this user can list them or not', async () => {
  // root over the socket: mqt cannot grant. The probe user cannot read mysql.func.
  const root = await mysql.createConnection({ socketPath: info.socket!, user: 'root' });
  const probe = { user: 'mqt_udf_probe', password: 'probe_pass_1' };
  await root.query("CREATE FUNCTION IF NOT EXISTS sphinx_snippets RETURNS STRING SONAME 'ha_sphinx.so'");
  for (const host of ['localhost', '127.0.0.1', '%']) {
    await root.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [probe.user, host, probe.password]);
    await root.query(`GRANT SELECT, EXECUTE, SHOW VIEW ON ${DB}.* TO ?@?`, [probe.user, host]);
  }
  // Its definer may read its body (information_schema.ROUTINES hides it from others).
  const who = await mysql.createConnection({ host: info.host, port: info.port, ...probe });
  const [[cu]] = (await who.query('SELECT CURRENT_USER() AS u')) as unknown as [[{ u: string }]];
  await who.end();
  const [u, h] = cu.u.split('@');
  await root.query(`CREATE DEFINER = '${u}'@'${h}' FUNCTION ${DB}.f_twice(x INT) RETURNS INT DETERMINISTIC NO SQL RETURN x * 2`);
  const listed = new ProfilerSession(spec());
  const unlisted = new ProfilerSession({ ...spec(), ...probe });
  try {
    const a = await listed.analyze("SELECT sphinx_snippets('a', 'i', 'q')", { timeoutMs: 10000 });
    assert.equal(a.execution.executed, false);
    assert.match(a.execution.reason ?? '', /loadable \(UDF\) function/);
    const b = await unlisted.analyze("SELECT sphinx_snippets('a', 'i', 'q')", { timeoutMs: 10000 });
    assert.equal(b.execution.executed, false);
    assert.match(b.execution.reason ?? '', /neither a built-in function nor a stored function/);
    // An honest stored function called unqualified runs only where no UDF can hide behind its name.
    const c = await listed.analyze('SELECT f_twice(2)', { timeoutMs: 10000 });
    assert.equal(c.execution.executed, true, c.execution.reason);
    const d = await unlisted.analyze('SELECT f_twice(2)', { timeoutMs: 10000 });
    assert.equal(d.execution.executed, false);
    assert.match(d.execution.reason ?? '', /cannot be listed/);
    const e = await unlisted.analyze(`SELECT ${DB}.f_twice(2)`, { timeoutMs: 10000 });
    assert.equal(e.execution.executed, true, `qualified, it is the stored function: ${e.execution.reason}`);
  } finally {
    await listed.close();
    await unlisted.close();
    for (const host of ['localhost', '127.0.0.1', '%']) await root.query('DROP USER IF EXISTS ?@?', [probe.user, host]);
    await root.query('DROP FUNCTION IF EXISTS sphinx_snippets');
    await root.query(`DROP FUNCTION IF EXISTS ${DB}.f_twice`);
    await root.end();
  }
});

test('the CLI runs the disguised writes without changing anything', async () => {
  const start = await state();
  const dir = mkdtempSync(join(tmpdir(), 'mqt-disguise-'));
  const file = join(dir, 'disguised.sql');
  // A `-- '` comment would swallow a `;` on its line.
  writeFileSync(file, DISGUISED.map(([, s]) => s).join('\n;\n') + '\n;\n');
  const url = sandboxUrl(info).replace(/\/sakila$/, `/${DB}`);
  for (const extra of [[], ['--allow-writes', '--actuals', 'always']]) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'analyze', '--url', url, '--file', file, '--format', 'json', ...extra],
      { cwd: root, encoding: 'utf8', timeout: 120000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const reports = JSON.parse(r.stdout) as Array<{ statementKind: string; execution: { executed: boolean } }>;
    assert.equal(reports.length, DISGUISED.length, 'one report per statement');
    for (const x of reports) if (x.execution.executed && x.statementKind !== 'read') assert.ok(extra.includes('--allow-writes'));
    assert.equal(await state(), start, `CLI ${extra.join(' ')}: data changed`);
  }
  rmSync(dir, { recursive: true, force: true });
  for (const x of ['a', 'b']) assert.equal(existsSync(`${OUT}-${x}`), false, `no file written (${x})`);
});

test('the session is read-only at the server, and a rolled-back write still runs with profile writes on', async () => {
  const session = new ProfilerSession(spec());
  try {
    const r = await session.analyze('SELECT 1 FROM DUAL WHERE @@tx_read_only = 1', { timeoutMs: 10000 });
    assert.deepEqual([r.execution.executed, r.execution.rows], [true, 1], 'the session reads @@tx_read_only = 1');
    const w = await session.analyze(`UPDATE ${DB}.ti SET v = v + 1`, { timeoutMs: 10000, allowWrites: true });
    assert.equal(w.execution.executed, true, w.execution.reason);
    assert.match(w.notes.join(' '), /rolled back/);
    assert.ok(w.plan, 'EXPLAIN of the write ran (inside a READ WRITE transaction)');
  } finally {
    await session.close();
  }
});
