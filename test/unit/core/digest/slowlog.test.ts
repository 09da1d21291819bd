import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DigestAggregator, SlowLogReader, type SlowLogEvent } from '../../../../src/core/digest';

const FIXTURES = join(__dirname, '../../../fixtures/digest');

function read(text: string, chunk = text.length): SlowLogEvent[] {
  const out: SlowLogEvent[] = [];
  const r = new SlowLogReader((e) => out.push(e));
  for (let i = 0; i < text.length; i += chunk) r.push(text.slice(i, i + chunk));
  r.end();
  return out;
}

const MARIA = `/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1 (Debian 12). started with:
Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
Time		    Id Command	Argument
# Time: 261201  9:07:41
# User@Host: app[app] @ localhost [127.0.0.1]
# Thread_id: 14  Schema: sakila  QC_hit: No
# Query_time: 0.006856  Lock_time: 0.000075  Rows_sent: 5  Rows_examined: 50628
# Rows_affected: 0  Bytes_sent: 173
# Full_scan: No  Full_join: No  Tmp_table: Yes  Tmp_table_on_disk: Yes
# Filesort: Yes  Filesort_on_disk: No  Merge_passes: 0  Priority_queue: Yes
#
# explain: id	select_type	table	type	possible_keys	key	key_len	ref	rows	r_rows	filtered	r_filtered	Extra
# explain: 1	SIMPLE	c	range	PRIMARY	PRIMARY	1	NULL	1000	1000.00	100.00	97.30	Using where
#
use \`sakila\`;
SET timestamp=1796155623;
SELECT c.customer_id,
       COUNT(*) AS rentals   -- a comment; with a semicolon;
  FROM customer c
 WHERE c.note = 'a;
# not a header'
 GROUP BY c.customer_id;
# User@Host: app[app] @ localhost [127.0.0.1]
# Thread_id: 15  Schema:   QC_hit: No
# Query_time: 0.5  Lock_time: 0  Rows_sent: 0  Rows_examined: 0
SET timestamp=1796155624;
SELECT 1;
/usr/sbin/mariadbd, Version: 10.11.19-MariaDB-0+deb12u1 (Debian 12). started with:
Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock
Time		    Id Command	Argument
# Time: 2026-12-01T20:07:30.250000Z
# User@Host: root[root] @ localhost []  Id:    21
# Query_time: 0.000004  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
# administrator command: Quit;
`;

test('MariaDB entries: fields, query-plan lines, use db, SET timestamp, a multi-line statement', () => {
  const [e1, e2, e3] = read(MARIA);
  assert.ok(e1 && e2 && e3);
  assert.equal(
    e1.query,
    "SELECT c.customer_id,\n       COUNT(*) AS rentals   -- a comment; with a semicolon;\n  FROM customer c\n WHERE c.note = 'a;\n# not a header'\n GROUP BY c.customer_id",
  );
  assert.deepEqual([e1.queryTime, e1.lockTime, e1.rowsSent, e1.rowsExamined], [0.006856, 0.000075, 5, 50628]);
  assert.equal(e1.db, 'sakila');
  assert.equal(e1.threadId, 14);
  assert.equal(e1.user, 'app');
  assert.equal(e1.host, 'localhost');
  assert.equal(e1.timestamp, 1796155623);
  assert.equal(e1.fields.QC_hit, 'No');
  assert.equal(e1.fields.Bytes_sent, '173');
  assert.equal(e1.fields.Rows_affected, '0');
  assert.equal(e1.fields.Tmp_table_on_disk, 'Yes');
  assert.equal(e1.fields.Priority_queue, 'Yes');
  assert.equal(e2.query, 'SELECT 1');
  assert.equal(e2.db, undefined, 'an empty Schema: is no database');
  assert.equal(e3.query, 'administrator command: Quit');
  assert.equal(e3.admin, true);
  assert.equal(e3.threadId, 21);
  assert.equal(e3.timestamp, Date.parse('2026-12-01T20:07:30.250Z') / 1000, 'the MySQL # Time: when there is no SET timestamp');
});

test('chunk boundaries anywhere give the same events', () => {
  const text = readFileSync(join(FIXTURES, 'mariadb-10.11-verbose.log'), 'utf8');
  const whole = read(text);
  for (const chunk of [1, 7, 64, 4096]) assert.deepEqual(read(text, chunk), whole, `chunks of ${chunk}`);
  assert.equal(whole.length, 89);
});

test('CRLF line ends and a missing final newline', () => {
  const [e] = read('# Query_time: 1.25  Lock_time: 0  Rows_sent: 1  Rows_examined: 2\r\nSET timestamp=1;\r\nSELECT\r\n  2;');
  assert.equal(e?.query, 'SELECT\n  2');
  assert.equal(e?.queryTime, 1.25);
});

test('garbage gives no events and no crash', () => {
  assert.deepEqual(
    read('not a slow log\nat all\n').map((e) => e.query),
    ['not a slow log\nat all'],
  );
  assert.deepEqual(read(''), []);
  assert.deepEqual(read('# Time: 261201 20:07:41\n# User@Host: a[a] @ h []\n'), []);
});

