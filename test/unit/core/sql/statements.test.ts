import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitScript, splitShare, splitStatements, statementAt } from '../../../../src/core/sql/statements';
import { isSignificant, tokenize, tokenReader, type Token } from '../../../../src/core/sql/lexer';
import { classify, isExplainable } from '../../../../src/core/sql/classify';

test('splits on semicolons outside quotes and comments', () => {
  const sql = 'SELECT \'a;b\' FROM t; -- c;\nSELECT `x;y` FROM u /* ; */ ;\n\n  SELECT "q\\";" ;';
  const parts = splitStatements(sql).map((s) => s.text);
  assert.deepEqual(parts, ["SELECT 'a;b' FROM t", 'SELECT `x;y` FROM u /* ; */', 'SELECT "q\\";"']);
});

test('offsets point back into the source', () => {
  const sql = '  SELECT 1;\nSELECT 2';
  for (const s of splitStatements(sql)) assert.equal(sql.slice(s.start, s.end), s.text);
});

test('DELIMITER switches the terminator like the mysql client', () => {
  const sql = 'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3;';
  const parts = splitStatements(sql).map((s) => s.text);
  assert.deepEqual(parts, ['CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', 'SELECT 3']);
});

test('leading comments are not part of the statement; executable comments are', () => {
  const parts = splitStatements('-- note\n# other\n/* block */ SELECT 1;\n/*! SELECT 2 */;\n/*+ hint */ SELECT 3').map((s) => s.text);
  assert.deepEqual(parts, ['SELECT 1', '/*! SELECT 2 */', '/*+ hint */ SELECT 3']);
});

test('drops empty and comment-only statements', () => {
  assert.deepEqual(splitStatements(' ;; -- only a comment\n;/* x */'), []);
});

test('statementAt finds the statement under the cursor', () => {
  const sql = 'SELECT 1;\nSELECT 2 FROM t;\n\nSELECT 3';
  assert.equal(statementAt(sql, 0)?.text, 'SELECT 1');
  assert.equal(statementAt(sql, sql.indexOf('FROM'))?.text, 'SELECT 2 FROM t');
  // Cursor right after the semicolon still means the statement just ended.
  assert.equal(statementAt(sql, sql.indexOf('t;') + 2)?.text, 'SELECT 2 FROM t');
  // A blank line between: the next statement.
  assert.equal(statementAt(sql, sql.indexOf('\n\n') + 1)?.text, 'SELECT 3');
  assert.equal(statementAt('', 0), undefined);
});

test('unterminated quotes do not hang or throw', () => {
  const parts = splitStatements("SELECT 'abc; SELECT 2");
  assert.equal(parts.length, 1);
});

test('classify: reads are executed, writes and DDL are not', () => {
  assert.equal(classify('SELECT * FROM t').safeToExecute, true);
  assert.equal(classify('  (SELECT 1) UNION (SELECT 2)').kind, 'read');
  assert.equal(classify('WITH x AS (SELECT 1) SELECT * FROM x').safeToExecute, true);
  const cteWrite = classify('WITH x AS (SELECT 1) UPDATE t JOIN x SET a = 1');
  assert.equal(cteWrite.kind, 'write');
  assert.equal(cteWrite.safeToExecute, false);
  for (const w of ['UPDATE t SET a=1', 'DELETE FROM t', 'INSERT INTO t VALUES (1)', 'REPLACE INTO t VALUES (1)']) {
    const c = classify(w);
    assert.equal(c.kind, 'write', w);
    assert.equal(c.explainable, true, w);
    assert.equal(c.safeToExecute, false, w);
    assert.match(c.reason ?? '', /not executed/);
  }
  for (const d of ['DROP TABLE t', 'ALTER TABLE t ADD x INT', 'TRUNCATE t', 'CREATE TABLE t (a int)', 'LOCK TABLES t READ', 'GRANT ALL ON *.* TO x']) {
    const c = classify(d);
    assert.equal(c.kind, 'ddl', d);
    assert.equal(c.safeToExecute, false, d);
  }
  assert.equal(classify('SET autocommit = 0').safeToExecute, false);
  assert.equal(classify('CALL p()').safeToExecute, false);
  assert.equal(classify('-- nothing').kind, 'empty');
});

test('classify: SELECT with side effects is explained only', () => {
  assert.equal(classify("SELECT * FROM t INTO OUTFILE '/tmp/x'").safeToExecute, false);
  assert.equal(classify('SELECT a INTO @v FROM t').safeToExecute, false);
  assert.equal(classify("SELECT GET_LOCK('x', 10)").safeToExecute, false);
  assert.equal(classify("SELECT 'GET_LOCK(' FROM t").safeToExecute, true);
  const forUpdate = classify('SELECT * FROM t WHERE id = 1 FOR UPDATE');
  assert.equal(forUpdate.safeToExecute, true);
  assert.match(forUpdate.notes.join(' '), /row locks/);
});

