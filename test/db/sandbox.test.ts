import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { SAKILA_ROWS, sandboxStatus, sandboxUrl, startSandbox, stopSandbox, type SandboxInfo } from '../../src/sandbox/index';
import { findProjectRoot, sandboxPaths } from '../../src/sandbox/paths';
import { freePort } from '../support/freePort';
import { connect, sandbox } from './helpers';

// The SELECTs of shared/corpus/mariadb-sandbox/q01-q10, and the two DML ones (only EXPLAINed here).
const CORPUS_SELECTS: Record<string, string> = {
  q01: "SELECT rental_id, rental_date, inventory_id, customer_id FROM rental WHERE rental_date BETWEEN '2005-06-01 00:00:00' AND '2005-06-03 00:00:00'",
  q02: 'SELECT COUNT(*) AS n, SUM(amount) AS total FROM payment WHERE amount >= 4.99',
  q03: "SELECT c.first_name, c.last_name, f.title, r.rental_date FROM customer c JOIN rental r ON r.customer_id = c.customer_id JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id WHERE c.last_name LIKE 'SMITH1%' ORDER BY r.rental_date DESC LIMIT 20",
  q04: 'SELECT c.customer_id, c.last_name, SUM(p.amount) AS total, COUNT(*) AS n FROM payment p JOIN customer c ON c.customer_id = p.customer_id GROUP BY c.customer_id, c.last_name ORDER BY total DESC LIMIT 10',
  q05: 'SELECT film_id, title FROM film ORDER BY RAND() LIMIT 5',
  q06: "SELECT customer_id, email FROM customer WHERE email LIKE '%99@sakilacustomer.org'",
  q07: "SELECT f.film_id, f.title FROM film f WHERE f.film_id IN (SELECT fa.film_id FROM film_actor fa WHERE fa.actor_id IN (SELECT a.actor_id FROM actor a WHERE a.last_name = 'CAGE')) ORDER BY f.film_id LIMIT 20",
  q08: 'SELECT t.customer_id, t.cnt FROM (SELECT customer_id, COUNT(*) AS cnt FROM rental GROUP BY customer_id) AS t WHERE t.cnt >= 50 ORDER BY t.cnt DESC, t.customer_id LIMIT 10',
  q09: "SELECT first_name, last_name, 'actor' AS kind FROM actor WHERE last_name LIKE 'CAGE%' UNION SELECT first_name, last_name, 'customer' AS kind FROM customer WHERE last_name LIKE 'CLARK1%'",
  q10: "SELECT f.film_id, f.title, (SELECT COUNT(*) FROM inventory i WHERE i.film_id = f.film_id) AS copies FROM film f WHERE f.rating = 'G' ORDER BY copies DESC, f.film_id LIMIT 10",
  // What q11 and q12 would touch, as SELECTs: the recording updated 29 rows and deleted 91.
  q11: "SELECT rental_id FROM rental WHERE return_date IS NULL AND rental_date < '2005-09-01 00:00:00'",
  q12: "SELECT payment_id FROM payment WHERE payment_date < '2005-07-01 00:00:00' AND amount < 1.00",
};
const CORPUS_DML = [
  "UPDATE rental SET return_date = rental_date + INTERVAL 3 DAY WHERE return_date IS NULL AND rental_date < '2005-09-01 00:00:00'",
  "DELETE FROM payment WHERE payment_date < '2005-07-01 00:00:00' AND amount < 1.00",
];