test('per-class figures: count, sums, p95, max, first and last seen, the slowest statement as sample', () => {
  const agg = new DigestAggregator();
  const times = Array.from({ length: 100 }, (_, i) => (i + 1) / 1000);
  times.forEach((t, i) =>
    agg.add({
      query: `SELECT * FROM t WHERE id = ${i}`,
      queryTime: t,
      lockTime: 0.0001,
      rowsSent: 1,
      rowsExamined: 10,
      timestamp: 1796155600 + i,
      admin: false,
      fields: {},
    }),
  );
  agg.add({ query: 'SELECT 1', queryTime: 0.2, lockTime: 0, rowsSent: 1, rowsExamined: 0, admin: false, fields: {} });
  const [c, one] = agg.result();
  assert.equal(c?.fingerprint, 'select * from t where id = ?');
  assert.equal(c?.count, 100);
  assert.equal(c?.queryTime.sum, 5.05);
  assert.equal(c?.queryTime.avg, 0.0505);
  assert.equal(c?.queryTime.p95, 0.095);
  assert.equal(c?.queryTime.max, 0.1);
  assert.equal(c?.lockTime.sum, 0.01);
  assert.equal(c?.rowsExamined.sum, 1000);
  assert.equal(c?.firstSeen, '2026-12-01T20:06:40Z');
  assert.equal(c?.lastSeen, '2026-12-01T20:08:19Z');
  assert.equal(c?.sample, 'SELECT * FROM t WHERE id = 99');
  assert.equal(one?.firstSeen, null);
});

test('the p95 of a class bigger than the exact window stays within 2%', () => {
  const agg = new DigestAggregator();
  for (let i = 1; i <= 20000; i++) agg.add({ query: 'SELECT 1', queryTime: i / 10000, lockTime: 0, rowsSent: 0, rowsExamined: 0, admin: false, fields: {} });
  const p95 = agg.result()[0]!.queryTime.p95;
  assert.ok(Math.abs(p95 - 1.9) / 1.9 < 0.02, String(p95));
});

test('random input never throws, and every event gets a fingerprint', async () => {
  const { prng } = await import('../../../support/prng');
  const { fingerprint } = await import('../../../../src/core/digest');
  const r = prng(5);
  const pieces = [
    '# Time: 261201 20:07:41\n',
    '# User@Host: a[a] @ h []\n',
    '# Query_time: x  Lock_time: 1e999  Rows_sent: -1  Rows_examined: 2\n',
    'SET timestamp=;\n',
    'use ;\n',
    "SELECT 'a;\n",
    '";\n#',
    '/* ',
    '*/',
    '\r\n',
    '# administrator command: \n',
    ';\n',
    'IN (1,',
    ' VALUES (',
    '\u00e9\ud83d\ude00',
    '\n',
    '#\n',
    'Tcp port: 1\n',
  ];
  for (let k = 0; k < 300; k++) {
    let text = '';
    for (let i = 0; i < 40; i++) text += pieces[Math.floor(r() * pieces.length)];
    for (const e of read(text, 1 + Math.floor(r() * 20))) {
      assert.equal(typeof fingerprint(e.query), 'string');
      assert.ok(Number.isFinite(e.queryTime) && Number.isFinite(e.lockTime) && Number.isFinite(e.rowsSent));
    }
  }
});

test('MySQL 8 with log_slow_extra: the extra fields on the Query_time line', () => {
  const [e] = read(
    [
      '# Time: 2026-12-01T20:07:30.123456+01:00',
      '# User@Host: app[app] @ web1 [10.0.0.5]  Id:    42',
      '# Query_time: 0.250000  Lock_time: 0.000003 Rows_sent: 1  Rows_examined: 1000 Thread_id: 42 Errno: 0 Killed: 0 Bytes_received: 0 Bytes_sent: 56 Read_first: 0 Read_last: 0 Read_key: 1 Read_next: 0 Read_prev: 0 Read_rnd: 0 Read_rnd_next: 1000 Sort_merge_passes: 0 Sort_range_count: 0 Sort_rows: 0 Sort_scan_count: 0 Created_tmp_disk_tables: 0 Created_tmp_tables: 0 Start: 2026-12-01T19:07:29.873456Z End: 2026-12-01T19:07:30.123456Z',
      'use app;',
      'SELECT * FROM orders WHERE id = 7;',
    ].join('\n'),
  );
  assert.ok(e);
  assert.deepEqual([e.queryTime, e.rowsSent, e.rowsExamined, e.threadId], [0.25, 1, 1000, 42]);
  assert.equal(e.fields.Read_rnd_next, '1000');
  assert.equal(e.fields.Bytes_sent, '56');
  assert.equal(e.user, 'app');
  assert.equal(e.host, 'web1');
  assert.equal(e.db, 'app');
  assert.equal(e.timestamp, Date.parse('2026-12-01T19:07:30.123456Z') / 1000);
});
