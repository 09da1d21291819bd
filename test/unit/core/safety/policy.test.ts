import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../../../src/core/sql/classify';
import { bodyHazards, decide, inspect, references, type CatalogQuery, type Facts, type RoutineFact, type TableFact } from '../../../../src/core/safety';

const table = (name: string, engine = 'InnoDB', via = 'the statement', type = 'BASE TABLE'): TableFact => ({ schema: 'db', name, type, engine, via });
const facts = (over: Partial<Facts> = {}): Facts => ({ defaultSchema: 'db', tables: [], routines: [], triggers: [], problems: [], ...over });
const routine = (over: Partial<RoutineFact>): RoutineFact => ({
  schema: 'db',
  name: 'f',
  type: 'FUNCTION',
  deterministic: true,
  dataAccess: 'CONTAINS SQL',
  opaque: false,
  hazards: { writes: [], unbounded: [] },
  via: 'the statement',
  ...over,
});

test('reads run as they are; writes only with profile writes, in a rollback, on transactional tables', () => {
  assert.equal(decide(classify('SELECT 1'), facts()).run, 'plain');
  const w = classify('UPDATE t SET a = 1');
  assert.equal(decide(w, facts({ tables: [table('t')] })).run, 'no');
  assert.match(decide(w, facts({ tables: [table('t')] })).reason ?? '', /profile writes/);
  const on = decide(w, facts({ tables: [table('t'), table('child', 'InnoDB', 'ON DELETE CASCADE from db.t')] }), { allowWrites: true });
  assert.equal(on.run, 'rollback');
  assert.match(on.notes.join(' '), /START TRANSACTION … ROLLBACK on db.t, db.child/);
  const myisam = decide(w, facts({ tables: [table('t'), table('log', 'MyISAM', 'trigger tr on db.t')] }), { allowWrites: true });
  assert.equal(myisam.run, 'no');
  assert.equal(myisam.explain, true);
  assert.match(myisam.reason ?? '', /db.log \(MyISAM, reached through trigger tr on db.t\) is not transactional/);
  for (const engine of ['Aria', 'MEMORY', 'CSV', 'ARCHIVE', 'SEQUENCE']) {
    assert.equal(decide(w, facts({ tables: [table('t', engine)] }), { allowWrites: true }).run, 'no', engine);
  }
  assert.equal(
    decide(w, facts({ tables: [table('v', null as unknown as string, 'the statement', 'VIEW')] }), { allowWrites: true }).run,
    'no',
    'no base table identified',
  );
  assert.equal(decide(w, facts({ tables: [table('s', 'InnoDB', 'the statement', 'SYSTEM VIEW')] }), { allowWrites: true }).run, 'no');
  assert.equal(decide(w, undefined, { allowWrites: true }).run, 'no', 'no facts, no run');
});

test('routines: writing or opaque ones block even EXPLAIN; non-deterministic ones are explained only', () => {
  const s = classify('SELECT f()');
  const writes = decide(s, facts({ routines: [routine({ hazards: { writes: ['INSERT'], unbounded: [] } })] }));
  assert.deepEqual([writes.explain, writes.run], [false, 'no']);
  const declared = decide(s, facts({ routines: [routine({ dataAccess: 'MODIFIES SQL DATA' })] }));
  assert.equal(declared.explain, false);
  const opaque = decide(s, facts({ routines: [routine({ opaque: true })] }));
  assert.match(opaque.reason ?? '', /not visible/);
  const nondet = decide(s, facts({ routines: [routine({ deterministic: false })] }));
  assert.deepEqual([nondet.explain, nondet.run], [true, 'no']);
  assert.equal(decide(s, facts({ routines: [routine({})], udfs: [] })).run, 'plain');
  // Unqualified, with loadable functions unlisted (or one of that name), or not found at all: EXPLAIN only.
  assert.match(decide(s, facts({ routines: [routine({})] })).reason ?? '', /cannot be listed/);
  assert.match(decide(s, facts({ routines: [routine({})], udfs: ['f'] })).reason ?? '', /loadable \(UDF\)/);
  assert.match(decide(s, facts({ udfs: [] })).reason ?? '', /neither a built-in function nor a stored function/);
  assert.equal(decide(classify('SELECT db.f()'), facts({ routines: [routine({})] })).run, 'plain', 'qualified: only a stored function can answer');
  const proc = decide(classify('UPDATE t SET a = 1'), facts({ tables: [table('t')], routines: [routine({ type: 'PROCEDURE', via: 'trigger x' })] }), {
    allowWrites: true,
  });
  assert.match(proc.reason ?? '', /procedures are never run/);
});