const FOREIGN_KEYS = [
  'fk_address_city',
  'fk_city_country',
  'fk_customer_address',
  'fk_customer_store',
  'fk_film_actor_actor',
  'fk_film_actor_film',
  'fk_film_category_category',
  'fk_film_category_film',
  'fk_film_language',
  'fk_film_language_original',
  'fk_inventory_film',
  'fk_inventory_store',
  'fk_payment_customer',
  'fk_payment_rental',
  'fk_payment_staff',
  'fk_rental_customer',
  'fk_rental_inventory',
  'fk_rental_staff',
  'fk_staff_address',
  'fk_staff_store',
  'fk_store_address',
  'fk_store_staff',
];
const INDEXES: [string, string][] = [
  ['actor', 'idx_actor_last_name'],
  ['film', 'idx_title'],
  ['film', 'idx_fk_language_id'],
  ['film_actor', 'idx_fk_film_id'],
  ['customer', 'idx_last_name'],
  ['customer', 'idx_fk_store_id'],
  ['customer', 'idx_fk_address_id'],
  ['payment', 'idx_fk_customer_id'],
  ['payment', 'idx_fk_staff_id'],
  ['payment', 'fk_payment_rental'],
  ['rental', 'rental_date'],
  ['rental', 'idx_fk_inventory_id'],
  ['rental', 'idx_fk_customer_id'],
  ['rental', 'idx_fk_staff_id'],
  ['inventory', 'idx_fk_film_id'],
  ['inventory', 'idx_store_id_film_id'],
  ['address', 'idx_fk_city_id'],
  ['city', 'idx_fk_country_id'],
  ['staff', 'idx_fk_store_id'],
  ['store', 'idx_unique_manager'],
  ['film_category', 'fk_film_category_category'],
  ['film_text', 'idx_title_description'],
];

