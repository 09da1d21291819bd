import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanText, walkPlan, type Plan, type PlanNode } from '../../../../src/core/plan';
import { fixture } from './fixtures';

function find(plan: Plan | PlanNode, pred: (n: PlanNode) => boolean): PlanNode {
  const root = 'root' in plan ? plan.root : plan;
  for (const { node } of walkPlan(root)) if (pred(node)) return node;
  assert.fail('node not found');
}
const byTable = (t: string) => (n: PlanNode) => n.table === t;

describe('classic values and tree shape', () => {
  it('q03 ANALYZE table: filesort wraps temporary wraps the join, r_rows kept', () => {
    const plan = parsePlanText(fixture('mariadb-sandbox/q03-join.analyze.txt'));
    assert.equal(plan.root.op, 'filesort');
    assert.equal(plan.root.children[0].op, 'temporary table');
    assert.equal(plan.root.children[0].children[0].op, 'nested loop');
    const r = find(plan, byTable('r'));
    assert.equal(r.accessType, 'ref');
    assert.equal(r.rowsEstimated, 25);
    assert.equal(r.rowsActual, 50);
    assert.equal(r.filtered, 100);
    assert.equal(r.key, 'idx_fk_customer_id');
    assert.deepEqual(r.possibleKeys, ['idx_fk_inventory_id', 'idx_fk_customer_id']);
    assert.equal(r.ref, 'sakila.c.customer_id');
    const c = find(plan, byTable('c'));
    assert.deepEqual(c.extra, ['Using index condition', 'Using temporary', 'Using filesort']);
  });

  it('TSV and box forms of the same EXPLAIN give the same model', () => {
    const a = parsePlanText(fixture('mariadb-sandbox/q03-join.explain.tsv'));
    const b = parsePlanText(fixture('mariadb-sandbox/q03-join.explain.txt'));
    assert.deepEqual(a, b);
  });

  it('derived table gets its select as child', () => {
    const plan = parsePlanText(fixture('mariadb-sandbox/q08-derived.explain.txt'));
    const derived = find(plan, byTable('<derived2>'));
    const rental = find(derived, byTable('rental'));
    assert.equal(rental.selectType, 'DERIVED');
    assert.equal(rental.accessType, 'index');
  });

  it('union result holds both selects', () => {
    const plan = parsePlanText(fixture('mariadb-sandbox/q09-union.analyze.tsv'));
    assert.equal(plan.root.op, 'union');
    assert.equal(plan.root.table, '<union1,2>');
    assert.equal(plan.root.rowsActual, 52);
    assert.deepEqual(
      plan.root.children.map((c) => c.table),
      ['actor', 'customer'],
    );
  });

  it('materialized semi-join: <subquery2> has the MATERIALIZED select under it', () => {
    const plan = parsePlanText(fixture('mariadb-sandbox/q07-subquery-in.explain.txt'));
    const sq = find(plan, byTable('<subquery2>'));
    assert.equal(sq.accessType, 'eq_ref');
    find(sq, byTable('a'));
    find(sq, byTable('fa'));
  });

  it('dependent subquery hangs under its outer select', () => {
    const plan = parsePlanText(fixture('recorded/classic/pt-visual-explain-unique-subquery-in-where-clause.txt'));
    assert.equal(plan.root.table, 'film_actor');
    const sub = plan.root.children[0];
    assert.equal(sub.op, 'subquery');
    assert.equal(sub.selectType, 'DEPENDENT SUBQUERY');
    assert.equal(sub.children[0].accessType, 'unique_subquery');
  });

  it('EXPLAIN EXTENDED keeps Note 1003 and other warnings', () => {
    const plan = parsePlanText(fixture('mariadb-sandbox/q10-dependent-subquery.explain-extended.txt'));
    assert.match(plan.root.details?.rewrittenQuery ?? '', /^\/\* select#1 \*\/ select `sakila`/);
    assert.match(plan.root.details?.warnings ?? '', /^Note 1276: Field or reference/);
    const tsv = parsePlanText(fixture('mariadb-sandbox/q03-join.explain-extended.tsv'));
    assert.match(tsv.root.details?.rewrittenQuery ?? '', /^select `sakila`\.`c`/);
  });

  it('MariaDB tabular ANALYZE: NULL r_rows is absent, r_filtered read', () => {
    const plan = parsePlanText(fixture('recorded/classic/mariadb-analyze_format_json-1.txt'));
    const t0 = find(plan, byTable('t0'));
    assert.equal(t0.rowsActual, 10);
    assert.equal(t0.filteredActual, 0);
    const t1 = find(plan, byTable('t1'));
    assert.equal(t1.rowsActual, undefined);
    assert.equal(t1.keyLen, '5');
  });

  it('\\G vertical output, NULL partitions absent, filesort wrapper', () => {
    const plan = parsePlanText(fixture('recorded/classic/refman80-optimization-2.txt'));
    assert.equal(plan.root.op, 'filesort');
    const t = find(plan, byTable('t'));
    assert.equal(t.rowsEstimated, 14);
    assert.equal(t.details, undefined);
    assert.ok(t.extra.includes('Using index condition'));
  });

  it('table-less rows become message nodes', () => {
    const plan = parsePlanText(fixture('recorded/classic/pt-visual-explain-optimized-away.txt'));
    assert.equal(plan.root.op, 'Select tables optimized away');
  });
});

describe('tree / analyze values', () => {
  it('actual time, rows, loops and cost', () => {
    const plan = parsePlanText(fixture('recorded/mysql-analyze/redixhumayun-diagnosing-1.txt'));
    assert.equal(plan.format, 'mysql-analyze');
    assert.equal(plan.root.op, 'Nested loop inner join');
    assert.equal(plan.root.cost, 468792.05);
    assert.equal(plan.root.timeMs, 288.104);
    assert.equal(plan.root.firstRowMs, 0.092);
    const roll = find(plan, byTable('roll'));
    assert.equal(roll.accessType, 'ALL');
    assert.equal(roll.rowsEstimated, 582836);
    assert.equal(roll.rowsActual, 600367);
    const oc = find(plan, byTable('oc'));
    assert.equal(oc.accessType, 'eq_ref');
    assert.equal(oc.key, 'PRIMARY');
    assert.equal(oc.ref, 'oc_unique_id=roll.oc_unique_id');
    const filter = find(plan, (n) => n.op === 'Filter');
    assert.equal(filter.condition, "cast(roll.roll_number as char charset binary) = 'dZkzHJ_je8'");
  });

  it('loops multiply time; masked times are absent; subquery attached', () => {
    const plan = parsePlanText(fixture('recorded/mysql-analyze/mysqlserver-explain_tree-4.txt'));
    const sub = plan.root.children.find((c) => c.op === 'subquery');
    assert.ok(sub);
    assert.equal(sub.selectId, 2);
    const filter = find(plan, (n) => n.op === 'Filter');
    assert.equal(filter.loops, 10);
    assert.equal(filter.rowsActual, 4.5);
    assert.equal(filter.timeMs, undefined);
    const wrapped = parsePlanText(fixture('recorded/mysql-analyze/refman80-explain-2.txt'));
    assert.equal(wrapped.root.children[0].timeMs, 0.019);
    assert.equal(wrapped.root.children[0].rowsActual, 15);
  });

  it('never executed, cost ranges', () => {
    const plan = parsePlanText(fixture('recorded/mysql-analyze/mysqlserver-explain_tree-12.txt'));
    assert.ok(find(plan, (n) => n.neverExecuted === true).op.startsWith('Materialize CTE x1'));
    const cte = parsePlanText(fixture('recorded/mysql-analyze/mysqlserver-explain_tree-15.txt'));
    assert.equal(find(cte, byTable('cte')).cost, 2.5);
  });

  it('hash join, covering scans, single-row lookups, weedout', () => {
    const hj = parsePlanText(fixture('recorded/mysql-tree/mysqlserver-hash_join-8.txt'));
    assert.equal(hj.root.op, 'Inner hash join');
    assert.equal(hj.root.condition, 't3.col1 = t2.col1');
    assert.equal(hj.root.cost, 2.55);
    const cov = parsePlanText(fixture('recorded/mysql-tree/mysqlserver-explain_tree-6.txt'));
    const t1 = find(cov, byTable('t1'));
    assert.equal(t1.accessType, 'index');
    assert.equal(t1.key, 'f1');
    assert.ok(t1.extra.includes('Using index'));
    const anti = parsePlanText(fixture('recorded/mysql-tree/mysqlserver-explain_tree-29.txt'));
    const sq = find(anti, byTable('<subquery2>'));
    assert.equal(sq.accessType, 'eq_ref');
    assert.equal(sq.key, '<auto_distinct_key>');
    const range = parsePlanText(fixture('recorded/mysql-tree/mysqlserver-explain_tree-18.txt'));
    assert.equal(find(range, byTable('i')).accessType, 'range');
  });
});

describe('JSON values', () => {
  it('MySQL v1: costs, rows, union members', () => {
    const plan = parsePlanText(fixture('recorded/mysql-json/mysqlserver-explain_json_none-3.txt'));
    assert.equal(plan.format, 'mysql-json');
    const union = find(plan, (n) => n.op === 'union');
    assert.equal(union.table, '<union1,2,3>');
    assert.equal(union.children.length, 3);
    const t1 = find(plan, byTable('t1'));
    assert.equal(t1.rowsEstimated, 7);
    assert.equal(t1.cost, 1.2);
    assert.equal(t1.filtered, 100);
    assert.equal(t1.details?.['cost_info.prefix_cost'], '1.20');
  });

  it('MySQL v1: materialized view and window', () => {
    const plan = parsePlanText(fixture('recorded/mysql-json/mysqlserver-window_functions_explain-4.txt'));
    const v = find(plan, byTable('v'));
    const mat = v.children[0];
    assert.equal(mat.op, 'materialize');
    assert.equal(find(mat, byTable('t')).accessType, 'ALL');
    assert.ok(find(plan, (n) => n.op === 'window'));
  });

  it('MySQL v1 in a box table keeps key parts and condition', () => {
    const plan = parsePlanText(fixture('recorded/mysql-json/refman9x-explain-3.txt'));
    const c = find(plan, byTable('country'));
    assert.equal(c.accessType, 'range');
    assert.deepEqual(c.usedKeyParts, ['Code']);
    assert.equal(c.keyLen, '12');
    assert.equal(c.condition, "(`world`.`country`.`Code` like 'A%')");
    assert.equal(plan.root.cost, 3.67);
  });

  it('MySQL v2: actual rows, loops, time = last x loops, alias', () => {
    const plan = parsePlanText(fixture('recorded/mysql-json2/myflames-explain-042.txt'));
    assert.equal(plan.format, 'mysql-json2');
    const o = find(plan, (n) => n.alias === 'o');
    assert.equal(o.table, 'orders');
    assert.equal(o.key, 'idx_user');
    assert.equal(o.loops, 6);
    assert.equal(o.rowsActual, 3.5);
    assert.ok(Math.abs((o.timeMs ?? 0) - 0.0021811666666666668 * 6) < 1e-12);
    assert.ok(plan.root.details?.query?.startsWith('/* select#1 */'));
    const doc = parsePlanText(fixture('recorded/mysql-json2/refman9x-explain-1.txt'));
    assert.equal(doc.root.op, 'Filter');
    assert.equal(doc.root.children[0].accessType, 'range');
  });

  it('MariaDB ANALYZE JSON: r_* fields, join buffer, filesort chain', () => {
    const bnl = parsePlanText(fixture('recorded/mariadb-analyze-json/mariadb-analyze_format_json-4.txt'));
    const tbl2 = find(bnl, byTable('tbl2'));
    assert.ok(tbl2.extra.includes('Using join buffer (flat, BNL)'));
    assert.equal(tbl2.filteredActual, 60);
    assert.equal(tbl2.details?.['join.attached_condition'], 'tbl1.c > tbl2.c');
    assert.equal(tbl2.timeMs, undefined);
    const q03 = parsePlanText(fixture('mariadb-sandbox/q03-join.analyze.json'));
    assert.equal(q03.root.op, 'select');
    assert.equal(q03.root.children[0].op, 'filesort');
    assert.equal(q03.root.children[0].children[0].op, 'temporary table');
    const r = find(q03, byTable('r'));
    assert.equal(r.loops, 44);
    assert.equal(r.rowsActual, 50);
    assert.ok(Math.abs((r.timeMs ?? 0) - (3.141468196 + 0.093091744)) < 1e-9);
    assert.equal(r.details?.['r_engine_stats.pages_accessed'], '4489');
    assert.equal(q03.root.details?.['query_optimization.r_total_time_ms'], '0.171087258');
  });

  it('MariaDB JSON: masked cost absent, subqueries and materialized', () => {
    const plan = parsePlanText(fixture('recorded/mariadb-json/mariadb-explain_json-1.txt'));
    assert.equal(find(plan, byTable('t0')).cost, undefined);
    const dep = parsePlanText(fixture('mariadb-sandbox/q10-dependent-subquery.analyze.json'));
    const sub = find(dep, (n) => n.op === 'subquery');
    assert.equal(sub.selectId, 2);
    assert.equal(sub.details?.['expression_cache.state'], 'disabled');
    assert.equal(find(sub, byTable('i')).loops, 210);
    const semi = parsePlanText(fixture('mariadb-sandbox/q07-subquery-in.analyze.json'));
    const mat = find(semi, byTable('<subquery2>')).children[0];
    assert.equal(mat.op, 'materialize');
    find(mat, byTable('fa'));
  });
});
