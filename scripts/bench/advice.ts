// Index advice for a four-table join on sakila, shadow trial included (copy, ANALYZE, EXPLAIN
// and measured runs with and without each candidate). The floor is the same shadow built by
// hand in plain SQL on one connection (CREATE TABLE LIKE, INSERT ... SELECT, ANALYZE TABLE
// ... PERSISTENT FOR ALL) and the statement run once on it: what any trial has to do.
import mysql from 'mysql2/promise';
import { performance } from 'node:perf_hooks';
import { adviseOn } from '../../src/core/advise/run';
import { ProfilerSession } from '../../src/core/session/profiler';
import type { SandboxInfo } from '../../src/sandbox/index';
import { below, median, type Figure } from './stats';

export const ADVICE_SQL =
  'SELECT f.title, p.amount, p.payment_date FROM payment p JOIN rental r ON r.rental_id = p.rental_id ' +
  "JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film f ON f.film_id = i.film_id WHERE p.payment_date >= '2023-10-01' AND f.rating = 'PG'";
const TABLES = ['payment', 'rental', 'inventory', 'film'];
export const ADVICE_FIGURE = 'index advice, four-table join (shadow trial incl.)';

async function floorRun(c: mysql.Connection): Promise<number> {
  const db = 'mqt_bench_floor';
  // Like the trial, out of the sandbox's statement digests.
  await c.query("UPDATE performance_schema.threads SET INSTRUMENTED = 'NO' WHERE PROCESSLIST_ID = CONNECTION_ID()").catch(() => undefined);
  await c.query(`DROP DATABASE IF EXISTS ${db}`);
  const t0 = performance.now();
  try {
    await c.query(`CREATE DATABASE ${db}`);
    for (const t of TABLES) {
      await c.query(`CREATE TABLE ${db}.${t} LIKE sakila.${t}`);
      await c.query(`INSERT INTO ${db}.${t} SELECT * FROM sakila.${t}`);
      await c.query(`ANALYZE TABLE ${db}.${t} PERSISTENT FOR ALL`);
    }
    await c.query(`USE ${db}`);
    await c.query(ADVICE_SQL);
    return performance.now() - t0;
  } finally {
    await c.query(`DROP DATABASE IF EXISTS ${db}`);
    await c.query('USE sakila');
  }
}

export async function benchAdvice(info: SandboxInfo, reps: number): Promise<Figure[]> {
  const open = (readonly: boolean): Promise<mysql.Connection> =>
    mysql.createConnection({
      host: info.host,
      port: info.port,
      user: readonly ? info.readonlyUser : info.user,
      password: readonly ? info.readonlyPassword : info.password,
      database: info.database,
    });
  // The analysed side is the pipeline's session (READ ONLY at the server), as in `mqt advise`.
  const source = new ProfilerSession({
    host: info.host,
    port: info.port,
    user: info.readonlyUser,
    password: info.readonlyPassword,
    database: info.database,
    tls: 'disabled',
  });
  const shadow = await open(false);
  const times: number[] = [];
  const floors: number[] = [];
  let summary = '';
  try {
    for (let i = 0; i < reps; i++) {
      floors.push(await floorRun(shadow));
      const t0 = performance.now();
      const r = await adviseOn(source, ADVICE_SQL, { sandbox: () => open(false) });
      times.push(performance.now() - t0);
      const tried = r.advice.filter((a) => a.verified);
      if (!tried.length)
        throw new Error(`no candidate was tried on the shadow: ${r.advice.map((a) => a.reason).join('; ') || r.notes.join('; ') || 'no candidates'}`);
      summary = r.advice.map((a) => `${a.table}(${a.columns.join(',')}) ${a.status}`).join(', ');
    }
  } finally {
    await source.close();
    await shadow.end();
  }
  const t = median(times),
    f = median(floors);
  return [
    below(ADVICE_FIGURE, t, 'ms', 5000, { note: `${summary}; median of ${reps}` }),
    // The machine-independent goal: the trial (EXPLAINs, runs with and without each candidate)
    // costs at most half again what copying the tables costs.
    below('index advice / building the same shadow by hand', t / f, '×', 1.5, {
      inclusive: true,
      note: `floor: ${Math.round(f)} ms (copy, ANALYZE, one run of the join), median of ${reps}`,
    }),
  ];
}