test('classify ignores keywords inside comments and strings', () => {
  assert.equal(classify('/* DELETE */ SELECT 1').kind, 'read');
  assert.equal(classify("SELECT 'DROP TABLE x'").kind, 'read');
});

test('the token reader gives what tokenize gives, one token a call', () => {
  const sql = "SELECT 'a;b', `c` /*! , 1 */ -- x\nFROM t; # y\nDELIMITER //\nBEGIN SELECT 1; END//";
  const next = tokenReader(sql);
  const read: Token[] = [];
  for (let t = next(); t; t = next()) read.push(t);
  assert.deepEqual(read, tokenize(sql));
  assert.equal(next(), undefined, 'stays at the end');
});

test('a long script split through the token window: every statement whole, across the dropped batches', () => {
  // Far more than one batch of tokens (4,096), with a DELIMITER block and comments in the middle.
  const one = (i: number) => `SELECT a, b, 'x;${i}' FROM t${i} /* ; */ WHERE c = ${i} -- ;\n;`;
  const parts = Array.from({ length: 3000 }, (_, i) => one(i));
  parts.splice(1500, 0, 'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\n');
  const sql = parts.join('\n');
  const split = splitScript(sql);
  assert.equal(split.length, 3001);
  assert.ok(split[1500].text.startsWith('CREATE PROCEDURE') && split[1500].text.endsWith('END'));
  for (const s of split) {
    assert.equal(sql.slice(s.start, s.end), s.text);
    // Each statement's tokens are its own text lexed alone (offsets from its start).
    assert.deepEqual(s.tokens, tokenize(s.text).filter(isSignificant), s.text);
  }
  assert.equal(split[2999].text, one(2998).slice(0, -1).trimEnd());
});

test('a share of the split: the same statements, tokens and doubts only for those kept', () => {
  // Doubts (a versioned comment), a DELIMITER block (its statement lexed again on its own) and a
  // delimiter that ends inside a word, so every path of the split gives kept and dropped statements.
  const sql = [
    'SELECT /*!80000 1, */ a FROM t',
    "SELECT 'x;y', b FROM u",
    'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; END//\nDELIMITER ;',
    'UPDATE t SET a = 1 WHERE b = 2',
    'SELECT 1;SELECT 2',
    'LOAD DATA INFILE "f" INTO TABLE t',
  ].join(';\n');
  const whole = splitScript(sql);
  for (const keepOdd of [0, 1]) {
    const keep = (t: string) => t.length % 2 === keepOdd;
    const share = splitShare(sql, keep);
    assert.deepEqual(
      share.map((s) => [s.text, s.start, s.end]),
      whole.map((s) => [s.text, s.start, s.end]),
    );
    share.forEach((s, k) => {
      if (keep(s.text)) assert.deepEqual(s, whole[k], s.text);
      else assert.ok(!('tokens' in s) && !('doubts' in s), s.text);
    });
  }
  assert.ok(whole.some((s) => s.doubts.length > 0));
});

test('isExplainable answers what classify answers', () => {
  const statements = [
    'SELECT 1',
    '(SELECT a FROM t) UNION (SELECT b FROM u)',
    'WITH c AS (SELECT 1) SELECT * FROM c',
    'WITH c AS (SELECT 1) UPDATE t JOIN c SET t.a = 1',
    'WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r',
    'TABLE t',
    'VALUES ROW(1)',
    'INSERT INTO t VALUES (1)',
    'REPLACE INTO t SELECT * FROM u',
    'DELETE FROM t WHERE a = 1',
    'LOAD DATA INFILE "f" INTO TABLE t',
    'EXPLAIN SELECT 1',
    'EXPLAIN FORMAT=JSON UPDATE t SET a = 1',
    'ANALYZE SELECT * FROM t',
    'ANALYZE TABLE t',
    'DESCRIBE t',
    'DESC SELECT 1',
    'SHOW TABLES',
    'SET @a = 1',
    'CREATE TABLE t (a INT)',
    'CALL p()',
    'DO 1',
    'SELECT GET_LOCK("a", 1)',
    'SELECT * FROM t FOR UPDATE',
    'SELECT a INTO @x FROM t',
    '/*!50000 SELECT */ 1',
    '-- only a comment',
    '',
  ];
  for (const text of statements) {
    const st = splitScript(text)[0];
    const tokens = st?.tokens ?? [];
    assert.equal(isExplainable(tokens), classify(text).explainable, text);
  }
});
