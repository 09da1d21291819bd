// No data changes: a battery of writing and dangerous statements analysed with "profile writes"
// off and on; CHECKSUM TABLE of every sakila table (and of a scratch schema with an FK cascade,
// triggers into MyISAM and stored functions) is identical before and after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Connection } from 'mysql2/promise';
import { ProfilerSession } from '../../src/core/session/profiler';
import type { Report } from '../../src/core/report/model';
import { SAKILA_TABLES, type SandboxInfo } from '../../src/sandbox';
import { connect, sandbox } from './helpers';

const SCRATCH = 'mqt_safety_test';
const SCRATCH_TABLES = ['p', 'c', 'q', 'qc', 'qlog', 'm', 'plog'];
const OUTFILE = `/tmp/mqt-safety-${process.pid}.txt`;

let info: SandboxInfo;
let admin: Connection;
let session: ProfilerSession;

const setup = [
  `DROP DATABASE IF EXISTS ${SCRATCH}`,
  `CREATE DATABASE ${SCRATCH}`,
  `CREATE TABLE ${SCRATCH}.p (id INT PRIMARY KEY, v INT) ENGINE=InnoDB`,
  `CREATE TABLE ${SCRATCH}.c (id INT PRIMARY KEY, p_id INT, FOREIGN KEY (p_id) REFERENCES ${SCRATCH}.p (id) ON DELETE CASCADE ON UPDATE CASCADE) ENGINE=InnoDB`,
  `CREATE TABLE ${SCRATCH}.q (id INT PRIMARY KEY) ENGINE=InnoDB`,
  `CREATE TABLE ${SCRATCH}.qc (id INT PRIMARY KEY, q_id INT, FOREIGN KEY (q_id) REFERENCES ${SCRATCH}.q (id) ON DELETE CASCADE) ENGINE=InnoDB`,
  `CREATE TABLE ${SCRATCH}.qlog (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(20)) ENGINE=MyISAM`,
  `CREATE TRIGGER ${SCRATCH}.qc_del AFTER UPDATE ON ${SCRATCH}.qc FOR EACH ROW INSERT INTO ${SCRATCH}.qlog (what) VALUES ('upd')`,
  `CREATE TABLE ${SCRATCH}.m (id INT PRIMARY KEY, v INT) ENGINE=MyISAM`,
  `CREATE TABLE ${SCRATCH}.plog (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME) ENGINE=InnoDB`,
  `INSERT INTO ${SCRATCH}.p SELECT seq, seq FROM seq_1_to_50`,
  `INSERT INTO ${SCRATCH}.c SELECT seq, 1 + seq % 50 FROM seq_1_to_200`,
  `INSERT INTO ${SCRATCH}.q SELECT seq FROM seq_1_to_20`,
  `INSERT INTO ${SCRATCH}.qc SELECT seq, 1 + seq % 20 FROM seq_1_to_40`,
  `INSERT INTO ${SCRATCH}.m SELECT seq, seq FROM seq_1_to_30`,
  `CREATE FUNCTION ${SCRATCH}.f_writes() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO ${SCRATCH}.plog (at) VALUES (NOW()); RETURN 1; END`,
  // Declared harmless, but its body writes: the body is what counts.
  `CREATE FUNCTION ${SCRATCH}.f_liar() RETURNS INT DETERMINISTIC NO SQL BEGIN INSERT INTO ${SCRATCH}.plog (at) VALUES (NOW()); RETURN 2; END`,
  `CREATE FUNCTION ${SCRATCH}.f_pure(x INT) RETURNS INT DETERMINISTIC NO SQL RETURN x * 2`,
  `CREATE FUNCTION ${SCRATCH}.f_nondet() RETURNS DOUBLE NOT DETERMINISTIC NO SQL RETURN RAND()`,
  `CREATE FUNCTION ${SCRATCH}.f_outer() RETURNS INT DETERMINISTIC READS SQL DATA RETURN ${SCRATCH}.f_writes()`,
  `CREATE PROCEDURE ${SCRATCH}.p_writes() INSERT INTO ${SCRATCH}.plog (at) VALUES (NOW())`,
  `CREATE VIEW ${SCRATCH}.v_calls AS SELECT ${SCRATCH}.f_writes() AS x`,
  `CREATE VIEW ${SCRATCH}.v_plain AS SELECT id, v FROM ${SCRATCH}.p`,
  `CREATE SEQUENCE ${SCRATCH}.s1`,
];

