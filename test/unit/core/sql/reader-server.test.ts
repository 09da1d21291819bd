// The reader reads as the server does (issue 13 item 3). Each expectation below was measured on
// MariaDB 10.11.19 with `SELECT 1 /*!NNNNN +1 */` and friends (README: "What this extension will never do").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, codeTokens } from '../../../../src/core/sql/classify';
import { routineCalls } from '../../../../src/core/sql/calls';
import { dialectFrom } from '../../../../src/core/sql/dialect';
import { splitStatements } from '../../../../src/core/sql/statements';
import { disagreement, writeNodeOf } from '../../../../src/core/safety/confirm';
import { codeSpan, mdText, renderMarkdown } from '../../../../src/core/report/markdown';
import type { Report } from '../../../../src/core/report/model';

const maria = dialectFrom('mariadb', '10.11.19-MariaDB-0+deb12u1', 'STRICT_TRANS_TABLES');
const mysql8 = dialectFrom('mysql', '8.0.36', 'ONLY_FULL_GROUP_BY');
const code = (sql: string, d = maria) =>
  codeTokens(sql, d)
    .map((t) => t.text)
    .join(' ');

test('versioned comments open or stay shut as MariaDB 10.11.19 does', () => {
  assert.equal(code('SELECT 1 /*!50699 +1 */'), 'SELECT 1 + 1');
  assert.equal(code('SELECT 1 /*!50700 +1 */'), 'SELECT 1', 'MySQL 5.7+ versions are always skipped by MariaDB');
  assert.equal(code('SELECT 1 /*!99999 +1 */'), 'SELECT 1');
  assert.equal(code('SELECT 1 /*!100000 +1 */'), 'SELECT 1 + 1', 'six digits');
  assert.equal(code('SELECT 1 /*!101119 +1 */'), 'SELECT 1 + 1');
  assert.equal(code('SELECT 1 /*!101120 +1 */'), 'SELECT 1');
  assert.equal(code('SELECT 1 /*M!50700 +1 */'), 'SELECT 1 + 1', '/*M! is not limited');
  assert.equal(code('SELECT 1 /*M!101120 +1 */'), 'SELECT 1');
  assert.equal(code('SELECT 1 /*M! +1 */'), 'SELECT 1 + 1');
  assert.equal(code('SELECT 1 /*!1234 +1 */'), 'SELECT 1 1234 + 1', 'fewer than 5 digits: not a version, the content is code');
  assert.equal(code('SELECT 1 /*!99999 /* x */ +1 */ +2'), 'SELECT 1 + 2', 'a skipped comment may hold one inner comment');
  assert.equal(code('SELECT 1 /*! + length("*/") */ + 3'), 'SELECT 1 + length ( "*/" ) + 3', 'an executable comment ends at the first */ outside a string');
  assert.equal(
    code('SELECT 1 /*!99999 + length("*/") */ + 3'),
    'SELECT 1 ") */ + 3',
    'a skipped one ends at the first */ anywhere (the quote then opens a string)',
  );
  assert.equal(code('SELECT 1 /*! + 1 -- */\n + 5 */'), 'SELECT 1 + 1 + 5', 'a -- comment inside swallows a */');
  assert.equal(code('SELECT 1 /*!50000 +1 /*!99999 +2 */ +3 */'), 'SELECT 1 + 1 + 3');
});

