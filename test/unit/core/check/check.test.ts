// mqt check's pure parts: fingerprints, the normalised plan, the comparison rules, the
// matching of statements with baseline entries, the baseline file and the renderers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildBaseline,
  compareWithBaseline,
  comparePlans,
  exitCodeOf,
  explainedFrom,
  fingerprint,
  fingerprintId,
  magnitude,
  matchStatements,
  normalizePlan,
  parseBaseline,
  renderCheckMarkdown,
  renderCheckText,
  serializeBaseline,
  similarity,
  statementsOf,
  BaselineError,
  type Baseline,
  type Explained,
  type NormalPlan,
} from '../../../../src/core/check';
import { parsePlanText } from '../../../../src/core/plan';
import type { Report } from '../../../../src/core/report/model';
import { FIXTURE_ROOT, stripHeader } from '../plan/fixtures';

const fixture = (name: string) => parsePlanText(stripHeader(readFileSync(join(FIXTURE_ROOT, name), 'utf8')));

test('fingerprint: constants, case, spacing and comments do not matter; the shape does', () => {
  const a = fingerprint("SELECT * FROM film  WHERE film_id = 10 AND title = 'X' -- note\n");
  assert.equal(a, 'select * from film where film_id = ? and title = ?');
  assert.equal(fingerprint('select *\n  from `Film` /* c */ where FILM_ID=7 and title="y";'), a);
  assert.notEqual(fingerprint('SELECT title FROM film WHERE film_id = 10'), a);
  // Lists of literals of any length share a fingerprint; a subquery in IN does not collapse.
  assert.equal(fingerprint('SELECT 1 FROM t WHERE a IN (1, 2, 3)'), fingerprint('SELECT 1 FROM t WHERE a IN (4)'));
  assert.equal(fingerprint('INSERT INTO t VALUES (1, 2), (3, -4)'), fingerprint("INSERT INTO t VALUES ('a', NULL)"));
  assert.equal(fingerprint('SELECT 1 FROM t WHERE a IN (SELECT b FROM u)'), 'select ? from t where a in (select b from u)');
  // Written the way SQL is read, whatever the spacing of the source.
  assert.equal(
    fingerprint('SELECT c . last_name ,COUNT (*) FROM customer c GROUP BY c.last_name'),
    'select c.last_name, count(*) from customer c group by c.last_name',
  );
  // Executable comments are code: they are part of the fingerprint.
  assert.notEqual(fingerprint('SELECT /*! STRAIGHT_JOIN */ 1 FROM t'), fingerprint('SELECT 1 FROM t'));
  assert.match(fingerprintId(a), /^[0-9a-f]{12}$/);
  assert.equal(fingerprintId(a), fingerprintId(fingerprint("select * from film where film_id=99 and title='z'")));
});

test('similarity: an edited statement stays above the threshold, another statement falls below', () => {
  const base = fingerprint('SELECT title, length FROM film WHERE film_id = 3');
  const edited = fingerprint('SELECT title, length, rating FROM film WHERE film_id = 3');
  const other = fingerprint('SELECT COUNT(*) FROM rental r JOIN customer c ON c.customer_id = r.customer_id');
  assert.equal(similarity(base, base), 1);
  assert.ok(similarity(base, edited) >= 0.4, String(similarity(base, edited)));
  assert.ok(similarity(base, other) < 0.4, String(similarity(base, other)));
});

test('magnitude: nearest power of ten, boundaries away from round table sizes', () => {
  assert.deepEqual(
    [0, 1, 3, 4, 31, 32, 99, 100, 316, 317, 99_542, 100_021, 316_227].map(magnitude),
    [0, 1, 1, 10, 10, 100, 100, 100, 100, 1000, 100_000, 100_000, 100_000],
  );
  assert.equal(magnitude(undefined), null);
  assert.equal(magnitude(NaN), null);
});