async function checksums(): Promise<Map<string, string>> {
  const names = [...SAKILA_TABLES.map((t) => `sakila.${t}`), ...SCRATCH_TABLES.map((t) => `${SCRATCH}.${t}`)];
  const [rows] = (await admin.query(`CHECKSUM TABLE ${names.join(', ')}`)) as unknown as [Array<{ Table: string; Checksum: string | number | null }>];
  const [[seq]] = (await admin.query(`SELECT next_not_cached_value AS n FROM ${SCRATCH}.s1`)) as unknown as [[{ n: string }]];
  const [[ai]] = (await admin.query(`SELECT COUNT(*) AS n FROM ${SCRATCH}.plog`)) as unknown as [[{ n: number }]];
  return new Map([...rows.map((r) => [r.Table, String(r.Checksum)] as [string, string]), ['s1.next', String(seq.n)], ['plog.count', String(ai.n)]]);
}

before(async () => {
  info = await sandbox();
  admin = await connect(info);
  for (const s of setup) await admin.query(s);
  session = new ProfilerSession({ host: info.host, port: info.port, user: info.user, password: info.password, database: info.database, tls: 'disabled' });
});
after(async () => {
  await session?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${SCRATCH}`);
  await admin?.end();
});

/** Writes that touch only InnoDB tables: with "profile writes" on, they run and are rolled back. */
const INNODB_WRITES = [
  'UPDATE rental SET return_date = NOW() WHERE customer_id = 5',
  'UPDATE payment SET amount = amount + 1 WHERE payment_id <= 500',
  'DELETE FROM payment WHERE payment_id <= 300',
  'DELETE FROM rental WHERE rental_id BETWEEN 100 AND 120 AND rental_id NOT IN (SELECT rental_id FROM payment WHERE rental_id IS NOT NULL)',
  "INSERT INTO actor (first_name, last_name) VALUES ('SAFE', 'TEST')",
  'INSERT INTO actor (first_name, last_name) SELECT first_name, last_name FROM actor WHERE actor_id < 20',
  "INSERT INTO category (category_id, name) VALUES (1, 'x') ON DUPLICATE KEY UPDATE name = 'changed'",
  "UPDATE customer c JOIN address a ON a.address_id = c.address_id SET c.email = 'x@y', a.phone = '1' WHERE c.customer_id < 10",
  'DELETE p FROM payment p JOIN rental r ON r.rental_id = p.rental_id WHERE r.customer_id = 7',
  'DELETE p, r FROM payment p JOIN rental r ON r.rental_id = p.rental_id WHERE r.customer_id = 8',
  'UPDATE customer SET active = 0 WHERE customer_id IN (WITH few AS (SELECT customer_id FROM customer WHERE customer_id < 4) SELECT customer_id FROM few)',
  "UPDATE staff SET username = CONCAT(username, '_x')",
  'UPDATE inventory SET store_id = 3 - store_id WHERE inventory_id < 50',
  'UPDATE country SET country = UPPER(country)',
  'UPDATE city SET city = LOWER(city) WHERE city_id < 100',
  'UPDATE address SET postal_code = NULL',
  'UPDATE actor SET actor_id = actor_id + 10000 WHERE actor_id = 1', // ON UPDATE CASCADE into film_actor (InnoDB)
  `DELETE FROM ${SCRATCH}.p WHERE id <= 10`, // ON DELETE CASCADE into c (InnoDB)
  `UPDATE ${SCRATCH}.p SET id = id + 100 WHERE id = 20`,
  `INSERT INTO ${SCRATCH}.plog (at) VALUES (NOW())`,
  'delete from payment',
  'UPDATE payment SET amount = 0 /* all of it */',
  'INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) SELECT customer_id, staff_id, rental_id, amount, payment_date FROM payment LIMIT 1000',
];

/** Writes that reach a non-transactional table: never executed, even with "profile writes" on. */
const REFUSED_WRITES: Array<[string, RegExp]> = [
  ["UPDATE film SET title = 'X' WHERE film_id = 1", /film_text.*MyISAM.*trigger/],
  ['DELETE FROM film WHERE film_id = 999', /film_text/],
  ["INSERT INTO film (title, language_id) VALUES ('NEW', 1)", /film_text/],
  ['UPDATE film SET rental_rate = rental_rate * 2', /film_text/],
  ["REPLACE INTO film (film_id, title, language_id) VALUES (1, 'X', 1)", /film_text/],
  ["UPDATE film_text SET title = 'X'", /film_text \(MyISAM\)/],
  ['DELETE FROM film_text WHERE film_id < 10', /MyISAM/],
  ["INSERT INTO film_text VALUES (5000, 'a', 'b')", /MyISAM/],
  ['UPDATE film f JOIN film_category fc ON fc.film_id = f.film_id SET f.length = 1', /film_text/],
  ['UPDATE language SET language_id = 99 WHERE language_id = 6', /film_text/],
  ["REPLACE INTO language (language_id, name) VALUES (7, 'Klingon')", /film_text.*ON UPDATE CASCADE from sakila.language/], // REPLACE deletes: FK children count // cascade into film, whose triggers write film_text
  [`UPDATE ${SCRATCH}.m SET v = 0`, /MyISAM/],
  [`DELETE FROM ${SCRATCH}.m`, /MyISAM/],
  [`UPDATE ${SCRATCH}.qc SET q_id = q_id`, /qlog \(MyISAM, reached through trigger/],
  [`DELETE FROM ${SCRATCH}.q WHERE id = 1`, /ON DELETE CASCADE/], // cascade into qc: its triggers are followed too (conservative)
  [`UPDATE ${SCRATCH}.q SET id = id`, /qlog|qc/],
  ["INSERT DELAYED INTO actor (first_name, last_name) VALUES ('a', 'b')", /DELAYED/],
  [`INSERT INTO ${SCRATCH}.p VALUES (9999, ${SCRATCH}.f_writes())`, /f_writes.*may change data/],
  [`INSERT INTO ${SCRATCH}.p SELECT 9998, NEXT VALUE FOR ${SCRATCH}.s1`, /sequence/],
  [`UPDATE ${SCRATCH}.p SET v = NEXTVAL(${SCRATCH}.s1)`, /NEXTVAL/],
  ["LOAD DATA INFILE '/etc/hostname' INTO TABLE actor", /LOAD/],
];

/** Never executed in any mode (DDL, implicit commits, calls, side effects). */
const NEVER: string[] = [
  'ALTER TABLE actor ADD COLUMN x INT',
  'CREATE TABLE mqt_x (a INT)',
  'DROP TABLE actor',
  'TRUNCATE TABLE payment',
  'TRUNCATE payment',
  'RENAME TABLE actor TO actor2',
  'LOCK TABLES actor WRITE',
  'UNLOCK TABLES',
  'SET autocommit = 0',
  'SET @@autocommit = 0',
  'COMMIT',
  'BEGIN',
  "GRANT ALL ON *.* TO 'nobody'@'%'",
  "CREATE USER 'mqt_evil'@'%'",
  'CALL ' + SCRATCH + '.p_writes()',
  'ANALYZE TABLE actor',
  'OPTIMIZE TABLE actor',
  'REPAIR TABLE film_text',
  'FLUSH TABLES',
  `DO ${SCRATCH}.f_writes()`,
  "DO GET_LOCK('mqt', 1)",
  'CREATE INDEX ix ON actor (first_name)',
  'DROP DATABASE sakila',
  `/*!40000 DROP TABLE ${SCRATCH}.m */`,
  'HANDLER actor OPEN',
  "XA START 'x'",
  'SAVEPOINT a',
  `SET STATEMENT max_statement_time = 1 FOR DELETE FROM ${SCRATCH}.p`,
  "PREPARE s FROM 'DELETE FROM actor'",
  'EXECUTE s',
];

/** Reads that are not run as they are. */
const GUARDED_READS: Array<[string, RegExp]> = [
  [`SELECT * FROM actor INTO OUTFILE '${OUTFILE}'`, /OUTFILE/],
  [`SELECT 1 /*! INTO OUTFILE '${OUTFILE}' */`, /OUTFILE/],
  ["SELECT GET_LOCK('mqt_safety', 1)", /GET_LOCK/],
  ['SELECT first_name INTO @v FROM actor LIMIT 1', /variables/],
  [`SELECT NEXT VALUE FOR ${SCRATCH}.s1`, /sequence/],
  [`SELECT NEXTVAL(${SCRATCH}.s1)`, /NEXTVAL/],
  [`SELECT ${SCRATCH}.f_writes()`, /f_writes.*may change data/],
  [`SELECT ${SCRATCH}.f_liar()`, /f_liar.*may change data/],
  [`SELECT ${SCRATCH}.f_outer()`, /f_writes.*through function/],
  [`SELECT * FROM ${SCRATCH}.v_calls`, /f_writes.*through view/],
  [`SELECT ${SCRATCH}.f_nondet()`, /not DETERMINISTIC/],
  ["SELECT LOAD_FILE('/etc/hostname')", /LOAD_FILE/],
  ['SELECT * FROM actor WHERE actor_id = 1 FOR UPDATE', /row locks/],
  ['SELECT * FROM actor WHERE actor_id = 1 LOCK IN SHARE MODE', /row locks/],
];

const ran: Report[] = [];

async function analyse(sql: string, allowWrites: boolean): Promise<Report> {
  const r = await session.analyze(sql, { allowWrites, timeoutMs: 20_000 });
  ran.push(r);
  return r;
}

test('the battery: 90+ writing or dangerous statements, profile writes off then on, change nothing', async () => {
  const before = await checksums();
  let count = 0;
  for (const allowWrites of [false, true]) {
    for (const sql of INNODB_WRITES) {
      const r = await analyse(sql, allowWrites);
      count++;
      if (!allowWrites) {
        assert.equal(r.execution.executed, false, sql);
        assert.match(r.execution.reason ?? '', /not executed.*profile writes/, sql);
        assert.ok(r.plan, `a plan for ${sql}`);
      } else {
        assert.equal(r.execution.error, undefined, `${sql}: ${r.execution.error?.message}`);
        assert.equal(r.execution.executed, true, `${sql}: ${r.execution.reason}`);
        assert.ok(
          r.notes.some((n) => /ROLLBACK/.test(n) && /nothing was committed/.test(n)),
          sql,
        );
        assert.ok(r.counters.length > 0, `counters for ${sql}`);
      }
    }
    for (const [sql, why] of REFUSED_WRITES) {
      const r = await analyse(sql, allowWrites);
      count++;
      assert.equal(r.execution.executed, false, sql);
      if (allowWrites) assert.match(r.execution.reason ?? '', why, sql);
    }
    for (const sql of NEVER) {
      const r = await analyse(sql, allowWrites);
      count++;
      assert.equal(r.execution.executed, false, sql);
      assert.equal(r.plan, null, sql);
      assert.ok(r.execution.reason, sql);
    }
    for (const [sql, why] of GUARDED_READS) {
      const r = await analyse(sql, allowWrites);
      count++;
      if (allowWrites && /row locks/.test(why.source)) {
        assert.equal(r.execution.executed, true, sql);
        assert.ok(
          r.notes.some((n) => /ROLLBACK/.test(n)),
          sql,
        );
      } else {
        assert.equal(r.execution.executed, false, sql);
        assert.match(r.execution.reason ?? '', why, sql);
      }
    }
  }
  assert.ok(count >= 100, `${count} analyses`);
  console.log(`# battery: ${count / 2} statements, each with profile writes off and on`);
  assert.deepEqual(await checksums(), before);
  assert.equal(existsSync(OUTFILE), false, 'no file written');
  const [tables] = (await admin.query(
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila' AND TABLE_NAME IN ('mqt_x', 'actor2')",
  )) as unknown as [unknown[]];
  assert.equal(tables.length, 0);
  const [[cols]] = (await admin.query(
    "SELECT COUNT(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'sakila' AND TABLE_NAME = 'actor' AND COLUMN_NAME = 'x'",
  )) as unknown as [[{ n: number }]];
  assert.equal(Number(cols.n), 0);
  const [users] = (await admin.query("SELECT 1 FROM mysql.user WHERE User = 'mqt_evil'")) as unknown as [unknown[]];
  assert.equal(users.length, 0);
});