test('MySQL: /*M! is a plain comment, versions compare with 8.0.36; before connect every versioned comment is a doubt', () => {
  assert.equal(code('SELECT 1 /*M!100000 +1 */', mysql8), 'SELECT 1');
  assert.equal(code('SELECT 1 /*!80000 +1 */', mysql8), 'SELECT 1 + 1');
  assert.equal(code('SELECT 1 /*!80037 +1 */', mysql8), 'SELECT 1');
  assert.match(classify('SELECT 1 /*!800001 +1 */', mysql8).doubts.join(), /six digits/);
  const before = classify('/*!99999 SELECT 1, */ DELETE FROM t');
  assert.equal(before.safeToExecute, false);
  assert.ok(before.doubts.length > 0);
  assert.equal(classify('SELECT 1 /*M! , 2 */').safeToExecute, false);
  // The issue's exploit: for the connected MariaDB it is a DELETE.
  assert.equal(classify('/*!99999 SELECT 1, */ DELETE FROM t', maria).kind, 'write');
  assert.equal(classify('/*!50700 SELECT 1, */ DELETE FROM t', maria).kind, 'write');
  assert.equal(classify('/*!50700 SELECT 1, */ DELETE FROM t', mysql8).kind, 'read');
});

test('-- followed by a space or any control character is a comment; NBSP or a letter is not', () => {
  for (const c of [' ', '\t', '\u0001', '\u000b', '\u001f', '\u007f', '\r']) assert.equal(code(`SELECT 1 --${c}x, f()`), 'SELECT 1', JSON.stringify(c));
  assert.equal(code('SELECT 1 --'), 'SELECT 1');
  assert.equal(code('SELECT 1 --x'), 'SELECT 1 - - x');
  assert.equal(code('SELECT 1 --\u00a0'), 'SELECT 1 - - \u00a0');
  assert.equal(code('SELECT 1 # x\r + 1'), 'SELECT 1', 'only a newline ends it');
  const c = classify("SELECT 1 --\u0001 '\n, f_del() -- '", maria);
  assert.deepEqual(
    c.calls.map((x) => x.name),
    ['f_del'],
    'the call hidden from a reader that misses the comment',
  );
  assert.ok(classify('SELECT 1 \u0000 + 1', maria).doubts.some((d) => /NUL/.test(d)));
});

test('sql_mode: ANSI_QUOTES makes "x" an identifier (and "f"() a call); NO_BACKSLASH_ESCAPES ends a string at the backslash', () => {
  const ansi = dialectFrom('mariadb', '10.11.19', 'ANSI_QUOTES,STRICT_TRANS_TABLES');
  assert.deepEqual(classify('SELECT "f_del"()', ansi).calls, [{ name: 'f_del', quoted: true }]);
  assert.deepEqual(classify('SELECT "f_del"()', maria).calls, [], 'a string otherwise');
  const nbe = dialectFrom('mariadb', '10.11.19', 'NO_BACKSLASH_ESCAPES');
  assert.deepEqual(
    classify("SELECT 'a\\', f_del(), '\\'", nbe).calls.map((c) => c.name),
    ['f_del'],
  );
  assert.deepEqual(classify("SELECT 'a\\', f_del(), '\\'", maria).calls, []);
  assert.equal(dialectFrom('mariadb', '10.11.19', 'ORACLE').oracle, true);
  assert.equal(classify('SELECT 1', dialectFrom('mariadb', '10.11.19', 'ORACLE')).safeToExecute, false);
});

test('calls: quoted and qualified names, non-built-in words; not built-ins, grammar, tables, casts or CTE column lists', () => {
  const names = (sql: string) => routineCalls(codeTokens(sql, maria)).map((c) => `${c.schema ? `${c.schema}.` : ''}${c.name}${c.quoted ? '!' : ''}`);
  assert.deepEqual(names('SELECT `f`(), `abs`(1), db.g(1), `d b`.`h`(), my_func(2), 1f(3)'), ['f!', 'abs!', 'db.g', 'd b.h!', 'my_func', '1f']);
  assert.deepEqual(
    names("SELECT ABS(-1), COUNT(*), IF(a, 1, 2), CAST(x AS DECIMAL(10, 2)), LEFT('a', 1), NOW(), GROUP_CONCAT(a) FROM t WHERE a IN (1) AND EXISTS (SELECT 1)"),
    [],
  );
  assert.deepEqual(names('INSERT INTO t (a) VALUES (1)'), []);
  assert.deepEqual(names('INSERT INTO db.t (a) SELECT 1'), []);
  assert.deepEqual(names('WITH RECURSIVE r (n) AS (SELECT 1), s (m) AS (SELECT 2) SELECT * FROM r, s'), []);
  assert.deepEqual(names("SELECT * FROM t USE INDEX (i) JOIN u USING (id) WHERE MATCH (a) AGAINST ('x')"), []);
  assert.deepEqual(names('SELECT of(1), against(2)'), ['of', 'against'], 'measured: outside their grammar spot these call db.of()');
  assert.deepEqual(names("SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) j"), []);
});

