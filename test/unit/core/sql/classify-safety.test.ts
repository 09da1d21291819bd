import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, codeTokens } from '../../../../src/core/sql/classify';

test('executable comments are code: what hides in /*! … */ is seen', () => {
  assert.equal(classify("SELECT 1 /*! INTO OUTFILE '/tmp/x' */").safeToExecute, false);
  assert.equal(classify('/*!40000 DROP TABLE t */').kind, 'ddl');
  assert.equal(classify("SELECT /*M!100000 GET_LOCK('a', 1) */").safeToExecute, false);
  assert.equal(classify('SELECT 1 /* INTO OUTFILE */').safeToExecute, true, 'a plain comment is not code');
  assert.deepEqual(
    codeTokens('/*!50000 SELECT */ 1').map((t) => t.text),
    ['SELECT', '1'],
  );
});

test('EXPLAIN / ANALYZE wrappers: the wrapped statement is what counts', () => {
  const a = classify('ANALYZE FORMAT=JSON UPDATE t SET a = 1');
  assert.equal(a.kind, 'write');
  assert.equal(a.wrapper, 'ANALYZE');
  assert.equal('ANALYZE FORMAT=JSON UPDATE t SET a = 1'.slice(a.bodyStart), 'UPDATE t SET a = 1');
  assert.match(a.notes[0], /executes the statement/);
  const ea = classify('EXPLAIN ANALYZE DELETE FROM t');
  assert.equal(ea.kind, 'write');
  assert.equal(ea.wrapper, 'EXPLAIN ANALYZE');
  const e = classify('explain extended select * from t');
  assert.equal(e.kind, 'read');
  assert.match(e.notes[0], /prefix is dropped/);
  assert.equal(classify('DESCRIBE t').kind, 'session', 'DESCRIBE of a table is not unwrapped');
  assert.equal(classify('ANALYZE TABLE t').kind, 'ddl');
  assert.equal(classify('EXPLAIN FOR CONNECTION 5').kind, 'session');
});

test('writes: which ones a rollback can undo', () => {
  for (const w of [
    'UPDATE t SET a = 1',
    'DELETE FROM t',
    'INSERT INTO t VALUES (1)',
    'REPLACE INTO t VALUES (1)',
    'UPDATE a JOIN b ON a.id = b.id SET a.x = b.x',
    'DELETE a, b FROM a JOIN b',
  ]) {
    assert.equal(classify(w).rollbackable, true, w);
  }
  const notRollbackable: Array<[string, RegExp]> = [
    ["LOAD DATA INFILE 'x' INTO TABLE t", /LOAD/],
    ['INSERT DELAYED INTO t VALUES (1)', /DELAYED/],
    ["INSERT INTO t VALUES (GET_LOCK('x', 1))", /GET_LOCK/],
    ['INSERT INTO t VALUES (NEXT VALUE FOR s)', /sequence/],
    ['INSERT INTO t SELECT NEXTVAL(s)', /NEXTVAL/],
  ];
  for (const [w, why] of notRollbackable) {
    const c = classify(w);
    assert.equal(c.rollbackable, false, w);
    assert.match(c.reason ?? '', why, w);
  }
});

test('reads: side effects recognised, locking reads flagged, slow functions noted', () => {
  assert.equal(classify('SELECT NEXT VALUE FOR s').safeToExecute, false);
  assert.equal(classify("SELECT MASTER_POS_WAIT('f', 4)").safeToExecute, false);
  assert.equal(classify('SELECT * FROM t FOR SHARE').locking, true);
  assert.equal(classify('SELECT * FROM t LOCK IN SHARE MODE').locking, true);
  assert.equal(classify('SELECT * FROM t').locking, undefined);
  assert.match(classify('SELECT SLEEP(1)').notes.join(' '), /SLEEP\(\) only spends time/);
  assert.equal(classify('SELECT t.sleep(1) FROM t').notes.length, 0, 'a qualified name is not the built-in');
});

test('implicit-commit and session statements are never executable', () => {
  for (const s of [
    'SET autocommit = 0',
    'SET @@session.autocommit = 0',
    'START TRANSACTION',
    'COMMIT',
    'LOCK TABLES t WRITE',
    'UNLOCK TABLES',
    'RENAME TABLE a TO b',
    'CREATE TEMPORARY TABLE x (a INT)',
    'DO SLEEP(1)',
    'CALL p()',
    'HANDLER t OPEN',
    'XA START "x"',
    'SHUTDOWN',
    'KILL 1',
    'PREPARE s FROM "DROP TABLE t"',
    'EXECUTE s',
    'INSTALL PLUGIN x SONAME "y"',
    'BINLOG "abc"',
    'CACHE INDEX t IN c',
  ]) {
    const c = classify(s);
    assert.equal(c.safeToExecute, false, s);
    assert.notEqual(c.kind, 'read', s);
    assert.notEqual(c.kind, 'write', s);
  }
});
