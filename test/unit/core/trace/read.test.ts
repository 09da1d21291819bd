import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTrace, parseTraceText, type Trace } from '../../../../src/core/trace';
import { unquote } from '../../../../src/core/trace/values';
import { statementLines } from '../../../../src/core/trace/view';
import { renderTraceText } from '../../../../src/core/trace/render';
import { fixture, traceFixtures, SAKILA } from './fixtures';

/** Every table name the trace itself mentions under a "table" key (outside internal temporary names). */
function namedTables(json: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'tmp_table_info' || k === 'creating_tmp_table') continue;
        if (k === 'table' && typeof x === 'string' && !x.startsWith('<') && !/^`?<|^\$/.test(x)) out.add(unquote(x));
        walk(x);
      }
    }
  };
  walk(json);
  return out;
}

const oneChosen = (t: Trace) => {
  for (const tb of t.tables) {
    const n = tb.alternatives.filter((a) => a.chosen).length;
    assert.ok(n <= 1, `${tb.name}: ${n} chosen alternatives`);
    if (tb.chosen) assert.equal(n, 1, `${tb.name}: a choice but no chosen alternative`);
  }
};

describe('optimizer trace: every recorded trace', () => {
  const all = traceFixtures();
  it('has fixtures from both servers', () => {
    assert.ok(all.filter((f) => f.name.startsWith('mariadb-')).length >= 14);
    assert.ok(all.filter((f) => f.name.startsWith('mysql/')).length >= 20);
  });
  for (const f of all) {
    it(`${f.name} reads with every table it names`, () => {
      const t = readTrace(f.text);
      const json = parseTraceText(f.text).json;
      const names = namedTables(json);
      const got = new Set(t.tables.flatMap((x) => [x.name, x.alias ?? x.name]));
      for (const n of names) assert.ok(got.has(n), `${f.name}: table ${n} missing (got ${[...got].join(', ')})`);
      oneChosen(t);
      for (const tb of t.tables) for (const a of tb.alternatives) assert.ok(a.why.length > 3, `${tb.name}/${a.index}: no why`);
      assert.equal(t.source, 'optimizer_trace');
      assert.deepEqual(JSON.parse(JSON.stringify(t)), t, 'the model is plain JSON');
    });
  }
});

describe('optimizer trace: text forms', () => {
  const text = fixture('mysql/mysqlserver-opttrace-range_no_prot-1.txt');
  const base = readTrace(text);
  it('reads end markers, and the same trace without them, and on one line', () => {
    const bare = text.replace(/\/\*\s*[a-z_#]+\s*\*\//g, '');
    const one = JSON.stringify(parseTraceText(text).json);
    assert.deepEqual(readTrace(bare), base);
    assert.deepEqual(readTrace(one), base);
    assert.equal(base.tables[0].table, 't1');
    assert.equal(base.flavor, 'mysql');
  });
  it('reads a \\G row of information_schema.OPTIMIZER_TRACE and a --batch row', () => {
    const json = JSON.stringify(parseTraceText(text).json, null, 2);
    const g = `*************************** 1. row ***************************\n                            QUERY: EXPLAIN SELECT 1\n                            TRACE: ${json}\nMISSING_BYTES_BEYOND_MAX_MEM_SIZE: 0\n          INSUFFICIENT_PRIVILEGES: 0\n`;
    assert.deepEqual(readTrace(g).tables, base.tables);
    const batch = `EXPLAIN SELECT 1\t${json.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\t0\t0\n`;
    assert.deepEqual(readTrace(batch).tables, base.tables);
  });
  it('reads MariaDB \\0 escapes in range strings and shows the bounds cleanly', () => {
    const t = readTrace(fixture('mariadb-join-four.txt'));
    const c = t.tables.find((x) => x.name === 'c')!;
    const r = c.alternatives.find((a) => a.access === 'range' && a.index === 'idx_last_name')!;
    assert.deepEqual(r.ranges, ['(SMITH1) <= (last_name) <= (SMITH1…)']);
  });
  it('reports a trace cut by optimizer_trace_max_mem_size, with the bytes missing', () => {
    const t = readTrace(fixture('mariadb-truncated.txt'));
    assert.equal(t.truncated, true);
    assert.equal(t.missingBytes, 29338);
    assert.match(t.notes[0], /cut \(29338 bytes/);
    assert.ok(t.tables.some((x) => x.name === 'c'));
  });
  it('marks a cut document as truncated even without the byte count', () => {
    const full = fixture('mariadb-semijoin.txt').replace(/^#.*$/gm, '');
    const t = readTrace(full.slice(0, Math.floor(full.length * 0.6)));
    assert.equal(t.truncated, true);
  });
});

describe('optimizer trace: why', () => {
  const why = (file: string, table: string) => readTrace(fixture(file), { schema: SAKILA }).tables.find((t) => t.name === table)!;
  it('a leading wildcard: idx_title considered but not usable', () => {
    const t = why('mariadb-leading-wildcard.txt', 'film');
    const a = t.alternatives.find((x) => x.index === 'idx_title')!;
    assert.equal(a.usable, false);
    assert.equal(a.cause, 'leading_wildcard');
    assert.match(a.why, /idx_title was considered but not usable: LIKE with a leading wildcard/);
    assert.match(t.why, /leading wildcard/);
    assert.equal(t.chosen?.access, 'ALL');
  });
  it('a leading wildcard without the schema still reads, and the scan is the choice', () => {
    const t = readTrace(fixture('mariadb-leading-wildcard.txt')).tables[0];
    assert.equal(t.chosen?.access, 'ALL');
    assert.match(t.why, /no index could be used/);
  });
  it('a function on a column', () => {
    const t = why('mariadb-function-on-column.txt', 'rental');
    const a = t.alternatives.find((x) => x.index === 'rental_date')!;
    assert.equal(a.cause, 'function_on_column');
    assert.match(a.why, /a function is applied to the column \(year\(rental\.rental_date\)\)/);
  });
  it('a string column compared with a number', () => {
    const t = why('mariadb-string-vs-number.txt', 'film');
    const a = t.alternatives.find((x) => x.index === 'idx_title' && x.access === 'range')!;
    assert.equal(a.cause, 'type_conversion');
    assert.match(a.why, /comparison between string and number \(film\.title = 42\): title is varchar\(128\)/);
  });
  it('a single-table UPDATE: its range analysis, a step of its own, is read', () => {
    const t = why('mariadb-update-one-table.txt', 'rental');
    assert.deepEqual(t.chosen, { access: 'range', index: 'idx_fk_customer_id', rows: 50, cost: 60.14866189 });
    assert.match(t.why, /the range \(5\) <= \(customer_id\) <= \(5\) on idx_fk_customer_id reads 50 rows/);
    assert.match(t.alternatives.find((x) => x.access === 'ALL')!.why, /costs more than the range on idx_fk_customer_id/);
  });
  it('two competing indexes with their costs', () => {
    const t = why('mariadb-competing-indexes.txt', 'rental');
    const inv = t.alternatives.find((x) => x.access === 'range' && x.index === 'idx_fk_inventory_id')!;
    const cust = t.alternatives.find((x) => x.access === 'range' && x.index === 'idx_fk_customer_id')!;
    assert.equal(inv.rows, 3980);
    assert.ok(inv.cost! > 4000 && cust.cost! < 100);
    assert.deepEqual(t.chosen, { access: 'ref', index: 'idx_fk_customer_id', rows: 50, cost: 50.12866189 });
    assert.equal(t.alternatives.find((x) => x.chosen)?.access, 'ref');
    assert.match(t.alternatives.find((x) => x.access === 'ALL')!.why, /costs more than the ref on idx_fk_customer_id/);
  });
  it('a range that loses to the table scan says by how much', () => {
    const t = why('mariadb-range-vs-scan.txt', 'rental');
    const r = t.alternatives.find((x) => x.access === 'range' && x.index === 'idx_fk_customer_id')!;
    assert.match(r.why, /^costs 2\.9× the table scan \(50% of rows match\)/);
    assert.equal(t.alternatives.find((x) => x.chosen)?.access, 'ALL');
  });
  it('a join order: orders costed, pruned, chosen, cost', () => {
    const t = readTrace(fixture('mariadb-join-four.txt'));
    assert.deepEqual(t.joinOrder?.chosen, ['c', 'r', 'i', 'f']);
    assert.equal(t.joinOrder?.considered, 17);
    assert.equal(t.joinOrder?.pruned, 11);
    assert.ok(t.joinOrder!.cost! > 0);
    assert.deepEqual(
      t.tables.map((x) => [x.table, x.alias]),
      [
        ['customer', 'c'],
        ['rental', 'r'],
        ['inventory', 'i'],
        ['film', 'f'],
      ],
    );
    assert.equal(t.tables.find((x) => x.name === 'i')?.chosen?.access, 'eq_ref');
    assert.match(t.joinOrder!.why, /chosen c → r → i → f/);
  });
  it('a semijoin and its strategy', () => {
    const t = readTrace(fixture('mariadb-semijoin.txt'));
    const sj = t.subqueries.find((q) => q.to === 'semijoin')!;
    assert.equal(sj.chosen, true);
    assert.equal(sj.strategies.find((s) => s.chosen)?.strategy, 'SJ-Materialization');
    assert.match(sj.why, /SJ-Materialization 412 \(chosen\)/);
    const my = readTrace(fixture('mysql/mysqlserver-opttrace-bugs_no_prot_all-1.txt'));
    assert.equal(my.subqueries.find((q) => q.strategies.length)?.strategies.find((s) => s.chosen)?.strategy, 'FirstMatch');
  });
  it('ORDER BY … LIMIT: the index order is taken', () => {
    const t = readTrace(fixture('mariadb-order-by-limit.txt'));
    assert.equal(t.orderBy[0].usesIndex, true);
    assert.equal(t.orderBy[0].index, 'rental_date');
    assert.deepEqual(t.tables[0].chosen, { access: 'index', index: 'rental_date', rows: null, cost: null });
    const my = readTrace(fixture('mysql/mysqlserver-opttrace-range_no_prot-8.txt'));
    assert.deepEqual(my.tables[0].chosen, { access: 'range', index: 'k2', rows: null, cost: null });
    assert.match(my.tables[0].alternatives.find((a) => a.chosen)!.why, /a range on k2, which gives the rows in order/);
    const f = readTrace(fixture('mariadb-filesort-kept.txt'));
    assert.equal(f.orderBy[0].usesIndex, false);
    assert.match(f.orderBy[0].why, /filesort/);
  });
  it('condition rewrites: equality and constant propagation', () => {
    const t = readTrace(fixture('mariadb-constant-propagation.txt'));
    const w = t.rewrites.find((r) => r.condition === 'WHERE')!;
    assert.equal(w.changed, true);
    assert.match(w.why, /equality propagation gives/);
    assert.equal(t.tables.find((x) => x.name === 'r')?.chosen?.access, 'const');
  });
  it('a condition that is never true is said to be removed as a constant, not "gives" nothing', () => {
    const t = readTrace(fixture('mariadb-impossible-where.txt'));
    assert.deepEqual(statementLines(t), ['Rewrite: WHERE: trivial condition removal removes it (a constant condition).']);
  });
  it('a trace with no plan decision says so (no empty section)', () => {
    const t = readTrace(fixture('mariadb-delete-all.txt'));
    assert.equal(t.tables.length, 0);
    assert.deepEqual(statementLines(t), ['Nothing to choose: the trace records no plan decision for this statement.']);
    assert.match(renderTraceText({ trace: t }), /^Why this plan \(optimizer trace\):\n {2}Nothing to choose/);
  });
});
