// Why this plan, on the real server: the trace is taken around EXPLAIN and read into plain causes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RowDataPacket } from 'mysql2/promise';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sandboxUrl } from '../../src/sandbox';
import type { Trace } from '../../src/core/trace';
import { connect, useProfilerSession } from './helpers';
import type { Report } from '../../src/core/report/model';
import { captureTrace } from '../../src/core/trace/capture';
import { renderText, renderMarkdown, renderHtmlDocument } from '../../src/core/report';

const { info, session } = useProfilerSession();

const analyze = (sql: string, opts = {}): Promise<Report> => session().analyze(sql, { timeoutMs: 30_000, ...opts });
const table = (r: Report, name: string) => {
  const t = r.trace?.tables.find((x) => x.name === name || x.table === name);
  assert.ok(t, `no table ${name} in ${JSON.stringify(r.trace?.tables.map((x) => x.name))} (${r.traceNote ?? ''})`);
  return t;
};

describe('optimizer trace on the sandbox', () => {
  it('a leading wildcard: idx_title considered but not usable, and the hint cites the trace', async () => {
    const r = await analyze("SELECT film_id, title FROM film WHERE title LIKE '%LOVE%'");
    const film = table(r, 'film');
    const a = film.alternatives.find((x) => x.index === 'idx_title' && !x.usable)!;
    assert.equal(a.cause, 'leading_wildcard');
    assert.match(a.why, /idx_title was considered but not usable: LIKE with a leading wildcard/);
    assert.match(r.hints.find((h) => h.rule === 'like-leading-wildcard')!.message, /Trace: idx_title was considered but not usable/);
    assert.equal(r.trace?.source, 'optimizer_trace');
    assert.equal(r.trace?.truncated, false);
  });
  it('a function on a column', async () => {
    const r = await analyze('SELECT rental_id FROM rental WHERE YEAR(rental_date) = 2005');
    const a = table(r, 'rental').alternatives.find((x) => x.index === 'rental_date')!;
    assert.equal(a.cause, 'function_on_column');
    assert.match(a.why, /a function is applied to the column \(year\(rental\.rental_date\)\)/);
  });
  it('two competing indexes with their costs', async () => {
    const r = await analyze('SELECT * FROM rental WHERE customer_id = 42 AND inventory_id < 200');
    const t = table(r, 'rental');
    const inv = t.alternatives.find((x) => x.access === 'range' && x.index === 'idx_fk_inventory_id')!;
    const cust = t.alternatives.find((x) => x.access === 'range' && x.index === 'idx_fk_customer_id')!;
    assert.ok(inv.cost! > cust.cost! * 10, `${inv.cost} vs ${cust.cost}`);
    assert.ok(inv.rows! > cust.rows!);
    assert.equal(t.chosen?.index, 'idx_fk_customer_id');
    assert.equal(t.alternatives.filter((x) => x.chosen).length, 1);
    // The plan agrees with the trace.
    assert.equal(r.raw.explainRows?.[0]?.key, 'idx_fk_customer_id');
  });
  it('a join order', async () => {
    const r = await analyze(
      "SELECT c.last_name, r.rental_date FROM customer c JOIN rental r ON r.customer_id = c.customer_id JOIN inventory i ON i.inventory_id = r.inventory_id WHERE c.last_name LIKE 'SMITH1%'",
    );
    const j = r.trace!.joinOrder!;
    assert.deepEqual(j.chosen, ['c', 'r', 'i']);
    assert.ok(j.considered > 3 && j.pruned > 0, JSON.stringify(j));
    assert.deepEqual(
      (r.raw.explainRows ?? []).map((x) => x.table),
      ['c', 'r', 'i'],
    );
    assert.equal(table(r, 'c').table, 'customer');
    assert.equal(table(r, 'c').chosen?.access, 'range');
    assert.equal(table(r, 'i').chosen?.access, 'eq_ref');
  });
  it('a semijoin and its strategy', async () => {
    const r = await analyze('SELECT f.title FROM film f WHERE f.film_id IN (SELECT i.film_id FROM inventory i WHERE i.store_id = 1)');
    const sj = r.trace!.subqueries.find((q) => q.to === 'semijoin')!;
    assert.equal(sj.chosen, true);
    const chosen = sj.strategies.find((s) => s.chosen)!;
    assert.ok(chosen, JSON.stringify(sj));
    assert.match(sj.why, new RegExp(`strategy ${chosen.strategy}`));
  });
  it('ORDER BY … LIMIT: the index order wins over the range', async () => {
    const r = await analyze('SELECT * FROM rental WHERE customer_id > 100 ORDER BY rental_date LIMIT 10');
    const o = r.trace!.orderBy[0];
    assert.equal(o.usesIndex, true);
    assert.equal(o.index, 'rental_date');
    assert.equal(r.raw.explainRows?.[0]?.key, 'rental_date');
    const r2 = await analyze('SELECT * FROM film ORDER BY length DESC LIMIT 5');
    assert.equal(r2.trace!.orderBy[0].usesIndex, false);
    assert.match(String(r2.raw.explainRows?.[0]?.Extra), /filesort/);
  });
  it('every renderer has the section; the trace is off afterwards and the measured run is not traced', async () => {
    const r = await analyze('SELECT * FROM rental WHERE customer_id = 42 AND inventory_id < 200');
    assert.match(renderText(r), /Why this plan \(optimizer trace\):/);
    assert.match(renderMarkdown(r), /### Why this plan/);
    const html = renderHtmlDocument([r]);
    assert.match(html, /<h3 id="why-this-plan">/);
    assert.match(html, /<a href="#why-rental">rental<\/a>/);
    const c = await connect(info());
    try {
      // The session's own state: a fresh connection starts with the trace off; ours must be too.
      const [t] = await (session() as unknown as { conn: { query: (s: string) => Promise<[RowDataPacket[]]> } }).conn.query(
        'SELECT @@optimizer_trace AS t, @@optimizer_trace_max_mem_size AS m',
      );
      assert.match(String(t[0].t), /enabled=off/);
      const [d] = await c.query<RowDataPacket[]>('SELECT @@optimizer_trace_max_mem_size AS m');
      assert.equal(Number(t[0].m), Number(d[0].m));
      const [rows] = await (session() as unknown as { conn: { query: (s: string) => Promise<[RowDataPacket[]]> } }).conn.query(
        'SELECT QUERY FROM information_schema.OPTIMIZER_TRACE',
      );
      // MariaDB: the JSON EXPLAIN traced for that one statement (SET STATEMENT … FOR).
      for (const x of rows) assert.match(String(x.QUERY), /^(SET STATEMENT optimizer_trace = 'enabled=on', optimizer_trace_max_mem_size = \d+ FOR )?EXPLAIN /);
    } finally {
      await c.end();
    }
  });
  it('never: no trace; explain only: no run', async () => {
    const r = await analyze('SELECT * FROM film WHERE film_id = 3', { trace: 'never' });
    assert.equal(r.trace, undefined);
    const e = await analyze('SELECT * FROM film WHERE film_id = 3', { explainOnly: true });
    assert.equal(e.execution.executed, false);
    assert.ok(e.trace);
  });
  it('a trace too big for the first limit is raised to fit; a small server limit reports truncation', async () => {
    const c = await connect(info());
    try {
      const q = async (_w: string, sql: string, v?: unknown[]) => (await c.query<RowDataPacket[]>(sql, v))[0];
      const sql = `SELECT * FROM film f WHERE ${Array.from({ length: 400 }, (_, i) => `f.title = 'T${i}'`).join(' OR ')}`;
      const got = await captureTrace(q, sql, () => false);
      assert.ok(got.trace, got.note);
      assert.equal(got.trace.truncated, false, got.note);
      const [m] = await c.query<RowDataPacket[]>('SELECT @@optimizer_trace AS t');
      assert.match(String(m[0].t), /enabled=off/);
      // A server that refuses the larger limit (here: capped by our own query function) reports the cut.
      const capped = async (w: string, s: string, v?: unknown[]) =>
        q(w, s.replace(/optimizer_trace_max_mem_size = \d+/, 'optimizer_trace_max_mem_size = 4000'), v);
      const cut = await captureTrace(capped, sql, () => false);
      assert.equal(cut.trace?.truncated, true);
      assert.match(cut.note ?? '', /truncated: \d+ bytes did not fit/);
    } finally {
      await c.end();
    }
  });
  it('mqt-style: a user without PROCESS still gets a trace of its own statements', async () => {
    const ro = await connect(info(), { readonly: true });
    try {
      const q = async (_w: string, sql: string, v?: unknown[]) => (await ro.query<RowDataPacket[]>(sql, v))[0];
      const got = await captureTrace(q, 'SELECT * FROM film WHERE film_id = 3', () => false);
      assert.ok(got.trace, got.note);
    } finally {
      await ro.end();
    }
  });
});

describe('mqt trace and mqt analyze on the sandbox', () => {
  const root = join(__dirname, '../..');
  const mqt = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it('mqt trace --url --sql --format json prints the trace; the statement is not run', () => {
    const r = mqt('trace', '--url', sandboxUrl(info()), '--sql', "SELECT film_id FROM film WHERE title LIKE '%LOVE%'", '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const t = JSON.parse(r.out) as Trace;
    assert.equal(t.source, 'optimizer_trace');
    assert.equal(t.tables[0].table, 'film');
    assert.ok(t.tables[0].alternatives.some((a) => a.cause === 'leading_wildcard'));
    const text = mqt('trace', '--url', sandboxUrl(info()), '--sql', 'SELECT * FROM rental WHERE customer_id = 42 AND inventory_id < 200');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^Why this plan \(optimizer trace\):/);
  });
  it('mqt analyze --format json has trace; --trace never leaves it out', () => {
    const r = mqt('analyze', '--url', sandboxUrl(info()), '--sql', 'SELECT * FROM film WHERE film_id = 10', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Report;
    assert.equal(j.trace?.source, 'optimizer_trace');
    assert.equal(j.trace?.tables[0].chosen?.access, 'const');
    const n = mqt('analyze', '--url', sandboxUrl(info()), '--sql', 'SELECT * FROM film WHERE film_id = 10', '--format', 'json', '--trace', 'never');
    assert.equal(n.code, 0, n.err);
    assert.equal('trace' in (JSON.parse(n.out) as Report), false);
    assert.equal(mqt('analyze', '--url', sandboxUrl(info()), '--sql', 'SELECT 1', '--trace', 'sometimes').code, 2);
  });
});