test('normalizePlan: the 4-table join of the sandbox, from the classic rows and from the JSON alike', () => {
  const classic = fixture('mariadb-sandbox/q03-join.explain.txt');
  const json = fixture('mariadb-sandbox/q03-join.explain.json');
  const fromClassic = normalizePlan(classic, json)!;
  const fromJson = normalizePlan(null, json)!;
  const strip = (p: NormalPlan) => ({ ...p, tables: p.tables.map(({ estimate: _e, ...t }) => t) });
  const expected = {
    tables: [
      { table: 'c', access: 'range', key: 'idx_last_name', rows: 100 }, // 44 is nearer 100 than 10 on a log scale
      { table: 'r', access: 'ref', key: 'idx_fk_customer_id', rows: 10 },
      { table: 'i', access: 'eq_ref', key: 'PRIMARY', rows: 1 },
      { table: 'f', access: 'eq_ref', key: 'PRIMARY', rows: 1 },
    ],
    filesort: true,
    temporary: true,
    // 44 + 44*25 + 44*25*1 + 44*25*1*1 rows examined, two significant digits
    cost: 3300,
    costBasis: 'rows',
  };
  assert.deepEqual(strip(fromClassic), expected);
  assert.deepEqual(strip(fromJson), expected);
  assert.deepEqual(
    fromClassic.tables.map((t) => t.estimate),
    [44, 25, 1, 1],
  );
  assert.equal(normalizePlan(null, null), null);
});

test('normalizePlan: a full scan has no key; MySQL JSON gives the server cost', () => {
  const scan = normalizePlan(fixture('mariadb-sandbox/q02-fullscan.explain.txt'), null)!;
  assert.equal(scan.tables[0].access, 'ALL');
  assert.equal(scan.tables[0].key, null);
  const mysql = normalizePlan(null, fixture('recorded/mysql-json/refman9x-explain-3.txt'))!;
  assert.deepEqual(
    mysql.tables.map(({ estimate: _e, ...t }) => t),
    [{ table: 'country', access: 'range', key: 'PRIMARY', rows: 10 }],
  );
  assert.deepEqual({ cost: mysql.cost, basis: mysql.costBasis }, { cost: 3.7, basis: 'server' });
});

const plan = (tables: Array<[string, string, string | null, number]>, extra: Partial<NormalPlan> = {}): NormalPlan => ({
  tables: tables.map(([table, access, key, rows]) => ({ table, access, key, rows: magnitude(rows), estimate: rows })),
  filesort: false,
  temporary: false,
  cost: null,
  costBasis: 'rows',
  ...extra,
});
const verdicts = (a: NormalPlan, b: NormalPlan) => comparePlans(a, b).map((c) => `${c.verdict}: ${c.message}`);

test('comparePlans: index access to a full scan, and the key lost, are worse; the reverse is better', () => {
  const ref = plan([['r', 'ref', 'idx_fk_customer_id', 25]]);
  const all = plan([['r', 'ALL', null, 25]]);
  assert.deepEqual(verdicts(ref, all), ['worse: r: ref on idx_fk_customer_id -> ALL (full table scan) (key idx_fk_customer_id lost)']);
  assert.deepEqual(verdicts(all, ref), ['better: r: ALL (full table scan) -> ref on idx_fk_customer_id']);
  assert.deepEqual(verdicts(ref, plan([['r', 'index', 'PRIMARY', 25]])), ['worse: r: ref on idx_fk_customer_id -> index (full index scan) on PRIMARY']);
  assert.deepEqual(
    verdicts(plan([['r', 'index', 'PRIMARY', 25]]), all).map((v) => v.split(':')[0]),
    ['worse'],
  );
  // Another index, same kind of access: reported, neither worse nor better.
  assert.deepEqual(verdicts(ref, plan([['r', 'ref', 'idx_other', 25]])), ['neutral: r: ref on idx_fk_customer_id -> ref on idx_other']);
  assert.deepEqual(verdicts(ref, ref), []);
});

test('comparePlans: estimated rows ten times the baseline magnitude are worse; 3x is not', () => {
  const was = plan([['p', 'range', 'k', 120]]); // stored as ~100
  assert.deepEqual(verdicts(was, plan([['p', 'range', 'k', 350]])), []);
  assert.deepEqual(verdicts(was, plan([['p', 'range', 'k', 1000]])), ['worse: p: estimated rows ~100 -> 1,000 (10x or more)']);
  assert.deepEqual(verdicts(was, plan([['p', 'range', 'k', 9]])), ['better: p: estimated rows ~100 -> 9 (a tenth or less)']);
  // A round table size on either side of the exact power of ten is no change.
  assert.deepEqual(verdicts(plan([['t', 'ALL', null, 99_542]]), plan([['t', 'ALL', null, 100_310]])), []);
});

test('comparePlans: a filesort or temporary table appearing is worse, disappearing is better', () => {
  const a = plan([['t', 'ALL', null, 10]]);
  const b = plan([['t', 'ALL', null, 10]], { filesort: true, temporary: true });
  assert.deepEqual(verdicts(a, b), ['worse: a filesort appears (Using filesort)', 'worse: a temporary table appears (Using temporary)']);
  assert.deepEqual(verdicts(b, a), ['better: a filesort is gone', 'better: a temporary table is gone']);
});

