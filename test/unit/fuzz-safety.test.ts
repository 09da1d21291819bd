// Random and mutated SQL (and plan text) thrown at everything that reads user input before a
// server sees it: splitting, the statement under the cursor, classification, the safety
// decision and reference extraction, and plan parsing. Seeded, so a failure reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitStatements, statementAt } from '../../src/core/sql/statements';
import { classify } from '../../src/core/sql/classify';
import { bodyHazards, decide, references, type Facts } from '../../src/core/safety';
import { parsePlanText, PlanParseError } from '../../src/core/plan';
import { mutations } from '../support/mutate';
import { prng } from '../support/prng';

const SEEDS = [
  'SELECT * FROM actor WHERE actor_id = 1',
  "UPDATE film SET title = 'a;b' WHERE film_id IN (SELECT film_id FROM film_actor) -- c;\n",
  'DELIMITER //\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END//\nDELIMITER ;\nSELECT 1;',
  'WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r',
  'SELECT `we``ird`.`na me` FROM `db`.`t` /*! STRAIGHT_JOIN */ WHERE a = "x\\"y" # tail',
  'DELETE a, b FROM a JOIN b USING (id) WHERE a.x > 0',
  "SELECT 1 /*!50000 INTO OUTFILE '/tmp/x' */",
  'EXPLAIN ANALYZE FORMAT=JSON SELECT GET_LOCK("x", 1), NEXT VALUE FOR s FOR UPDATE',
  'INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a); REPLACE t SET a = 2',
  "SELECT '\\' ; ' , \"; \" , `;` ; SELECT /* ; */ 2",
];
const ALPHABET = [
  ...';\'"`/*-#\\\n\t ()!.,=@$_',
  'SELECT',
  'FROM',
  'DELIMITER',
  'INTO',
  'OUTFILE',
  'FOR',
  'UPDATE',
  'CALL',
  '/*!',
  '*/',
  '-- ',
  'WITH',
  '\u0000',
  '\uD800',
  'é',
  '💥',
];

function mutate(text: string, rnd: () => number): string {
  const m = mutations(text, rnd, ALPHABET);
  const pos = m.pos;
  const piece = () => m.noise(1);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return m.head();
    case 1:
      return m.tail();
    case 2: {
      const a = pos();
      return text.slice(0, a) + piece() + text.slice(a);
    }
    case 3: {
      const a = pos();
      return text.slice(0, a) + text.slice(a + 1 + Math.floor(rnd() * 10));
    }
    case 4: {
      const a = pos();
      const b = pos();
      return text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b)) + text.slice(Math.min(a, b), Math.max(a, b));
    }
    case 5:
      return Array.from({ length: Math.floor(rnd() * 80) }, piece).join(rnd() < 0.5 ? ' ' : '');
    default:
      return String.fromCharCode(...Array.from({ length: Math.floor(rnd() * 120) }, () => Math.floor(rnd() * 0xffff)));
  }
}

const NO_FACTS: Facts = { defaultSchema: 'db', tables: [], routines: [], triggers: [], problems: [] };

function exercise(sql: string, rnd: () => number): void {
  const parts = splitStatements(sql);
  for (const p of parts) {
    assert.ok(p.start >= 0 && p.end <= sql.length && p.start <= p.end, 'ranges inside the text');
    assert.equal(sql.slice(p.start, p.end), p.text);
  }
  statementAt(sql, Math.floor(rnd() * (sql.length + 2)) - 1);
  const c = classify(sql);
  assert.ok(['read', 'write', 'ddl', 'session', 'other', 'empty'].includes(c.kind));
  if (c.kind !== 'read' && c.kind !== 'write') assert.equal(c.safeToExecute, false);
  if (c.bodyStart !== undefined) assert.ok(c.bodyStart >= 0 && c.bodyStart <= sql.length);
  for (const allowWrites of [false, true]) {
    const d = decide(c, NO_FACTS, { allowWrites });
    // Whatever the text, only reads and rollbackable writes can ever be run.
    if (d.run === 'plain') assert.equal(c.kind, 'read');
    if (d.run === 'rollback') assert.ok(allowWrites && (c.kind === 'write' || c.locking));
    if (c.kind !== 'read' && c.kind !== 'write') assert.equal(d.run, 'no');
  }
  references(sql);
  bodyHazards(sql);
}

test('fuzz: SQL splitting, cursor lookup, classification and the safety decision never throw or hang', () => {
  const rnd = prng(0x5afe);
  const t0 = Date.now();
  let worst = 0;
  for (let i = 0; i < 6000; i++) {
    let sql = SEEDS[i % SEEDS.length];
    for (let k = Math.floor(rnd() * 4); k >= 0; k--) sql = mutate(sql, rnd);
    const t = Date.now();
    exercise(sql, rnd);
    worst = Math.max(worst, Date.now() - t);
  }
  assert.ok(worst < 2000, `slowest case ${worst} ms (a hang guard, not a speed goal)`);
  assert.ok(Date.now() - t0 < 60_000);
});

test('fuzz: pathological shapes stay linear', () => {
  for (const sql of [
    "'".repeat(100_000),
    '/*'.repeat(50_000),
    '('.repeat(100_000),
    'DELIMITER x\n'.repeat(5_000),
    '-- \n'.repeat(50_000),
    ';'.repeat(100_000),
    '/*!'.repeat(30_000) + '*/'.repeat(30_000),
  ]) {
    const t = Date.now();
    exercise(sql, prng(1));
    assert.ok(Date.now() - t < 3000, `${sql.slice(0, 12)}… took ${Date.now() - t} ms`);
  }
});

test('fuzz: plan parsing throws only PlanParseError', () => {
  const root = join(__dirname, '..', 'fixtures', 'plan', 'mariadb-sandbox');
  const texts = readdirSync(root)
    .filter((f) => /\.(txt|tsv|json)$/.test(f))
    .map((f) => readFileSync(join(root, f), 'utf8'));
  const rnd = prng(0xe1a7);
  for (let i = 0; i < 3000; i++) {
    let text = texts[i % texts.length];
    for (let k = Math.floor(rnd() * 3); k >= 0; k--) text = mutate(text, rnd);
    try {
      parsePlanText(text);
    } catch (e) {
      assert.ok(e instanceof PlanParseError, `unexpected ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
});
