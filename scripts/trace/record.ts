// `node --import tsx scripts/trace/record.ts`: records the MariaDB optimizer traces in
// test/fixtures/trace/ on the sandbox (MQT_SANDBOX_PORT), one file per construct, each with a
// header saying how it was recorded. Traces are taken around EXPLAIN only, as the capture does.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { startSandbox, sandboxUrl } from '../../src/sandbox/index';

export const CONSTRUCTS: Array<{ name: string; what: string; sql: string }> = [
  { name: 'leading-wildcard', what: 'LIKE with a leading wildcard on an indexed column', sql: "SELECT film_id, title FROM film WHERE title LIKE '%LOVE%'" },
  { name: 'function-on-column', what: 'a function applied to an indexed column', sql: 'SELECT rental_id FROM rental WHERE YEAR(rental_date) = 2005' },
  { name: 'string-vs-number', what: 'an indexed string column compared with a number', sql: 'SELECT film_id FROM film WHERE title = 42' },
  { name: 'competing-indexes', what: 'two usable indexes with their costs', sql: 'SELECT * FROM rental WHERE customer_id = 42 AND inventory_id < 200' },
  { name: 'range-vs-scan', what: 'a range that loses to the table scan', sql: 'SELECT * FROM rental WHERE customer_id > 100' },
  {
    name: 'join-order',
    what: 'a three-table join order search',
    sql: "SELECT c.last_name, r.rental_date FROM customer c JOIN rental r ON r.customer_id = c.customer_id JOIN inventory i ON i.inventory_id = r.inventory_id WHERE c.last_name LIKE 'SMITH1%'",
  },
  {
    name: 'join-four',
    what: 'a four-table join with ORDER BY and pruned orders',
    sql: "SELECT c.first_name, c.last_name, f.title, r.rental_date FROM customer c JOIN rental r ON r.customer_id = c.customer_id JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id WHERE c.last_name LIKE 'SMITH1%' ORDER BY r.rental_date DESC LIMIT 20",
  },
  {
    name: 'semijoin',
    what: 'IN (subquery) turned into a semijoin',
    sql: 'SELECT f.title FROM film f WHERE f.film_id IN (SELECT i.film_id FROM inventory i WHERE i.store_id = 1)',
  },
  {
    name: 'subquery-dependent',
    what: 'a correlated subquery (no semijoin)',
    sql: 'SELECT a.actor_id, (SELECT COUNT(*) FROM film_actor fa WHERE fa.actor_id = a.actor_id) AS n FROM actor a',
  },
  {
    name: 'order-by-limit',
    what: 'ORDER BY … LIMIT: index order reconsidered',
    sql: 'SELECT * FROM rental WHERE customer_id > 100 ORDER BY rental_date LIMIT 10',
  },
  { name: 'filesort-kept', what: 'ORDER BY on a column without an index: filesort kept', sql: 'SELECT * FROM film ORDER BY length DESC LIMIT 5' },
  {
    name: 'constant-propagation',
    what: 'equality and constant propagation across a join',
    sql: 'SELECT * FROM rental r JOIN payment p ON p.rental_id = r.rental_id WHERE r.rental_id = 7 AND p.rental_id = r.rental_id',
  },
  {
    name: 'group-by',
    what: 'GROUP BY with a temporary table',
    sql: 'SELECT customer_id, COUNT(*) FROM payment GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 10',
  },
  {
    name: 'derived',
    what: 'a derived table',
    sql: 'SELECT t.customer_id FROM (SELECT customer_id, SUM(amount) s FROM payment GROUP BY customer_id) t WHERE t.s > 150',
  },
  {
    name: 'update-one-table',
    what: 'a single-table UPDATE: its range analysis is a step of its own',
    sql: 'UPDATE rental SET return_date = NOW() WHERE customer_id = 5 AND return_date IS NULL',
  },
  { name: 'impossible-where', what: 'a condition that is never true: removed as a constant', sql: 'SELECT * FROM customer WHERE 1 = 0' },
  { name: 'delete-all', what: 'a DELETE of every row: no plan decision traced', sql: 'DELETE FROM payment' },
  {
    name: 'union',
    what: 'a UNION of two selects',
    sql: "SELECT title FROM film WHERE title LIKE 'A%' UNION SELECT last_name FROM actor WHERE last_name LIKE 'A%'",
  },
];

async function main(): Promise<void> {
  const out = path.join(__dirname, '../../test/fixtures/trace');
  const info = await startSandbox({ log: (l) => process.stderr.write(`${l}\n`) });
  const conn = await createConnection({ uri: sandboxUrl(info), multipleStatements: false });
  const [v] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS v');
  const version = String(v[0].v);
  await conn.query('SET SESSION optimizer_trace_max_mem_size = 16777216');
  for (const c of CONSTRUCTS) {
    await conn.query("SET SESSION optimizer_trace = 'enabled=on'");
    await conn.query(`EXPLAIN ${c.sql}`);
    const [rows] = await conn.query<RowDataPacket[]>('SELECT TRACE, MISSING_BYTES_BEYOND_MAX_MEM_SIZE AS missing FROM information_schema.OPTIMIZER_TRACE');
    await conn.query("SET SESSION optimizer_trace = 'enabled=off'");
    const header = [
      `# source: recorded by scripts/trace/record.ts on the project sandbox (${version}, sakila sample data)`,
      `# how: SET optimizer_trace='enabled=on'; EXPLAIN <query>; SELECT TRACE FROM information_schema.OPTIMIZER_TRACE`,
      `# construct: ${c.what}`,
      `# query: EXPLAIN ${c.sql}`,
      `# missing_bytes_beyond_max_mem_size: ${String(rows[0]?.missing ?? 0)}`,
      '',
    ].join('\n');
    writeFileSync(path.join(out, `mariadb-${c.name}.txt`), `${header}\n${String(rows[0]?.TRACE ?? '')}\n`);
    process.stderr.write(`${c.name}: ${String(rows[0]?.TRACE ?? '').length} bytes\n`);
  }
  // A truncated one: the same join with a small memory limit.
  await conn.query('SET SESSION optimizer_trace_max_mem_size = 6000');
  await conn.query("SET SESSION optimizer_trace = 'enabled=on'");
  const join = CONSTRUCTS.find((c) => c.name === 'join-four')!;
  await conn.query(`EXPLAIN ${join.sql}`);
  const [t] = await conn.query<RowDataPacket[]>('SELECT TRACE, MISSING_BYTES_BEYOND_MAX_MEM_SIZE AS missing FROM information_schema.OPTIMIZER_TRACE');
  await conn.query("SET SESSION optimizer_trace = 'enabled=off'");
  writeFileSync(
    path.join(out, 'mariadb-truncated.txt'),
    [
      `# source: recorded by scripts/trace/record.ts on the project sandbox (${version}, sakila sample data)`,
      `# how: SET optimizer_trace_max_mem_size=6000; SET optimizer_trace='enabled=on'; EXPLAIN <query>; SELECT TRACE FROM information_schema.OPTIMIZER_TRACE`,
      '# construct: a trace cut off by optimizer_trace_max_mem_size',
      `# query: EXPLAIN ${join.sql}`,
      `# missing_bytes_beyond_max_mem_size: ${String(t[0]?.missing ?? 0)}`,
      '',
      String(t[0]?.TRACE ?? ''),
      '',
    ].join('\n'),
  );
  await conn.end();
}

if (require.main === module)
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