test('comparePlans: a new join order is worse only at a higher cost', () => {
  const ab = plan(
    [
      ['a', 'ALL', null, 10],
      ['b', 'eq_ref', 'PRIMARY', 1],
    ],
    { cost: 20 },
  );
  const baHigh = plan(
    [
      ['b', 'ALL', null, 10],
      ['a', 'eq_ref', 'PRIMARY', 1],
    ],
    { cost: 40 },
  );
  const baLow = plan(
    [
      ['b', 'ALL', null, 10],
      ['a', 'eq_ref', 'PRIMARY', 1],
    ],
    { cost: 10 },
  );
  const order = (a: NormalPlan, b: NormalPlan) => verdicts(a, b).filter((v) => v.includes('join order'));
  assert.deepEqual(order(ab, baHigh), ['worse: join order a, b -> b, a, estimated rows examined 20 -> 40']);
  assert.deepEqual(order(ab, baLow), ['better: join order a, b -> b, a, estimated rows examined 20 -> 10']);
  assert.deepEqual(order(ab, { ...baHigh, costBasis: 'server' }), ['neutral: join order a, b -> b, a (costs not comparable)']);
  assert.deepEqual(order(ab, { ...baHigh, cost: 21 }), ['neutral: join order a, b -> b, a, estimated rows examined 20 -> 21']);
});

test('comparePlans: tables that come or go are reported as changes', () => {
  const v = verdicts(
    plan([
      ['a', 'ref', 'k', 1],
      ['b', 'ref', 'k', 1],
    ]),
    plan([
      ['a', 'ref', 'k', 1],
      ['<subquery2>', 'eq_ref', 'distinct_key', 1],
    ]),
  );
  assert.deepEqual(v, ['neutral: table(s) now in the plan: <subquery2>', 'neutral: table(s) no longer in the plan: b']);
});

const loc = (file: string, fps: string[]) => fps.map((fp, i) => ({ file, position: i + 1, fingerprint: fingerprint(fp) }));
const pairs = (m: ReturnType<typeof matchStatements<ReturnType<typeof loc>[number], ReturnType<typeof loc>[number]>>) =>
  m.matches.map((x) => (x.entry ? `${x.statement.position}->${x.entry.position} ${x.how}` : `${x.statement.position} new`));

const A = 'SELECT * FROM film WHERE film_id = 1';
const B = 'SELECT title, length FROM film WHERE rating = 1 ORDER BY title';
const C = 'SELECT COUNT(*) FROM rental WHERE customer_id = 5';
const D = 'SELECT * FROM payment WHERE amount > 9 AND payment_date > NOW()';

test('matching: unchanged, inserted, removed, edited, moved', () => {
  const base = loc('q.sql', [A, B, C]);
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [A, B, C]), base)), ['1->1 same', '2->2 same', '3->3 same']);
  // An inserted statement does not shift the others.
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [A, D, B, C]), base)), ['1->1 same', '2 new', '3->2 same', '4->3 same']);
  const removed = matchStatements(loc('q.sql', [A, C]), base);
  assert.deepEqual(pairs(removed), ['1->1 same', '2->3 same']);
  assert.deepEqual(
    removed.removed.map((e) => e.position),
    [2],
  );
  // An edited statement is compared with its own entry, not its neighbour's, even with an insertion before it.
  const edited = B.replace('title, length', 'title, length, rental_rate');
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [A, D, edited, C]), base)), ['1->1 same', '2 new', '3->2 edited', '4->3 same']);
  // Edited and a new statement in the same gap: the alike one pairs, the other is new.
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [A, D, edited, C]), loc('q.sql', [A, B, C]))), ['1->1 same', '2 new', '3->2 edited', '4->3 same']);
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [A, edited, D, C]), base)), ['1->1 same', '2->2 edited', '3 new', '4->3 same']);
  // Replaced by something else entirely: new, and the old entry removed.
  const replaced = matchStatements(loc('q.sql', [A, D, C]), base);
  assert.deepEqual(pairs(replaced), ['1->1 same', '2 new', '3->3 same']);
  assert.deepEqual(
    replaced.removed.map((e) => e.position),
    [2],
  );
  // Reordered: the out-of-order one is found by fingerprint.
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [C, A, B]), base)), ['1->3 moved', '2->1 same', '3->2 same']);
});

