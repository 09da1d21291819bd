// Parse a ~1 MB EXPLAIN FORMAT=JSON: built from a real MariaDB plan of the sandbox (the
// four-table join of q03), repeated as derived tables and subqueries until it weighs 1 MB.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parsePlanText } from '../../src/core/plan/index';
import { below, median } from './stats';

const FIXTURE = 'test/fixtures/plan/mariadb-sandbox/q03-join.explain.json';
const TARGET_BYTES = 1024 * 1024;

type Json = Record<string, unknown>;

/** One copy of the fixture's query block, with table names made unique, optionally wrapping an inner block as a derived table. */
function block(base: Json, id: number, inner?: Json): Json {
  const copy = JSON.parse(JSON.stringify(base).replace(/"table_name": ?"(\w+)"/g, `"table_name":"$1_${id}"`)) as Json;
  copy.select_id = id;
  if (inner) {
    const loop = ((copy.filesort as Json).temporary_table as Json).nested_loop as Json[];
    loop.push({ table: { table_name: `<derived${id + 1}>`, access_type: 'ALL', rows: 1000, filtered: 100, materialized: { query_block: inner } } });
  }
  return copy;
}

/** A MariaDB JSON plan, pretty-printed as the server prints it, grown until `enough(text)`. */
export function growPlanJson(enough: (text: string) => boolean): string {
  const base = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { query_block: Json }).query_block;
  const subqueries: Json[] = [];
  let id = 2;
  const top = { query_block: { ...block(base, 1), subqueries } };
  let text = '';
  while (!enough((text = JSON.stringify(top, null, 2)))) {
    // Each subquery is three blocks deep: a derived table inside a derived table.
    const inner = block(base, id + 2);
    const middle = block(base, id + 1, inner);
    subqueries.push({ query_block: block(base, id, middle) });
    id += 3;
  }
  return text;
}

export const bigPlanJson = (): string => growPlanJson((t) => t.length >= TARGET_BYTES);

export function countNodes(text: string): number {
  const stack = [parsePlanText(text).root];
  let n = 0;
  while (stack.length) {
    const node = stack.pop()!;
    n++;
    stack.push(...node.children);
  }
  return n;
}

export function benchPlanJson(reps: number) {
  const text = bigPlanJson();
  for (let i = 0; i < 3; i++) parsePlanText(text); // warm the JIT, as a long-running extension host is
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    parsePlanText(text);
    times.push(performance.now() - t0);
  }
  const kb = Math.round(text.length / 1024);
  return [
    below('parse a 1 MB EXPLAIN JSON (parsePlanText)', median(times), 'ms', 50, {
      note: `${kb} KB, ${countNodes(text)} plan nodes, median of ${reps}, after 3 warm-up parses`,
    }),
  ];
}
