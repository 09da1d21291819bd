// Top Statements' session (mqt top and the editor's view): the server keeps it READ ONLY (a
// write on it is refused with 1792), that is set before anything is read, and only reads of
// performance_schema and the catalogue are sent; the analysed schema is unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { topOn } from '../../src/core/digest';
import { serverPolicy } from '../../src/core/pipeline/policy';
import { connect, profilerSession, sandbox, type SandboxInfo } from './helpers';

let info: SandboxInfo;
let admin: Connection;
let logOutput = 'FILE';
const stats = async () =>
  JSON.stringify(
    (
      await admin.query<RowDataPacket[]>(
        "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'sakila' ORDER BY 1, 2, 3",
      )
    )[0],
  );

before(async () => {
  info = await sandbox();
  admin = await connect(info);
  logOutput = String((await admin.query<RowDataPacket[]>('SELECT @@log_output AS o'))[0][0].o);
});
after(async () => {
  await admin.query('SET GLOBAL general_log = 0');
  await admin.query(`SET GLOBAL log_output = '${logOutput}'`);
  await admin.end();
});

test('the Top Statements session is READ ONLY at the server from its first statement, and refuses writes with 1792', async () => {
  const before = await stats();
  // The mqt user has ALL PRIVILEGES: only the read-only session can refuse its writes.
  const session = profilerSession(info);
  await admin.query("SET GLOBAL log_output = 'TABLE'");
  await admin.query('SET GLOBAL general_log = 1');
  try {
    const top = await topOn(session, { limit: 5 });
    assert.ok(top.rows.length > 0);
    const policy = serverPolicy();
    const thread = await session.exclusive({ stepMs: 10_000, limitMs: 0, policy }, async (db) =>
      Number((await db.query('thread', 'SELECT CONNECTION_ID() AS id'))[0].id),
    );
    await admin.query('SET GLOBAL general_log = 0');
    for (const write of [
      'DELETE FROM payment WHERE payment_id = -1',
      'TRUNCATE performance_schema.events_statements_summary_by_digest',
      'CREATE TABLE mqt_top_probe (a INT)',
    ]) {
      await assert.rejects(
        session.exclusive({ stepMs: 10_000, limitMs: 0, policy }, (db) => db.query('write', write)),
        (e: { errno?: number }) => e.errno === 1792,
        write,
      );
    }
    const [log] = await admin.query<RowDataPacket[]>(
      "SELECT CONVERT(argument USING utf8mb4) AS q FROM mysql.general_log WHERE thread_id = ? AND command_type = 'Query' ORDER BY event_time",
      [thread],
    );
    const sent = log.map((r) => String(r.q)).filter((q) => q !== 'SELECT CONNECTION_ID() AS id');
    // The session set-up (core/session/setup): one SELECT to learn the server, then READ ONLY before anything else.
    assert.match(sent[0], /^SELECT VERSION\(\)/, sent.join('\n'));
    assert.match(sent[1], /^SET SESSION (tx_read_only = 1|transaction_read_only = 1|TRANSACTION READ ONLY)\b/, sent.join('\n'));
    assert.ok(
      sent.some((q) => /events_statements_summary_by_digest/.test(q)),
      sent.join('\n'),
    );
    for (const q of sent.slice(2)) assert.match(q, /^\s*SELECT\b/i, q);
  } finally {
    await session.close();
  }
  assert.equal(await stats(), before, 'information_schema.STATISTICS identical before and after');
});