test('matching: duplicates pair in order; a statement moved to another file keeps its entry', () => {
  assert.deepEqual(pairs(matchStatements(loc('q.sql', [A, A, C]), loc('q.sql', [A, C, A]))), ['1->1 same', '2->3 moved', '3->2 same']);
  const m = matchStatements([...loc('a.sql', [A]), ...loc('b.sql', [B])], [...loc('a.sql', [A, B])]);
  assert.deepEqual(
    m.matches.map((x) => `${x.statement.file}:${x.statement.position}->${x.entry?.file}:${x.entry?.position} ${x.how}`),
    ['a.sql:1->a.sql:1 same', 'b.sql:1->a.sql:2 moved'],
  );
  assert.deepEqual(m.removed, []);
});

test('statementsOf: positions, lines and fingerprints of a file', () => {
  const s = statementsOf('-- head\nSELECT 1;\n\nSELECT a\n  FROM t;\nDELIMITER //\nSELECT 2//\n', 'q.sql');
  assert.deepEqual(
    s.map((x) => [x.position, x.line, x.fingerprint]),
    [
      [1, 2, 'select ?'],
      [2, 4, 'select a from t'],
      [3, 7, 'select ?'],
    ],
  );
});

const explained = (p: NormalPlan): Explained => ({ kind: 'plan', plan: p });

test('baseline: built, serialised byte-stable, flat tables one per line, read back', () => {
  const st = statementsOf(`${A};\n${B};\nCREATE TABLE x (a int);\n`, 'sql/q.sql');
  const ex: Explained[] = [
    explained(plan([['film', 'const', 'PRIMARY', 1]])),
    explained(plan([['film', 'ALL', null, 1000]], { filesort: true, cost: 1000 })),
    { kind: 'skipped', reason: 'DDL' },
  ];
  const other: Baseline = {
    format: 'mqt-check-baseline',
    version: 1,
    server: 'MariaDB 10.11',
    statements: [{ file: 'a.sql', position: 1, id: 'x', fingerprint: 'select ?', plan: null, notExplained: 'n' }],
  };
  const b = buildBaseline(st, ex, 'MariaDB 10.11', other)!;
  assert.deepEqual(
    b.statements.map((e) => `${e.file}#${e.position}`),
    ['a.sql#1', 'sql/q.sql#1', 'sql/q.sql#2', 'sql/q.sql#3'],
  );
  const text = serializeBaseline(b);
  assert.equal(serializeBaseline(parseBaseline(text)), text);
  assert.equal(serializeBaseline({ ...b, statements: [...b.statements].reverse() }), text, 'order of entries does not matter');
  assert.match(text, /^ {10}\{ "table": "film", "access": "ALL", "key": null, "rows": 1000 \}$/m);
  assert.equal(text.includes('estimate'), false, 'exact estimates stay out of the file');
  assert.equal(text.includes('createdAt'), false);
  // A statement that was not explained then and is now: new, saying why the baseline has no plan.
  const later = compareWithBaseline(st, [ex[0], ex[1], explained(plan([['x', 'ALL', null, 1]]))], b);
  assert.deepEqual(
    { status: later.statements[2].status, message: later.statements[2].message },
    { status: 'new', message: 'the baseline has no plan for it (DDL): run with --update to add it' },
  );
  // A failed statement means no baseline.
  assert.equal(buildBaseline(st, [ex[0], { kind: 'error', message: 'boom' }, ex[2]], 'MariaDB 10.11'), undefined);
});

test('parseBaseline: clear errors for what is not a baseline', () => {
  assert.throws(
    () => parseBaseline('{'),
    (e: unknown) => e instanceof BaselineError && /not JSON/.test(e.message),
  );
  assert.throws(() => parseBaseline('{"statements": []}'), /not an mqt check baseline/);
  assert.throws(() => parseBaseline('{"format": "mqt-check-baseline", "version": 9, "statements": []}'), /version 9/);
  assert.throws(() => parseBaseline('{"format": "mqt-check-baseline", "version": 1, "statements": [{"file": "q.sql"}]}'), /statement 1: needs/);
  assert.throws(
    () =>
      parseBaseline(
        '{"format": "mqt-check-baseline", "version": 1, "statements": [{"file": "q.sql", "position": 1, "id": "i", "fingerprint": "f", "plan": {"tables": [{"table": 1}], "filesort": false, "temporary": false, "cost": 1, "costBasis": "rows"}}]}',
      ),
    /statement 1, table 1/,
  );
});

