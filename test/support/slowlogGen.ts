// Generates slow logs in MariaDB's layout (the recorded fixtures' header lines, with made-up
// figures) from a seeded mix of statement shapes, for the pt-query-digest comparison on tricky
// statements and for the throughput benchmark. Figures are random; the format is the real one.
import { prng } from './prng';

const SHAPES: Array<(r: () => number, n: (k: number) => number) => string> = [
  (_r, n) => `SELECT film_id, title FROM film WHERE film_id IN (${Array.from({ length: 1 + n(60) }, () => n(1000)).join(', ')})`,
  (_r, n) =>
    `SELECT * FROM rental WHERE customer_id = ${n(600)} AND rental_date > '2005-0${1 + n(8)}-1${n(9)} 00:00:00' ORDER BY rental_date ASC, rental_id ASC LIMIT ${n(50)}, ${n(50)}`,
  (_r, n) =>
    `SELECT c.customer_id,\n       COUNT(*) AS n\n  FROM customer c\n  JOIN rental r ON r.customer_id = c.customer_id\n WHERE c.store_id = ${1 + n(2)}\n GROUP BY c.customer_id\n LIMIT ${n(20)}`,
  (_r, n) => `/* app:${n(9)} user:${n(99)} */ SELECT title FROM film WHERE length > ${n(180)} -- trailing comment`,
  (_r, n) => `SELECT actor_id FROM actor WHERE last_name = 'O''BRIEN${n(3)}' OR first_name = "D""A${n(3)}"`,
  (_r, n) => `SELECT actor_id FROM actor WHERE last_name = 'O\\'NEIL${n(5)}'`,
  (_r, n) => `INSERT INTO t${n(3)} (id, s, f) VALUES ${Array.from({ length: 1 + n(8) }, (_, i) => `(${n(1e6)}, 'v${i}', ${n(100)}.${n(99)})`).join(', ')}`,
  (_r, n) => `UPDATE payment SET amount = amount + 0.${n(99)} WHERE payment_id = ${n(100000)} AND last_update < NOW()`,
  (_r, n) => `DELETE FROM log_${n(4)} WHERE created_at < '2026-0${1 + n(8)}-01' AND flag = ${n(2) ? 'TRUE' : 'false'}`,
  (_r, n) => `SELECT COUNT(*) FROM payment WHERE amount > -${n(9)}.5e${n(3)} AND rental_id IS ${n(2) ? 'NULL' : 'NOT NULL'}`,
  (_r, n) => `SELECT name FROM category WHERE category_id = ${n(16)} UNION ALL SELECT name FROM category WHERE category_id = ${n(16)}`,
  (_r, n) => `CALL refresh_stats(${n(10)}, 'x')`,
  (_r, n) => `select sql_no_cache  *\n\tfrom   film_text\twhere match(title) against ('word${n(50)}' in boolean mode)`,
  (_r, n) => `SELECT HEX(0x${n(255).toString(16)}), b'101', X'0A${n(9)}' FROM dual`,
  (_r, n) => `SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c = ${n(9)}) AND d IN ('x', 'y${n(3)}')`,
  (_r, n) => `USE db${n(3)}`,
  (_r, n) => `SHOW TABLES LIKE 'film${n(9)}%'`,
  (_r, n) => `SELECT /*+ MAX_EXECUTION_TIME(${n(1000)}) */ id FROM orders WHERE total BETWEEN ${n(50)} AND ${n(500)}`,
];

export interface GenOptions {
  seed?: number;
  /** Stop once the log is at least this long. */
  bytes: number;
  /** MariaDB's log_slow_verbosity=query_plan lines on some events. */
  verbose?: boolean;
}

/** The log in pieces of about 1 MB (so a big one never sits in memory whole). */
export function* generateSlowLog(opts: GenOptions): Generator<string> {
  const r = prng(opts.seed ?? 1);
  const n = (k: number) => Math.floor(r() * k);
  let written = 0;
  let ts = 1796155600;
  let db = '';
  let buf =
    '/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1 (Debian 12). started with:\nTcp port: 3306  Unix socket: /run/mysqld/mysqld.sock\nTime\t\t    Id Command\tArgument\n';
  while (written + buf.length < opts.bytes) {
    if (n(20) === 0) ts += 1 + n(3);
    const shape = SHAPES[n(SHAPES.length)]!;
    const q = shape(r, n);
    const thisDb = ['sakila', 'app', 'stats'][n(3)]!;
    let e = '';
    if (n(10) === 0) {
      const d = new Date(ts * 1000);
      const p = (x: number) => String(x).padStart(2, '0');
      e += `# Time: ${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${String(d.getUTCHours()).padStart(2)}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}\n`;
    }
    e += `# User@Host: app[app] @ localhost [127.0.0.1]\n# Thread_id: ${1 + n(50)}  Schema: ${thisDb}  QC_hit: No\n`;
    e += `# Query_time: ${(r() ** 3 * 2).toFixed(6)}  Lock_time: ${(r() * 0.001).toFixed(6)}  Rows_sent: ${n(100)}  Rows_examined: ${n(100000)}\n`;
    e += `# Rows_affected: ${n(3)}  Bytes_sent: ${n(5000)}\n`;
    if (opts.verbose && n(2) === 0) {
      e += `# Full_scan: ${n(2) ? 'Yes' : 'No'}  Full_join: No  Tmp_table: No  Tmp_table_on_disk: No\n# Filesort: ${n(2) ? 'Yes' : 'No'}  Filesort_on_disk: No  Merge_passes: 0  Priority_queue: No\n#\n# explain: id\tselect_type\ttable\ttype\tpossible_keys\tkey\tkey_len\tref\trows\tr_rows\tfiltered\tr_filtered\tExtra\n# explain: 1\tSIMPLE\tfilm\tALL\tNULL\tNULL\tNULL\tNULL\t1000\t1000.00\t100.00\t10.00\tUsing where\n#\n`;
    }
    if (thisDb !== db) {
      e += `use ${thisDb};\n`;
      db = thisDb;
    }
    e += `SET timestamp=${ts};\n${q};\n`;
    buf += e;
    if (buf.length >= 1 << 20) {
      written += buf.length;
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}
