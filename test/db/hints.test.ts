// The hint engine against the real sandbox: the schema loader, and rules confirmed or
// withdrawn by real schema facts and real plans. sakila is only read; scratch tables live in
// a database of our own (mqt_hints_test), dropped at the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { analyzeHints, loadSchema, type SchemaInfo } from '../../src/core/hints';
import { parsePlanJson, type Plan } from '../../src/core/plan';
import { runHintsCommand } from '../../src/cli/hints';
import { sandboxUrl } from '../../src/sandbox';
import { connect, sandbox, type SandboxInfo } from './helpers';

const SCRATCH = 'mqt_hints_test';
let info: SandboxInfo;
let conn: Connection;
let schema: SchemaInfo;

before(async () => {
  info = await sandbox();
  conn = await connect(info);
  schema = await loadSchema(conn, info.database);
});

after(async () => {
  await conn?.query(`DROP DATABASE IF EXISTS ${SCRATCH}`).catch(() => undefined);
  await conn?.end();
});

async function explain(sql: string, c: Connection = conn): Promise<Plan> {
  const [rows] = await c.query<RowDataPacket[]>(`EXPLAIN FORMAT=JSON ${sql}`);
  return parsePlanJson(JSON.parse(String(Object.values(rows[0])[0])));
}

test('loadSchema reads sakila: columns with types, nullability, collation; ordered index columns; uniqueness', () => {
  const rental = schema.tables.rental;
  assert.ok(rental, 'rental table');
  assert.ok((rental.rows ?? 0) > 1000);
  assert.equal(rental.columns.rental_date.dataType, 'datetime');
  assert.equal(rental.columns.rental_date.nullable, false);
  assert.equal(rental.columns.return_date.nullable, true);
  const fk = rental.indexes.find((i) => i.name === 'idx_fk_customer_id');
  assert.deepEqual(
    fk?.columns.map((c) => c.name),
    ['customer_id'],
  );
  assert.equal(fk?.unique, false);
  const rd = rental.indexes.find((i) => i.name === 'rental_date');
  assert.deepEqual(
    rd?.columns.map((c) => c.name),
    ['rental_date', 'inventory_id', 'customer_id'],
  );
  assert.equal(rd?.unique, true);
  assert.ok(rental.indexes.find((i) => i.primary)?.unique);
  const email = schema.tables.customer.columns.email;
  assert.equal(email.dataType, 'varchar');
  assert.match(email.collation ?? '', /_ci$/);
  assert.equal(schema.tables.film_text.indexes.find((i) => i.name === 'idx_title_description')?.type, 'FULLTEXT');
});

test('missing-index never proposes an index sakila already has (rental.idx_fk_customer_id)', async () => {
  const sql = 'SELECT rental_id, rental_date FROM rental WHERE customer_id = 5';
  const plan = await explain(sql);
  assert.deepEqual(
    analyzeHints({ sql, schema, plan, dialect: 'mariadb' }).filter((h) => h.rule === 'missing-index'),
    [],
  );
  assert.deepEqual(
    analyzeHints({ sql, schema, dialect: 'mariadb' }).filter((h) => h.rule === 'missing-index'),
    [],
  );
});

test('missing-index proposes one where the plan scans and the schema has none', async () => {
  const sql = 'SELECT payment_id FROM payment WHERE amount = 11.99 AND staff_id = 1';
  const plan = await explain(sql);
  const found = analyzeHints({ sql, schema, plan, dialect: 'mariadb' }).filter((h) => h.rule === 'missing-index');
  // staff_id has an index, so the plan uses it; amount is the equality it leaves unused.
  assert.equal(found.length, 1, JSON.stringify(plan.root));
  assert.match(found[0].ddl ?? '', /^CREATE INDEX \S+ ON payment \((amount, staff_id|staff_id, amount)\);$/);
  assert.ok(found[0].evidence?.some((e) => /payment/.test(e)));
});

test('implicit-conversion on a real string column, confirmed by the plan', async () => {
  const bad = 'SELECT customer_id FROM customer WHERE last_name = 123';
  const hit = analyzeHints({ sql: bad, schema, plan: await explain(bad), dialect: 'mariadb' }).filter((h) => h.rule === 'implicit-conversion');
  assert.equal(hit.length, 1);
  assert.equal(hit[0].severity, 'warning');
  assert.equal(bad.slice(hit[0].range.start, hit[0].range.end), 'last_name = 123');
  assert.ok(
    hit[0].evidence?.some((e) => /type=(ALL|index)\b/.test(e)),
    'the plan reads the whole table or index: no lookup',
  );
  assert.equal(hit[0].edit?.text, "last_name = '123'");
  const good = "SELECT customer_id FROM customer WHERE last_name = '123'";
  const plan = await explain(good);
  assert.ok(JSON.stringify(plan.root).includes('idx_last_name'), 'the fixed query uses the index');
  assert.deepEqual(
    analyzeHints({ sql: good, schema, plan, dialect: 'mariadb' }).filter((h) => h.rule === 'implicit-conversion'),
    [],
  );
});

test('duplicate-index finds a redundant index in a scratch database', async () => {
  await conn.query(`DROP DATABASE IF EXISTS ${SCRATCH}`);
  await conn.query(`CREATE DATABASE ${SCRATCH}`);
  await conn.query(`CREATE TABLE ${SCRATCH}.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, created DATETIME NOT NULL,
    KEY idx_customer (customer_id), KEY idx_customer_created (customer_id, created), UNIQUE KEY uq_id_customer (id, customer_id))`);
  const scratch = await loadSchema(conn, SCRATCH);
  const sql = 'SELECT id FROM orders WHERE customer_id = 7 ORDER BY created';
  const found = analyzeHints({ sql, schema: scratch }).filter((h) => h.rule === 'duplicate-index');
  assert.deepEqual(
    found.map((h) => h.ddl),
    ['ALTER TABLE orders DROP INDEX idx_customer;'],
  );
  assert.equal(sql.slice(found[0].range.start, found[0].range.end), 'orders');
  // sakila itself has none.
  assert.deepEqual(
    analyzeHints({ sql: 'SELECT * FROM rental JOIN payment USING (rental_id) JOIN inventory USING (inventory_id)', schema }).filter(
      (h) => h.rule === 'duplicate-index',
    ),
    [],
  );
  await conn.query(`DROP DATABASE ${SCRATCH}`);
});

test('mqt hints --url uses the schema and plans as evidence (json output)', async () => {
  const chunks: string[] = [];
  await runHintsCommand(
    [
      '--sql',
      'SELECT payment_id FROM payment WHERE amount >= 4.99;\nSELECT rental_id FROM rental WHERE customer_id = 5;',
      '--url',
      sandboxUrl(info),
      '--format',
      'json',
    ],
    (t) => chunks.push(t),
  );
  const out = JSON.parse(chunks.join('')) as Array<{ rule: string; severity: string; message: string; range: { start: number; end: number }; fix?: string }>;
  const rules = out.map((h) => h.rule);
  assert.ok(rules.includes('full-scan'), rules.join());
  assert.ok(rules.includes('missing-index'));
  assert.equal(out.filter((h) => h.rule === 'missing-index').length, 1, 'none for the rental query: its index exists');
  for (const h of out)
    assert.deepEqual(
      Object.keys(h).filter((k) => !['rule', 'severity', 'message', 'range', 'fix'].includes(k)),
      [],
    );
});
