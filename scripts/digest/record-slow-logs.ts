// Records the slow-log fixtures of test/fixtures/digest/ on the sandbox: turns its slow log on
// with long_query_time=0, runs the known workload (test/support/digestWorkload.ts), turns it off.
// `MQT_SANDBOX_PORT=... node --import tsx scripts/digest/record-slow-logs.ts`
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mysql from 'mysql2/promise';
import { startSandbox } from '../../src/sandbox/index';
import { prepareScratch, runWorkload, runWorkloadAsRoot, slowLogOn, workload } from '../../test/support/digestWorkload';

const OUT = resolve(__dirname, '../../test/fixtures/digest');

async function record(socket: string, file: string, verbosity: string): Promise<number> {
  const tmp = join(resolve(__dirname, '../../.sandbox'), `record-${process.pid}.log`);
  rmSync(tmp, { force: true });
  try {
    // The session's ping is an administrator command in the log.
    const sent = await runWorkloadAsRoot(socket, { around: (admin) => slowLogOn(admin, tmp, verbosity), last: (session) => session.ping() });
    copyFileSync(tmp, join(OUT, file));
    return sent;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The same events in the MySQL 8.0 layout (`# Time:` ISO with microseconds and Z, `Id:` on User@Host, no MariaDB extras). */
function toMysqlLayout(maria: string): string {
  const out: string[] = [];
  let ts = '';
  for (const line of maria.replace(/\s+$/, '').split('\n')) {
    const t = /^# Time: (\d\d)(\d\d)(\d\d) +(\d+):(\d\d):(\d\d)/.exec(line);
    if (t) {
      ts = `20${t[1]}-${t[2]}-${t[3]}T${t[4]!.padStart(2, '0')}:${t[5]}:${t[6]}`;
      continue;
    }
    const uh = /^# User@Host: (.*)$/.exec(line);
    if (uh) {
      out.push(`# Time: ${ts}.000000Z`);
      continue;
    }
    const th = /^# Thread_id: (\d+)/.exec(line);
    if (th) {
      out.push(`# User@Host: root[root] @ localhost []  Id: ${th[1]!.padStart(5)}`);
      continue;
    }
    const q = /^# Query_time: (\S+)\s+Lock_time: (\S+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+)/.exec(line);
    if (q) {
      out.push(`# Query_time: ${q[1]}  Lock_time: ${q[2]} Rows_sent: ${q[3]}  Rows_examined: ${q[4]}`);
      continue;
    }
    if (/^# (Rows_affected|Full_scan|Filesort|explain|Pages_|Schema|QC_hit|$)/.test(line) || line === '#') continue;
    out.push(line);
  }
  // MySQL logs the session's Quit as an administrator command (MariaDB does not log it).
  out.push(
    `# Time: ${ts}.000000Z`,
    `# User@Host: root[root] @ localhost []  Id: ${[...maria.matchAll(/Thread_id: (\d+)/g)].pop()?.[1]?.padStart(5)}`,
    '# Query_time: 0.000004  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0',
    `SET timestamp=${[...maria.matchAll(/SET timestamp=(\d+)/g)].pop()?.[1]};`,
    '# administrator command: Quit;',
  );
  return out.join('\n') + '\n';
}

/** The workload once more, with performance_schema's digest table emptied first; keeps its rows and history samples. */
async function recordDigests(socket: string): Promise<void> {
  const root = await mysql.createConnection({ socketPath: socket, user: 'root', dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    await prepareScratch(root);
    await root.query("UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME = 'events_statements_history_long'");
    await root.query('TRUNCATE performance_schema.events_statements_history_long');
    await root.query('TRUNCATE performance_schema.events_statements_summary_by_digest');
    const wl = await mysql.createConnection({ socketPath: socket, user: 'root', database: 'sakila' });
    await runWorkload(wl);
    await wl.end();
    const [summary] = await root.query('SELECT * FROM performance_schema.events_statements_summary_by_digest ORDER BY SUM_TIMER_WAIT DESC');
    const [history] = await root.query(
      'SELECT DIGEST, SQL_TEXT, TIMER_WAIT FROM performance_schema.events_statements_history_long WHERE DIGEST IS NOT NULL ORDER BY EVENT_ID',
    );
    writeFileSync(join(OUT, 'ps-digests-mariadb-10.11.json'), JSON.stringify({ summary, history }, null, 1) + '\n');
  } finally {
    await root.query('DROP DATABASE IF EXISTS digest_wl').catch(() => undefined);
    await root.end();
  }
}

async function main(): Promise<void> {
  const info = await startSandbox();
  mkdirSync(OUT, { recursive: true });
  const sent = await record(info.socket!, 'mariadb-10.11.log', '');
  await record(info.socket!, 'mariadb-10.11-verbose.log', 'query_plan,explain,innodb');
  writeFileSync(join(OUT, 'mysql-8.0-layout.log'), toMysqlLayout(readFileSync(join(OUT, 'mariadb-10.11.log'), 'utf8')));
  await recordDigests(info.socket!);
  console.log(`recorded ${sent} workload statements in ${workload().length} classes on ${info.version}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
