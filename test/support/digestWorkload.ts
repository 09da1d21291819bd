// A known statement workload for the slow-log and performance_schema tests: IN lists of many
// lengths, multi-line statements, comments, quoted quotes, several databases. Each entry is one
// class; `runs` lists the statements sent, so the tests know how many calls each class had.
import mysql, { type Connection } from 'mysql2/promise';

export interface WorkloadClass {
  /** A name for messages. */
  name: string;
  /** The statements sent, in order (the first may be a USE, sent apart, see `db`). */
  runs: string[];
  /** The default database the statements run in. */
  db: string;
  /** Parameters: the statements go through the binary protocol (prepared), one list per run. */
  params?: Array<Array<string | number>>;
  /** MariaDB 10.11 keeps no digest for binary-protocol (prepared) executions. */
  noDigestOnMariaDB?: boolean;
  /** A fragment every statement of the class has in performance_schema's DIGEST_TEXT (normalized). */
  digestHas: string;
}

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i * 7).join(', ');

export const SCRATCH_DB = 'digest_wl';

export function workload(): WorkloadClass[] {
  const classes: WorkloadClass[] = [];
  const add = (name: string, db: string, digestHas: string, runs: string[], params?: Array<Array<string | number>>) =>
    classes.push({ name, db, digestHas, runs, ...(params ? { params } : {}) });
  add(
    'in-list',
    'sakila',
    'FROM `film` WHERE `film_id` IN',
    Array.from({ length: 30 }, (_, i) => `SELECT film_id, title FROM film WHERE film_id IN (${ids(i + 1)})`).concat([
      `SELECT film_id, title FROM film WHERE film_id IN (${ids(400)})`,
    ]),
  );
  add(
    'multi-line',
    'sakila',
    'JOIN `rental`',
    Array.from({ length: 8 }, (_, i) =>
      [
        'SELECT c.customer_id,',
        '       COUNT(*) AS rentals',
        '  FROM customer c',
        '  JOIN rental r ON r.customer_id = c.customer_id',
        ` WHERE c.store_id = ${1 + (i % 2)}`,
        '   AND c.active = 1',
        ' GROUP BY c.customer_id',
        ` ORDER BY rentals DESC LIMIT ${5 + i}`,
      ].join('\n'),
    ),
  );
  add(
    'comments',
    'sakila',
    'SELECT `title` , `length` FROM `film`',
    Array.from(
      { length: 6 },
      (_, i) =>
        [
          `/* report:${i} */ SELECT title, length FROM film WHERE length > ${60 + i * 10} ORDER BY length ASC LIMIT 3`,
          `SELECT title, length -- the columns we show\nFROM film WHERE length > ${60 + i * 10} ORDER BY length ASC LIMIT 3`,
        ][i % 2]!,
    ),
  );
  add('quoted-quotes', 'sakila', 'FROM `actor` WHERE `last_name` =', [
    "SELECT actor_id FROM actor WHERE last_name = 'O''BRIEN'",
    "SELECT actor_id FROM actor WHERE last_name = 'O\\'NEIL'",
    'SELECT actor_id FROM actor WHERE last_name = "D""ANGELO"',
    "SELECT actor_id FROM actor WHERE last_name = 'GUINESS'",
    "SELECT actor_id FROM actor WHERE last_name = 'semi;colon -- not a comment'",
  ]);
  add('values-and-nulls', 'sakila', 'FROM `payment` WHERE `amount` >', [
    'SELECT COUNT(*) FROM payment WHERE amount > 1.5 AND rental_id IS NOT NULL AND customer_id <> -3',
    'SELECT COUNT(*) FROM payment WHERE amount > 2.99 AND rental_id IS NOT NULL AND customer_id <> -17',
    'SELECT COUNT(*) FROM payment WHERE amount > 0x1F AND rental_id IS NOT NULL AND customer_id <> 1e3',
  ]);
  add('sleep', 'sakila', 'SELECT `SLEEP`', ['SELECT SLEEP(0.02)', 'SELECT SLEEP(0.05)', 'SELECT SLEEP(0.03)']);
  add('limit-offset', 'sakila', 'FROM `rental` ORDER BY `rental_date`', [
    'SELECT rental_id FROM rental ORDER BY rental_date LIMIT 10, 20',
    'SELECT rental_id FROM rental ORDER BY rental_date LIMIT 5 OFFSET 100',
    'SELECT rental_id FROM rental ORDER BY rental_date LIMIT 7',
  ]);
  add('union', 'sakila', 'UNION', [
    'SELECT name FROM category WHERE category_id = 1 UNION ALL SELECT name FROM category WHERE category_id = 2',
    'SELECT name FROM category WHERE category_id = 3 UNION ALL SELECT name FROM category WHERE category_id = 4',
  ]);
  add(
    'insert-values',
    SCRATCH_DB,
    'INSERT INTO `t1`',
    Array.from(
      { length: 5 },
      (_, i) => `INSERT INTO t1 (id, s) VALUES ${Array.from({ length: i + 1 }, (_, j) => `(${i * 10 + j}, 'row ${i}/${j}')`).join(', ')}`,
    ),
  );
  add('other-db', SCRATCH_DB, 'FROM `t1` WHERE `s` LIKE', ["SELECT COUNT(*) FROM t1 WHERE s LIKE 'row 1%'", "SELECT COUNT(*) FROM t1 WHERE s LIKE 'row 3%'"]);
  add('prepared', 'sakila', 'FROM `film` WHERE `film_id` = ?', Array(4).fill('SELECT title FROM film WHERE film_id = ?'), [[5], [17], [250], [999]]);
  classes[classes.length - 1]!.noDigestOnMariaDB = true;
  add('admin', SCRATCH_DB, 'ANALYZE TABLE', ['ANALYZE TABLE t1', 'ANALYZE TABLE t1']);
  return classes;
}

