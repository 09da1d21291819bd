// Differential fuzz (issue 13): generated statements that hide writes in versioned comments,
// `--` comments with control characters, quotes, backslashes and quoted names. The server is
// the oracle: each statement runs in a read-only session, where error 1792 means "it writes".
// Whenever the server says so, our reader (classification + catalogue + policy, as the
// profiler uses them) must not have called it a plain read. Seeded, so a failure reproduces.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { classify } from '../../src/core/sql/classify';
import { dialectFrom } from '../../src/core/sql/dialect';
import { decide, inspect, type CatalogQuery } from '../../src/core/safety';
import { prng } from '../support/prng';
import { connect, sandbox } from './helpers';

const DB = 'mqt_fuzz';
let admin: Connection;
let conn: Connection;

const WRITES = [
  `DELETE FROM tm`,
  'DELETE FROM ti WHERE id > 0',
  'UPDATE tm SET v = 0',
  'INSERT INTO tm VALUES (99, 99)',
  'REPLACE INTO ti VALUES (1, 1)',
  'SELECT f_del()',
  'SELECT `f_del`()',
  `SELECT ${DB}.f_del()`,
  'SELECT * FROM ti FOR UPDATE',
  'SELECT "f_del"()',
  'DELETE tm FROM tm JOIN ti USING (id)',
];
const READS = [
  'SELECT 1',
  'SELECT * FROM ti',
  'SELECT COUNT(*) FROM tm',
  `SELECT ${DB}.f_ok(1)`,
  'SELECT v FROM tm WHERE id = 3',
  'WITH c AS (SELECT 1 AS x) SELECT x FROM c',
];
const HIDDEN = [', f_del()', `, ${DB}.f_del()`, ', `f_del`()', ', "f_del"()', ' + f_del()', ' FROM ti WHERE f_del()', " , '*/' , f_del()"];
const VERSIONS = ['', '00000', '40000', '50699', '50700', '80000', '99999', '100000', '101119', '101120', '110000', '999999', '1234', '1011190'];
const DASH = [' ', '\u0001', '\u007f', '\u000b', '\t', '\u001f', 'x', '-', '\r'];

function generate(rnd: () => number): string {
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const hide = (code: string): string => {
    switch (Math.floor(rnd() * 7)) {
      case 0:
      case 1:
        return `/*${rnd() < 0.5 ? '!' : 'M!'}${pick(VERSIONS)} ${code} */`;
      case 2:
        return `--${pick(DASH)} '\n${code} -- '\n`;
      case 3:
        return `--${pick(DASH)}${code}\n`;
      case 4:
        return `'a\\' ${code} '\\'`;
      case 5:
        return `"x" ${code} "y"`;
      default:
        return `/* ${code} */`;
    }
  };
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return `${pick(READS)} ${hide(pick(HIDDEN).trim())}`;
    case 1:
      return `${hide(`${pick(READS)},`)} ${pick(WRITES)}`;
    case 2:
      return `${pick(READS)} ${hide(pick(HIDDEN))}${rnd() < 0.3 ? ` ${hide(pick(HIDDEN))}` : ''}`;
    default:
      return rnd() < 0.5 ? pick(WRITES) : pick(READS);
  }
}

before(async () => {
  const info = await sandbox();
  admin = await connect(info);
  for (const s of [
    `DROP DATABASE IF EXISTS ${DB}`,
    `CREATE DATABASE ${DB}`,
    `CREATE TABLE ${DB}.ti (id INT PRIMARY KEY, v INT) ENGINE=InnoDB`,
    `CREATE TABLE ${DB}.tm (id INT PRIMARY KEY, v INT) ENGINE=MyISAM`,
    `INSERT INTO ${DB}.ti SELECT seq, seq FROM seq_1_to_5`,
    `INSERT INTO ${DB}.tm SELECT seq, seq FROM seq_1_to_5`,
    `CREATE FUNCTION ${DB}.f_del() RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM ${DB}.tm WHERE id > 100; RETURN 1; END`,
    `CREATE FUNCTION ${DB}.f_ok(x INT) RETURNS INT DETERMINISTIC NO SQL RETURN x + 1`,
  ])
    await admin.query(s);
  conn = await connect(info, { database: DB });
  await conn.query('SET SESSION TRANSACTION READ ONLY');
  await conn.query('SET SESSION max_statement_time = 2');
});
after(async () => {
  await conn?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin?.end();
});

for (const mode of ['', 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES']) {
  test(`differential fuzz: whenever the server refuses a statement as a write, the reader did not call it a read${mode ? ` (sql_mode ${mode})` : ''}`, async () => {
    await conn.query(`SET SESSION sql_mode = CONCAT(@@GLOBAL.sql_mode, ?)`, [mode ? `,${mode}` : '']);
    const [[v]] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS v, @@SESSION.sql_mode AS m');
    const dialect = dialectFrom('mariadb', String(v.v), String(v.m));
    const catalog: CatalogQuery = async (sql, values) => (await conn.query<RowDataPacket[]>(sql, values))[0];
    const rnd = prng(mode ? 0xd1ff2 : 0xd1ff1);
    let writes = 0;
    let reads = 0;
    for (let i = 0; i < 200; i++) {
      const sql = generate(rnd);
      let serverWrites = false;
      try {
        await conn.query(sql);
      } catch (e) {
        serverWrites = (e as { errno?: number }).errno === 1792;
      }
      const cls = classify(sql, dialect);
      const facts = cls.kind === 'read' || cls.kind === 'write' ? await inspect(catalog, sql, { writeClosure: false, dialect, calls: cls.calls }) : undefined;
      const d = decide(cls, facts);
      if (serverWrites) {
        writes++;
        assert.notEqual(d.run, 'plain', `the server refused ${JSON.stringify(sql)} as a write; the reader would run it as a read`);
      } else if (d.run === 'plain') reads++;
    }
    // Not vacuous: the generator reached both sides.
    assert.ok(writes >= 40, `${writes} statements the server refused as writes`);
    assert.ok(reads >= 20, `${reads} statements the reader ran as reads`);
  });
}

test('the built-in and keyword lists of src/core/sql/builtins.ts hold on this server', async () => {
  const { BUILTIN_FUNCTIONS, NON_CALL_KEYWORDS } = await import('../../src/core/sql/builtins');
  await conn.query('SET SESSION sql_mode = @@GLOBAL.sql_mode');
  const stored = new Set<string>();
  for (const [names, kind] of [
    [BUILTIN_FUNCTIONS, 'built-in'],
    [NON_CALL_KEYWORDS, 'keyword'],
  ] as const) {
    for (const n of names) {
      for (const args of ['', '1', '1,1', '1,1,1', '1,1,1,1']) {
        if (args && /SLEEP|WAIT|BENCHMARK|LOCK/.test(n)) break;
        let errno: number | undefined;
        try {
          await conn.query(`SELECT ${n}(${args})`);
        } catch (e) {
          errno = (e as { errno?: number }).errno;
        }
        // "FUNCTION mqt_fuzz.x does not exist": the server would look for a stored or loadable function.
        if (errno === 1630 || errno === 1305) stored.add(`${kind} ${n}(${args})`);
        if (errno !== 1064) break;
      }
    }
  }
  assert.deepEqual([...stored], []);
});
