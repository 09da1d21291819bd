import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromClassicRows, parsePlanJson, parsePlanText, PlanParseError, renderPlanText, walkPlan, type PlanNode } from '../../../../src/core/plan';
import { fixture } from './fixtures';

const tables = (root: PlanNode) => [...walkPlan(root)].map(({ node }) => node.table).filter(Boolean);

describe('pasted client output', () => {
  it('mysql> prompt with continuation lines, box table and footer', () => {
    const text = [
      'mysql> EXPLAIN SELECT *',
      '    -> FROM film JOIN film_actor USING (film_id)',
      '    -> WHERE film.film_id = 1;',
      fixture('recorded/classic/pt-visual-explain-film-join-actor-const.txt'),
      '',
      'mysql> ',
    ].join('\n');
    const plan = parsePlanText(text);
    assert.equal(plan.format, 'classic');
    assert.deepEqual(tables(plan.root), ['film', 'film_actor']);
  });

  it('MariaDB prompt before a tree printed with \\G', () => {
    const text = `MariaDB [sakila]> EXPLAIN ANALYZE SELECT * FROM t3 WHERE i > 8\\G\n${fixture('recorded/mysql-analyze/refman9x-explain-2.txt')}\n1 row in set (0.00 sec)\n`;
    const plan = parsePlanText(text);
    assert.equal(plan.format, 'mysql-analyze');
    assert.equal(plan.root.children[0].rowsActual, 5);
  });

  it('TSV without a header line', () => {
    const body = fixture('mariadb-sandbox/q07-subquery-in.analyze.tsv').split('\n').slice(1).join('\n');
    const plan = parsePlanText(body);
    assert.equal(plan.format, 'classic');
    const sq = [...walkPlan(plan.root)].find(({ node }) => node.table === '<subquery2>')?.node;
    assert.equal(sq?.rowsActual, 0.24);
    assert.equal(sq?.children.length, 1);
  });

  it('batch mode: JSON in one TSV cell with \\n escapes, with and without header', () => {
    const json = fixture('mariadb-sandbox/q08-derived.analyze.json').trim();
    const cell = json.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    for (const text of [`ANALYZE\n${cell}\n`, cell]) {
      const plan = parsePlanText(text);
      assert.equal(plan.format, 'mariadb-analyze-json');
      assert.ok(tables(plan.root).includes('rental'));
    }
  });

  it('batch mode: tree text in one cell', () => {
    const tree = fixture('recorded/mysql-tree/mysqlserver-explain_tree-12.txt')
      .replace(/^EXPLAIN\n/, '')
      .trim();
    const plan = parsePlanText(`EXPLAIN\n${tree.replace(/\n/g, '\\n')}`);
    assert.equal(plan.format, 'mysql-tree');
    assert.ok(tables(plan.root).includes('t2'));
  });

  it('tree inside a box table', () => {
    const tree = fixture('recorded/mysql-tree/mysqlserver-hash_join-8.txt')
      .replace(/^EXPLAIN\n/, '')
      .trim()
      .split('\n');
    const bar = `+${'-'.repeat(60)}+`;
    const text = [bar, `| EXPLAIN${' '.repeat(52)}|`, bar, `| ${tree[0]}`, ...tree.slice(1), ' |', bar, '1 row in set (0.01 sec)'].join('\n');
    const plan = parsePlanText(text);
    assert.equal(plan.format, 'mysql-tree');
    assert.deepEqual(tables(plan.root), ['t3', 't2', 't1']);
  });

  it('vertical classic with SHOW WARNINGS in vertical form', () => {
    const text = [
      '*************************** 1. row ***************************',
      '           id: 1',
      '  select_type: SIMPLE',
      '        table: t1',
      '         type: ALL',
      'possible_keys: PRIMARY',
      '          key: NULL',
      '      key_len: NULL',
      '          ref: NULL',
      '         rows: 1000',
      '     filtered: 49.40',
      '        Extra: Using where',
      '1 row in set, 1 warning (0.00 sec)',
      '',
      'mysql> SHOW WARNINGS\\G',
      '*************************** 1. row ***************************',
      '  Level: Note',
      '   Code: 1003',
      'Message: select `test`.`t1`.`id` from `test`.`t1` where (`test`.`t1`.`id` < 500)',
    ].join('\n');
    const plan = parsePlanText(text);
    assert.equal(plan.root.filtered, 49.4);
    assert.equal(plan.root.key, undefined);
    assert.match(plan.root.details?.rewrittenQuery ?? '', /^select `test`/);
  });

  it('client \\W warning lines are kept', () => {
    const text = `${fixture('mariadb-sandbox/q01-range.explain.tsv')}\nNote (Code 1003): select 1 AS \`1\`\n`;
    assert.equal(parsePlanText(text).root.details?.rewrittenQuery, 'select 1 AS `1`');
  });

  it('masked numbers (#, elided, REPLACED) read as absent', () => {
    const tree = parsePlanText(
      'EXPLAIN\n-> Filter: (t.a > 1)  (cost=# rows=#) (actual time=elided..elided rows=3 loops=1)\n    -> Table scan on t  (cost=0.55 rows=3) (actual time=#..# rows=3 loops=1)',
    );
    assert.equal(tree.root.cost, undefined);
    assert.equal(tree.root.rowsEstimated, undefined);
    assert.equal(tree.root.timeMs, undefined);
    assert.equal(tree.root.rowsActual, 3);
    assert.equal(tree.root.children[0].cost, 0.55);
    const classic = parsePlanText(
      'id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tExtra\n1\tSIMPLE\tt\tALL\tNULL\tNULL\tNULL\tNULL\t#\tUsing where',
    );
    assert.equal(classic.root.rowsEstimated, undefined);
    assert.deepEqual(classic.root.extra, ['Using where']);
  });

  it('masked values read as absent', () => {
    const plan = parsePlanText(fixture('recorded/mysql-tree/mysqlserver-hash_join-2.txt'));
    const join = plan.root.children[0];
    assert.equal(join.cost, undefined);
    assert.equal(join.rowsEstimated, 26214);
  });
});