test('functions that may change data are not even EXPLAINed', async () => {
  for (const sql of [`SELECT ${SCRATCH}.f_writes()`, `SELECT * FROM ${SCRATCH}.v_calls`, `SELECT * FROM actor WHERE actor_id = ${SCRATCH}.f_liar()`]) {
    const r = await analyse(sql, true);
    assert.equal(r.plan, null, sql);
    assert.equal(r.raw.explainJson, undefined, sql);
  }
});

test('harmless functions and views run; a non-deterministic one is explained only', async () => {
  const pure = await analyse(`SELECT ${SCRATCH}.f_pure(21)`, false);
  assert.equal(pure.execution.executed, true);
  const view = await analyse(`SELECT * FROM ${SCRATCH}.v_plain WHERE id < 5`, false);
  assert.equal(view.execution.executed, true);
  assert.equal(view.execution.rows, 4);
  const nondet = await analyse(`SELECT ${SCRATCH}.f_nondet()`, false);
  assert.equal(nondet.execution.executed, false);
  assert.ok(nondet.plan, 'explained');
  assert.ok(pure.notes.length >= 0);
});

test('EXPLAIN ANALYZE / ANALYZE of a write is treated as executing it', async () => {
  const before = await checksums();
  for (const sql of [
    'ANALYZE UPDATE rental SET return_date = NOW() WHERE customer_id = 9',
    'EXPLAIN ANALYZE DELETE FROM payment WHERE payment_id < 10',
    'ANALYZE FORMAT=JSON DELETE FROM film_text',
  ]) {
    const off = await analyse(sql, false);
    assert.equal(off.execution.executed, false, sql);
    assert.equal(off.statementKind, 'write');
    assert.match(off.notes.join(' '), /executes the statement/);
  }
  const on = await analyse('ANALYZE UPDATE rental SET return_date = NOW() WHERE customer_id = 9', true);
  assert.equal(on.execution.executed, true);
  assert.match(on.statement, /^UPDATE/);
  const myisam = await analyse('ANALYZE DELETE FROM film_text', true);
  assert.equal(myisam.execution.executed, false);
  const read = await analyse('ANALYZE SELECT COUNT(*) FROM actor', false);
  assert.equal(read.execution.executed, true);
  assert.equal(read.execution.rows, 1);
  assert.deepEqual(await checksums(), before);
});

