// The shapes of issue 22, each read from its recorded fixture and checked field by field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanText, PlanParseError, walkPlan, type PlanNode } from '../../../../src/core/plan';
import { fixture, loadAllFixtures } from './fixtures';

const nodes = (root: PlanNode) => [...walkPlan(root)].map((x) => x.node);
const find = (root: PlanNode, pred: (n: PlanNode) => boolean) => nodes(root).find(pred);
const raw = (name: string) => loadAllFixtures().find((f) => f.name === name)?.text ?? '';

describe('MySQL tree and EXPLAIN ANALYZE', () => {
  it('a qualifier before "on" keeps the table, the key and every figure', () => {
    const plan = parsePlanText(fixture('recorded/mysql-analyze/public-notes-mrr-range-1.txt'));
    const n = plan.root;
    assert.equal(plan.format, 'mysql-analyze');
    assert.equal(n.op, 'Index range scan');
    assert.equal(n.table, 'concert_detail');
    assert.equal(n.key, 'idx_concert_basic_id_start_time_end_time');
    assert.equal(n.accessType, 'range');
    assert.deepEqual([n.rowsEstimated, n.rowsActual, n.loops, n.cost, n.timeMs], [2257, 419, 1, 2593, 117]);
    assert.equal(n.details?.qualifier, 'Multi-Range Read');
    assert.deepEqual(n.extra, ['Using MRR', 'Using index condition']);
  });

  it('the same qualifier in a plain tree line', () => {
    const n = parsePlanText('-> Covering index range scan (Multi-Range Read) on t1 using a over (a = 2) OR (5 <= a)  (cost=1.2 rows=3)').root;
    assert.deepEqual([n.table, n.key, n.rowsEstimated, n.accessType], ['t1', 'a', 3, 'range']);
    assert.ok(n.extra.includes('Using index'));
  });

  it('a server message in place of a plan is a clear error quoting it', () => {
    const text = raw('recorded/mysql-tree/mysqlserver-explain_tree-45.txt');
    assert.throws(
      () => parsePlanText(text),
      (e: unknown) => e instanceof PlanParseError && e.message === 'The server printed no plan, only the message "<not executable by iterator executor>"',
    );
  });
});

describe('MySQL JSON kept in a user variable', () => {
  for (const name of ['recorded/mysql-json/client-vertical-explain_into-1.txt', 'recorded/mysql-json/mysqlserver-explain_into-1.txt']) {
    it(`${name}: the document after the variable is the plan`, () => {
      const plan = parsePlanText(fixture(name));
      assert.equal(plan.format, 'mysql-json');
      assert.deepEqual(
        nodes(plan.root)
          .filter((n) => n.table)
          .map((n) => [n.table, n.rowsEstimated]),
        [
          ['t1', 3],
          ['t2', 3],
        ],
      );
    });
  }
  it('EXPLAIN ANALYZE FORMAT=JSON INTO, version 2', () => {
    const plan = parsePlanText(fixture('recorded/mysql-json2/mysqlserver-explain_into-2.txt'));
    assert.equal(plan.format, 'mysql-json2');
    assert.equal(plan.root.op, 'Inner hash join');
    assert.deepEqual(
      nodes(plan.root)
        .filter((n) => n.table)
        .map((n) => [n.table, n.rowsActual]),
      [
        ['t2', 3],
        ['t1', 3],
      ],
    );
  });
});