test('compareWithBaseline: statuses, exit codes, and Markdown naming file:line and what got worse', () => {
  const old = statementsOf(`${A};\n${B};\n${C};\n`, 'q.sql');
  const base = buildBaseline(
    old,
    [
      explained(plan([['film', 'const', 'PRIMARY', 1]])),
      explained(plan([['film', 'ref', 'idx_rating', 200]])),
      explained(plan([['rental', 'ref', 'idx_fk_customer_id', 300]])),
    ],
    'MariaDB 10.11',
  )!;
  const now = statementsOf(`${A};\n${D};\n${B};\n${C.replace('5', '6')};\nSELECT * FROM nope;\n`, 'q.sql');
  const r = compareWithBaseline(
    now,
    [
      explained(plan([['film', 'const', 'PRIMARY', 1]])),
      explained(plan([['payment', 'ALL', null, 16_000]])),
      explained(plan([['film', 'ALL', null, 1000]], { filesort: true })),
      explained(plan([['rental', 'ref', 'idx_fk_customer_id', 5]])),
      { kind: 'error', message: "Table 'sakila.nope' doesn't exist (error 1146)" },
    ],
    base,
    'MariaDB 10.6',
  );
  assert.deepEqual(
    r.statements.map((s) => `${s.line}:${s.status}`),
    ['1:unchanged', '2:new', '3:regressed', '4:improved', '5:error'],
  );
  assert.equal(exitCodeOf(r), 3);
  assert.equal(exitCodeOf({ ...r, counts: { ...r.counts, error: 0 } }), 1);
  assert.equal(exitCodeOf({ ...r, counts: { ...r.counts, error: 0, regressed: 0 } }), 0);
  assert.deepEqual(r.notes, ['The baseline was made on MariaDB 10.11; this server is MariaDB 10.6.']);
  const md = renderCheckMarkdown(r);
  assert.match(md, /^### :x: mqt check: some statements could not be explained/);
  assert.match(
    md,
    /#### Worse\n\n\| Statement \| Where \| What \|\n\| --- \| --- \| --- \|\n\| `SELECT title, length FROM film WHERE rating = 1 ORDER BY title` \| q\.sql:3 \| film: ref on idx_rating -> ALL \(full table scan\) \(key idx_rating lost\); film: estimated rows ~100 -> 1,000 \(10x or more\); a filesort appears \(Using filesort\) \|/,
  );
  assert.match(md, /#### Better[\s\S]*q\.sql:4 \| rental: estimated rows ~100 -> 5 \(a tenth or less\)/);
  assert.match(md, /#### Could not be explained[\s\S]*q\.sql:5 \| Table 'sakila\.nope' doesn't exist/);
  const text = renderCheckText(r);
  assert.match(text, /^mqt check: 5 statement\(s\), 1 worse, 1 better, 1 error\(s\), 1 new/);
  assert.match(text, /^WORSE q\.sql:3 SELECT title/m);
  assert.equal(/^ok /m.test(text), false, 'unchanged statements only with --verbose');
  assert.match(renderCheckText(r, { verbose: true }), /^ok q\.sql:1 /m);
});

test('markdown cells: pipes in a statement do not break the table', () => {
  const st = statementsOf("SELECT a || 'x|y' FROM t;\n", 'q.sql');
  const base = buildBaseline(st, [explained(plan([['t', 'ref', 'k', 1]]))], 'MariaDB 10.11')!;
  const md = renderCheckMarkdown(compareWithBaseline(st, [explained(plan([['t', 'ALL', null, 1]]))], base));
  const row = md.split('\n').find((l) => l.includes('q.sql:1'))!;
  assert.equal(row.replace(/\\\|/g, '').split('|').length, 5, row);
});

test('explainedFrom: a plan, a statement that was never sent, a server error', () => {
  const base = { classicPlan: null, plan: null, raw: {}, execution: { executed: false, rows: 0, ms: 0 } } as unknown as Report;
  const withPlan = { ...base, plan: fixture('mariadb-sandbox/q01-range.explain.json') } as Report;
  assert.equal(explainedFrom(withPlan).kind, 'plan');
  assert.deepEqual(explainedFrom({ ...base, planError: { message: 'CREATE is DDL' } } as Report), { kind: 'skipped', reason: 'CREATE is DDL' });
  assert.deepEqual(explainedFrom({ ...base, planError: { message: "Table 'x' doesn't exist", errno: 1146 } } as Report), {
    kind: 'error',
    message: "Table 'x' doesn't exist (error 1146)",
  });
  assert.equal(explainedFrom({ ...base, raw: { explainJson: '{' }, planError: { message: 'bad JSON' } } as Report).kind, 'error');
});