test('locking reads need profile writes and then run in a rollback; triggers with unbounded effects block', () => {
  const fu = classify('SELECT * FROM t FOR UPDATE');
  assert.equal(decide(fu, facts()).run, 'no');
  assert.equal(decide(fu, facts(), { allowWrites: true }).run, 'rollback');
  const w = classify('DELETE FROM t');
  const t = decide(
    w,
    facts({ tables: [table('t')], triggers: [{ schema: 'db', name: 'tr', table: 'db.t', hazards: { writes: [], unbounded: ['COMMIT'] } }] }),
    { allowWrites: true },
  );
  assert.equal(t.run, 'no');
  assert.match(t.reason ?? '', /COMMIT/);
  assert.equal(
    decide(w, facts({ tables: [table('t')], problems: ['Triggers on db.t cannot be listed without the TRIGGER privilege.'] }), { allowWrites: true }).run,
    'no',
  );
});

test('DDL and session statements: never run, explained only when EXPLAIN applies', () => {
  for (const s of ['DROP TABLE t', 'CALL p()', 'SET autocommit = 0']) {
    const d = decide(classify(s), facts(), { allowWrites: true });
    assert.deepEqual([d.explain, d.run], [false, 'no'], s);
  }
});

test('references: qualified names, quoted names, calls', () => {
  const r = references('SELECT `a``b`.x, db2.f(1), g (2) FROM db3.`t 1` JOIN u USING (id); CALL proc');
  const names = r.names.map((n) => `${n.schema ?? ''}.${n.name}`);
  assert.ok(names.includes('db3.t 1'));
  assert.ok(names.includes('.u'));
  assert.ok(names.includes('.a`b'));
  const calls = r.calls.map((n) => `${n.schema ?? ''}.${n.name}`);
  assert.ok(calls.includes('db2.f'));
  assert.ok(calls.includes('.g'));
  assert.ok(calls.includes('.proc'));
  assert.ok(!calls.includes('.x'));
  assert.deepEqual(bodyHazards('BEGIN INSERT INTO t VALUES (1); COMMIT; END'), { writes: ['INSERT'], unbounded: ['COMMIT'] });
  assert.deepEqual(bodyHazards('RETURN x * 2'), { writes: [], unbounded: [] });
  assert.deepEqual(bodyHazards("DO GET_LOCK('a', 1)").unbounded, ['GET_LOCK()']);
});

test('inspect follows triggers and cascades through a fake catalogue', async () => {
  const calls: string[] = [];
  const q: CatalogQuery = async (sql, values) => {
    calls.push(sql.split(/\s+/).slice(0, 8).join(' '));
    if (/DATABASE\(\)/.test(sql)) return [{ db: 'db' }];
    if (/CURRENT_USER/.test(sql)) return [{ u: 'me@%' }];
    if (/USER_PRIVILEGES/.test(sql)) return [{ x: 1 }];
    if (/FROM information_schema.TABLES WHERE/.test(sql)) {
      const known: Record<string, string> = { parent: 'InnoDB', log: 'MyISAM' };
      const out = [];
      for (let i = 0; i < values.length; i += 2)
        if (known[String(values[i + 1])]) out.push({ s: values[i], n: values[i + 1], t: 'BASE TABLE', e: known[String(values[i + 1])] });
      return out;
    }
    if (/information_schema.TRIGGERS/.test(sql)) return values[1] === 'child' ? [{ s: 'db', n: 'tr', b: 'INSERT INTO log VALUES (OLD.id)' }] : [];
    if (/REFERENTIAL_CONSTRAINTS/.test(sql))
      return values[1] === 'parent' ? [{ s: 'db', n: 'child', d: 'CASCADE', u: 'RESTRICT', ty: 'BASE TABLE', e: 'InnoDB' }] : [];
    return [];
  };
  const f = await inspect(q, 'DELETE FROM parent WHERE id = 1', { writeClosure: true });
  assert.deepEqual(
    f.tables.map((t) => `${t.name}:${t.engine}`),
    ['parent:InnoDB', 'child:InnoDB', 'log:MyISAM'],
  );
  assert.equal(f.tables[2].via, 'trigger tr on db.child ← ON DELETE CASCADE from db.parent');
  const d = decide(classify('DELETE FROM parent WHERE id = 1'), f, { allowWrites: true });
  assert.equal(d.run, 'no');
  assert.match(d.reason ?? '', /db.log \(MyISAM, reached through trigger tr on db.child ← ON DELETE CASCADE from db.parent\)/);
  const noClosure = await inspect(q, 'DELETE FROM parent', { writeClosure: false });
  assert.deepEqual(
    noClosure.tables.map((t) => t.name),
    ['parent'],
  );
  assert.ok(calls.length > 3);
});