describe('MariaDB JSON', () => {
  for (const format of ['mariadb-json', 'mariadb-analyze-json']) {
    it(`${format}: a recursive CTE keeps both members under the derived table`, () => {
      const plan = parsePlanText(fixture(`recorded/${format}/sandbox-recursive-cte.txt`));
      const derived = find(plan.root, (n) => n.table === '<derived2>') as PlanNode;
      const union = find(derived, (n) => n.op === 'recursive union') as PlanNode;
      assert.equal(union.table, '<union2,3>');
      const members = union.children.map((c) => c.selectId);
      assert.deepEqual(members, [2, 3]);
      assert.deepEqual(
        nodes(union)
          .filter((n) => n.table)
          .map((n) => n.table),
        ['<union2,3>', 'actor', '<derived2>', 'a'],
      );
      if (format === 'mariadb-analyze-json') assert.equal(find(union, (n) => n.table === 'a')?.rowsActual, 1);
    });

    it(`${format}: a window function plan shows its sorts and its table`, () => {
      const plan = parsePlanText(fixture(`recorded/${format}/sandbox-window.txt`));
      const window = find(plan.root, (n) => n.op === 'window') as PlanNode;
      assert.deepEqual(
        window.children.map((c) => c.op),
        ['filesort', 'filesort', 'temporary table'],
      );
      assert.deepEqual(
        window.children.slice(0, 2).map((c) => c.details?.sort_key),
        ['payment.customer_id, payment.payment_date', 'payment.amount desc'],
      );
      assert.equal(find(window, (n) => n.table === 'payment')?.rowsEstimated, 950);
    });

    it(`${format}: a rowid filter keeps its own rows as the filter's figures`, () => {
      const plan = parsePlanText(fixture(`recorded/${format}/sandbox-rowid-filter.txt`));
      const table = find(plan.root, (n) => n.table === 't1') as PlanNode;
      assert.equal(table.rowsEstimated, 1000);
      assert.ok(table.extra.includes('Using rowid filter'));
      const filter = table.children.find((c) => c.op === 'rowid filter') as PlanNode;
      assert.deepEqual([filter.key, filter.rowsEstimated, filter.filtered], ['b', 2000, 2]);
      assert.equal(table.details?.['rowid_filter.rows'], undefined, 'the filter is a node, not a detail of the table');
      if (format === 'mariadb-analyze-json') {
        assert.deepEqual([table.rowsActual, filter.rowsActual, filter.filteredActual], [100, 2000, 10]);
        assert.equal(filter.details?.r_lookups, '1000');
      }
    });
  }

  it('an unquoted placeholder ("r_engine_stats": REPLACED) is an unknown value, the plan still reads', () => {
    const plan = parsePlanText(fixture('recorded/mariadb-analyze-json/mariadb-analyze_engine_stats-1.txt'));
    assert.equal(plan.format, 'mariadb-analyze-json');
    const t1 = find(plan.root, (n) => n.table === 't1') as PlanNode;
    assert.deepEqual([t1.rowsEstimated, t1.rowsActual], [100, 100]);
    assert.equal(t1.details?.r_engine_stats, undefined);
    assert.equal(find(plan.root, (n) => n.table === 't2')?.rowsActual, 10);
    // Bare words that are JSON's own stay what they are; strings holding such words are untouched.
    const own = parsePlanText('{"query_block": {"select_id": 1, "table": {"table_name": "REPLACED t", "using_index": true, "rows": elided}}}');
    const t = find(own.root, (n) => n.table !== undefined) as PlanNode;
    assert.deepEqual([t.table, t.rowsEstimated, t.extra], ['REPLACED t', undefined, ['Using index']]);
  });
});

describe('MariaDB classic', () => {
  for (const name of ['sandbox-recursive-cte.txt', 'sandbox-recursive-cte-analyze.txt']) {
    it(`${name}: the recursive CTE's derived table keeps its member tables`, () => {
      const plan = parsePlanText(fixture(`recorded/classic/${name}`));
      const derived = find(plan.root, (n) => n.table === '<derived2>' && n.selectId === 1) as PlanNode;
      const inside = nodes(derived).slice(1);
      assert.deepEqual(
        inside.filter((n) => n.table).map((n) => [n.table, n.selectType]),
        [
          ['<union2,3>', 'UNION RESULT'],
          ['actor', 'DERIVED'],
          ['<derived2>', 'RECURSIVE UNION'],
          ['a', 'RECURSIVE UNION'],
        ],
      );
    });
  }

  it('a rowid filter row: the access, its key and rows, and the filter with its selectivity', () => {
    for (const name of ['sandbox-rowid-filter.txt', 'sandbox-rowid-filter-analyze.txt']) {
      const n = parsePlanText(fixture(`recorded/classic/${name}`)).root;
      assert.deepEqual([n.accessType, n.key, n.keyLen, n.rowsEstimated], ['ref', 'a', '5', 1000], name);
      const f = n.children[0];
      assert.deepEqual([f.op, f.key, f.keyLen, f.filtered], ['rowid filter', 'b', '5', 2], name);
      if (name.includes('analyze')) assert.deepEqual([n.rowsActual, f.filteredActual], [100, 10]);
    }
  });
});