describe('driver values', () => {
  it('fromClassicRows reads mysql2 rows (strings, numbers, null) and keeps unknown columns', () => {
    const root = fromClassicRows([
      {
        id: 1,
        select_type: 'PRIMARY',
        table: '<derived2>',
        type: 'ALL',
        possible_keys: null,
        key: null,
        key_len: null,
        ref: null,
        rows: '100163',
        r_rows: '10.00',
        filtered: 100,
        r_filtered: '100.00',
        Extra: 'Using where; Using filesort',
      },
      {
        id: 2,
        select_type: 'DERIVED',
        table: 'rental',
        partitions: 'p0,p1',
        type: 'index',
        possible_keys: null,
        key: 'idx_fk_customer_id',
        key_len: '2',
        ref: null,
        rows: '100163',
        r_rows: '100000.00',
        filtered: 100,
        r_filtered: 100,
        Extra: 'Using index',
      },
    ]);
    assert.equal(root.op, 'filesort');
    const derived = root.children[0];
    assert.equal(derived.table, '<derived2>');
    assert.equal(derived.rowsEstimated, 100163);
    assert.equal(derived.rowsActual, 10);
    const rental = derived.children[0];
    assert.equal(rental.table, 'rental');
    assert.equal(rental.keyLen, '2');
    assert.equal(rental.details?.partitions, 'p0,p1');
  });

  it('union inside a derived table resolves to the union node', () => {
    const root = fromClassicRows([
      { id: 1, select_type: 'PRIMARY', table: '<derived2>', type: 'ALL', rows: 4, Extra: null },
      { id: 2, select_type: 'DERIVED', table: 'a', type: 'ALL', rows: 2, Extra: null },
      { id: 3, select_type: 'UNION', table: 'b', type: 'ALL', rows: 2, Extra: null },
      { id: null, select_type: 'UNION RESULT', table: '<union2,3>', type: 'ALL', rows: null, Extra: null },
      { id: 4, select_type: 'SUBQUERY', table: 'c', type: 'index', rows: 9, Extra: 'Using index' },
    ]);
    assert.equal(root.table, '<derived2>');
    const union = root.children[0];
    assert.equal(union.op, 'union');
    assert.deepEqual(
      union.children.map((c) => c.table),
      ['a', 'b'],
    );
    // Id 4 follows the derived scope (ids 2-3), so it belongs inside it, under select 3.
    const b = union.children[1];
    assert.equal(b.children[0].op, 'subquery');
    assert.equal(b.children[0].children[0].table, 'c');
  });

  it('parsePlanJson accepts objects, mysql2 single-cell rows and row arrays', () => {
    const json = JSON.parse(fixture('mariadb-sandbox/q01-range.explain.json')) as unknown;
    assert.equal(parsePlanJson(json).format, 'mariadb-json');
    const cell = [{ EXPLAIN: fixture('recorded/mysql-json2/myflames-explain-062.txt') }];
    assert.equal(parsePlanJson(cell).format, 'mysql-json2');
    const rows = [{ id: 1, select_type: 'SIMPLE', table: 't', type: 'ALL', rows: 3, Extra: null }];
    assert.equal(parsePlanJson(rows).root.table, 't');
    assert.throws(() => parsePlanJson({ hello: 1 }), PlanParseError);
    assert.throws(() => parsePlanJson(42), PlanParseError);
  });

  it('renders an indented tree', () => {
    const text = renderPlanText(parsePlanText(fixture('mariadb-sandbox/q03-join.analyze.txt')));
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'classic');
    assert.match(lines[1], /^filesort/);
    assert.match(text, /└─ Single-row index lookup {2}table=f {2}type=eq_ref {2}key=PRIMARY {2}ref=sakila\.i\.film_id {2}rows=1 {2}\(actual rows=1\)/);
  });
});

describe('bad input', () => {
  for (const [name, text] of [
    ['empty', ''],
    ['blank', '  \n\n '],
    ['prose', 'hello world, this is not a plan'],
    ['truncated json', '{"query_block": {"select_id": 1, "table": {'],
    ['json without plan', '{"a": 1}'],
    ['unterminated comment', '{"query_block": /* x'],
    ['box with no rows', '+---+\n| a |\n+---+\n+---+'],
    ['odd TSV', 'a\tb\tc\td'],
  ] as const) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parsePlanText(text),
        (e: unknown) => e instanceof PlanParseError && !e.message.includes('\n'),
      );
    });
  }
});