test('the splitter keeps an executable comment whole', () => {
  assert.equal(splitStatements('SELECT 1 /*! ; DELETE FROM t */; SELECT 2').length, 2);
});

test('the server confirms the kind: 1792 or a write node for a read, a bare plan for a write', () => {
  const read = classify('SELECT 1', maria);
  const write = classify('DELETE FROM t', maria);
  assert.match(disagreement(read, { errno: 1792 }) ?? '', /refuses this statement in a read-only session/);
  assert.match(disagreement(read, { json: '{"query_block": {"table": {"delete": 1, "table_name": "t"}}}' }) ?? '', /"delete" node/);
  assert.match(disagreement(read, { classic: [{ id: 1, select_type: 'UPDATE' }] }) ?? '', /select_type UPDATE/);
  assert.match(disagreement(read, { classic: [{ Field: 'id', Type: 'int' }] }) ?? '', /did not answer with a query plan/, 'EXPLAIN t is DESCRIBE');
  assert.equal(disagreement(read, { classic: [{ id: 1, select_type: 'SIMPLE' }], json: '{"query_block": {"table": {"table_name": "t"}}}' }), undefined);
  assert.equal(disagreement(write, { errno: 1792 }), undefined);
  assert.equal(disagreement(write, { classic: [{ id: 1, select_type: 'DELETE' }] }), undefined, 'MySQL explains it with its write node');
  assert.match(disagreement(write, { classic: [{ id: 1, select_type: 'SIMPLE' }] }) ?? '', /as a read/);
  assert.equal(writeNodeOf('{"query_block": {"nested_loop": [{"table": {"update": true}}]}}', undefined), '"update" node');
});

test('Markdown export escapes what comes from the server: no HTML, code span, fence or link breaks out', () => {
  const evil = 'x<img src=x onerror=alert(1)> & `code` ``` ~~~ [link](command:evil) *b* |';
  const esc = mdText(evil);
  assert.doesNotMatch(esc, /(^|[^\\])[<>&`[\]|]/);
  assert.equal(codeSpan('a`b'), '`` a`b ``');
  const r: Report = {
    tool: { name: 'mysql-query-tuner', version: 't' },
    createdAt: 'now',
    server: { flavor: 'mariadb', version: '10.11.19', comment: evil },
    capabilities: { profiling: false, performanceSchema: false, flushStatus: true, explainJson: true, explainAnalyze: true },
    connection: { host: 'h', port: 1, user: 'u' },
    statement: 'SELECT "```" FROM t',
    statementKind: 'read',
    plan: null,
    classicPlan: null,
    raw: {},
    planError: { message: evil },
    counters: [],
    observation: null,
    profile: { source: null, stages: [] },
    execution: { executed: false, rows: 0, ms: 0, reason: evil },
    hints: [],
    notes: [evil],
    analysisMs: 1,
  };
  const md = renderMarkdown(r);
  assert.doesNotMatch(md, /(^|[^\\])<img/, 'no raw HTML');
  assert.doesNotMatch(md, /(^|[^\\])\[link\]\(command/, 'no link');
  assert.match(md, /^````sql\nSELECT "```" FROM t\n````$/m, 'a fence longer than any backtick run in the statement');
});