async function rows(conn: Connection, sql: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [result] = await conn.query<RowDataPacket[]>(sql, params);
  return result;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

void describe('sandbox', () => {
  let info: SandboxInfo;
  let conn: Connection;

  before(async () => {
    info = await sandbox();
    conn = await connect(info);
  });
  after(async () => {
    await conn?.end();
  });

  void it('starts and describes itself', () => {
    assert.equal(info.host, '127.0.0.1');
    assert.notEqual(info.port, 3306);
    assert.equal(info.database, 'sakila');
    assert.match(info.version ?? '', /MariaDB/);
    assert.equal(info.url, sandboxUrl(info));
    assert.ok(info.pid && info.pid > 0);
    assert.ok(info.password.length >= 16 && info.readonlyPassword !== info.password);
  });

  void it('reuses the running server on a second start', async () => {
    const t0 = Date.now();
    const again = await startSandbox({ dir: info.dir, port: info.port });
    assert.equal(again.pid, info.pid);
    assert.equal(again.password, info.password);
    assert.ok(Date.now() - t0 < 2000, `warm start took ${Date.now() - t0} ms`);
  });

  void it('reports running in status()', async () => {
    const st = await sandboxStatus({ dir: info.dir, port: info.port });
    assert.equal(st.running, true);
    assert.equal(st.info?.port, info.port);
    assert.equal(st.info?.user, info.user);
  });

  void it('keeps credentials.json private', () => {
    assert.equal(statSync(path.join(info.dir, 'credentials.json')).mode & 0o777, 0o600);
  });

  void it('has the sample row counts', async () => {
    for (const [table, n] of Object.entries(SAKILA_ROWS)) {
      const [row] = await rows(conn, `SELECT COUNT(*) AS n FROM ${table}`);
      assert.equal(Number(row?.n), n, table);
    }
  });

  void it('has the foreign keys', async () => {
    const found = await rows(conn, "SELECT CONSTRAINT_NAME AS name FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'sakila'");
    assert.deepEqual(found.map((r) => String(r.name)).sort(), [...FOREIGN_KEYS].sort());
  });

  void it('has the sakila indexes', async () => {
    const found = new Set(
      (await rows(conn, "SELECT CONCAT(TABLE_NAME, '.', INDEX_NAME) AS k FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'sakila'")).map((r) =>
        String(r.k),
      ),
    );
    for (const [table, index] of INDEXES) assert.ok(found.has(`${table}.${index}`), `${table}.${index}`);
  });

  void it('has MyISAM film_text kept in sync by the film triggers', async () => {
    const [t] = await rows(conn, "SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila' AND TABLE_NAME = 'film_text'");
    assert.equal(t?.engine, 'MyISAM');
    const triggers = await rows(conn, "SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'sakila' ORDER BY 1");
    assert.deepEqual(
      triggers.map((r) => r.name),
      ['del_film', 'ins_film', 'upd_film'],
    );
    const [diff] = await rows(conn, 'SELECT COUNT(*) AS n FROM film f JOIN film_text t USING (film_id) WHERE f.title = t.title');
    assert.equal(Number(diff?.n), 1000);
  });

  void it('answers the doc examples with rows', async () => {
    assert.ok((await rows(conn, "SELECT film_id FROM film WHERE title LIKE '%LOVE%'")).length > 0);
    assert.ok((await rows(conn, "SELECT customer_id FROM customer WHERE last_name LIKE 'SMITH1%'")).length > 0);
  });

  void describe('corpus queries return rows', () => {
    for (const [name, sql] of Object.entries(CORPUS_SELECTS)) {
      void it(name, async () => {
        assert.ok((await rows(conn, sql)).length > 0, sql);
      });
    }
    void it('DML explains', async () => {
      for (const sql of CORPUS_DML) assert.ok((await rows(conn, `EXPLAIN ${sql}`)).length > 0, sql);
    });
  });

  void it('gives mqt RELOAD and PROCESS', async () => {
    const grants = (await rows(conn, 'SHOW GRANTS')).map((r) => String(Object.values(r)[0]));
    assert.ok(
      grants.some((g) => /GRANT ALL PRIVILEGES ON \*\.\*/.test(g)),
      grants.join('\n'),
    );
    await conn.query('FLUSH STATUS');
  });

  void it('keeps mqt_ro read-only', async () => {
    const ro = await connect(info, { readonly: true });
    try {
      assert.ok((await rows(ro, 'SELECT COUNT(*) AS n FROM film')).length === 1);
      await assert.rejects(ro.query('FLUSH STATUS'), { code: 'ER_SPECIFIC_ACCESS_DENIED_ERROR' });
      await assert.rejects(ro.query("UPDATE film SET title = 'X' WHERE film_id = 1"), { errno: 1142 });
    } finally {
      await ro.end();
    }
  });
});

void describe('sandbox paths', () => {
  void it('moves a too-long socket path to the temp dir', () => {
    const long = sandboxPaths(path.join(os.tmpdir(), 'x'.repeat(120)));
    assert.ok(Buffer.byteLength(long.socket) <= 100);
    assert.equal(path.dirname(path.dirname(long.socket)), os.tmpdir(), 'in a private folder of the temp dir');
    assert.equal(sandboxPaths('/tmp/s').socket, '/tmp/s/mariadbd.sock');
  });

  void it('finds the project root from src/ and dist/', () => {
    const root = path.resolve(__dirname, '../..');
    assert.equal(findProjectRoot(path.join(root, 'src', 'sandbox')), root);
    assert.equal(findProjectRoot(path.join(root, 'dist')), root);
    assert.equal(findProjectRoot(os.tmpdir()), undefined);
  });

  void it('URL-encodes the password', () => {
    const url = sandboxUrl({
      host: '127.0.0.1',
      port: 3407,
      user: 'mqt',
      password: 'a@b/c:d',
      database: 'sakila',
      url: '',
      dir: '/x',
      readonlyUser: 'r',
      readonlyPassword: 'p',
    });
    assert.equal(url, 'mysql://mqt:a%40b%2Fc%3Ad@127.0.0.1:3407/sakila');
  });
});

// A private dir and port, so the shared sandbox other tests use stays up.
void describe('sandbox lifecycle (own dir and port)', () => {
  let dir: string;
  let port: number;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-sbx-'));
    port = await freePort();
  });
  after(async () => {
    await stopSandbox({ dir }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  void it('initialises once under concurrent starts, stops, and restarts', async () => {
    const [a, b] = await Promise.all([startSandbox({ dir, port }), startSandbox({ dir, port })]);
    assert.equal(a.pid, b.pid);
    assert.equal(a.password, b.password);
    assert.equal(a.port, port);

    assert.equal(await stopSandbox({ dir }), true);
    assert.equal((await sandboxStatus({ dir })).running, false);
    assert.equal(await stopSandbox({ dir }), false);

    // A lock left by a dead process must not block the next start.
    let deadPid = 4_000_000;
    while (isAlive(deadPid)) deadPid++;
    writeFileSync(sandboxPaths(dir).lock, String(deadPid));
    const t0 = Date.now();
    const c = await startSandbox({ dir, port });
    assert.ok(Date.now() - t0 < 10_000);
    assert.notEqual(c.pid, a.pid);
    assert.equal(c.password, a.password);
    const conn = await connect(c);
    try {
      const [row] = await rows(conn, 'SELECT COUNT(*) AS n FROM rental');
      assert.equal(Number(row?.n), SAKILA_ROWS.rental);
    } finally {
      await conn.end();
    }
    assert.equal(await stopSandbox({ dir }), true);
  });
});