/** Creates the scratch database the workload writes to (not sakila: other tests checksum it). */
export async function prepareScratch(conn: Connection): Promise<void> {
  await conn.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`);
  await conn.query(`CREATE DATABASE ${SCRATCH_DB}`);
  await conn.query(`CREATE TABLE ${SCRATCH_DB}.t1 (id INT PRIMARY KEY, s VARCHAR(40)) ENGINE=InnoDB`);
}

/** Sends the workload, interleaving the classes, switching databases with USE as it goes. */
export async function runWorkload(conn: Connection, classes = workload()): Promise<number> {
  const longest = Math.max(...classes.map((c) => c.runs.length));
  let sent = 0;
  let current = '';
  for (let i = 0; i < longest; i++) {
    for (const c of classes) {
      const sql = c.runs[i];
      if (sql === undefined) continue;
      if (c.db !== current) {
        await conn.query(`USE ${c.db}`);
        current = c.db;
      }
      if (c.params) await conn.execute(sql, c.params[i]);
      else await conn.query(sql);
      sent++;
    }
  }
  return sent;
}

/** What runs on the administrator's connection around the workload: set-up, and the undo it returns. */
export type AroundWorkload = (admin: Connection) => Promise<(() => Promise<void>) | void>;

/**
 * Runs the workload as root over the sandbox's socket: the scratch database made first and
 * dropped after, `around` before the workload and its undo after, the workload itself in a
 * new session (which picks up the global settings made before it). Returns the statements sent.
 */
export async function runWorkloadAsRoot(
  socket: string,
  opts: { classes?: WorkloadClass[]; around?: AroundWorkload; last?: (session: Connection) => Promise<unknown> } = {},
): Promise<number> {
  const admin = await mysql.createConnection({ socketPath: socket, user: 'root' });
  try {
    await prepareScratch(admin);
    const undo = await opts.around?.(admin);
    try {
      const session = await mysql.createConnection({ socketPath: socket, user: 'root', database: 'sakila' });
      try {
        const sent = await runWorkload(session, opts.classes);
        await opts.last?.(session);
        return sent;
      } finally {
        await session.end();
      }
    } finally {
      if (undo) await undo();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`).catch(() => undefined);
    await admin.end();
  }
}

/** Turns the server's slow log on into `file`, every statement logged (long_query_time=0); the undo turns it off. */
export async function slowLogOn(admin: Connection, file: string, verbosity: string): Promise<() => Promise<void>> {
  await admin.query('SET GLOBAL slow_query_log = 0');
  await admin.query('SET GLOBAL slow_query_log_file = ?', [file]);
  await admin.query('SET GLOBAL long_query_time = 0');
  await admin.query('SET GLOBAL log_slow_verbosity = ?', [verbosity]);
  await admin.query('SET GLOBAL slow_query_log = 1');
  return async () => {
    await admin.query('SET GLOBAL slow_query_log = 0');
    await admin.query('SET GLOBAL long_query_time = 10');
    await admin.query("SET GLOBAL log_slow_verbosity = ''");
  };
}