test('a rolled-back write leaves no transaction or row lock behind', async () => {
  const r = await analyse("UPDATE actor SET first_name = 'LOCKED' WHERE actor_id = 2", true);
  assert.equal(r.execution.executed, true);
  assert.ok(
    r.notes.some((n) => /1 row\(s\) affected, then rolled back/.test(n)),
    r.notes.join('\n'),
  );
  const [rows] = (await admin.query('SELECT first_name FROM sakila.actor WHERE actor_id = 2 FOR UPDATE NOWAIT')) as unknown as [Array<{ first_name: string }>];
  assert.notEqual(rows[0].first_name, 'LOCKED');
  const ok = await analyse('SELECT 1', false);
  assert.equal(ok.execution.executed, true);
  assert.equal(ok.counters.find((c) => c.name === 'Com_rollback')?.corrected ?? 0, 0);
});

test('a read-only session runs reads in READ ONLY transactions', async () => {
  const r = await session.analyze('SELECT COUNT(*) FROM rental', { readOnly: true });
  assert.equal(r.execution.executed, true);
  assert.equal(r.execution.rows, 1);
  const w = await session.analyze("UPDATE actor SET first_name = 'RO' WHERE actor_id = 3", { readOnly: true, allowWrites: true });
  assert.equal(w.execution.executed, true, w.execution.reason);
  const again = await session.analyze('SELECT 1', { readOnly: true });
  assert.equal(again.execution.executed, true);
});

test('without TRIGGER visibility a write is not run', async () => {
  // mqt_ro cannot even EXPLAIN an UPDATE; it must not run anything either.
  const ro = new ProfilerSession({ host: info.host, port: info.port, user: info.readonlyUser, password: info.readonlyPassword, database: info.database });
  try {
    const r = await ro.analyze('UPDATE rental SET return_date = NOW() WHERE rental_id = 1', { allowWrites: true });
    assert.equal(r.execution.executed, false);
    assert.match(r.execution.reason ?? '', /TRIGGER privilege/);
  } finally {
    await ro.close();
  }
});
