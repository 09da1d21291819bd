import { nowMs } from '../clock';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { parsePlanText } from '../plan';
import type { ServerInfo } from '../report/model';
import { atLeast } from '../session/server';
import type { LiveSource, LiveSummary, LiveUpdate } from './model';
import { liveNodes } from './read';

/** First poll after this long: a statement that ends sooner gets no live view (and no second connection). */
export const LIVE_FIRST_MS = 1000;
/** Then about twice a second. */
export const LIVE_EVERY_MS = 500;
/** A poll that takes longer than this is given up (the statement is not slowed by waiting for it). */
const POLL_LIMIT_MS = 2000;

/** Server errors the poller expects. */
const ER_NO_SUCH_THREAD = 1094;
const ER_KILL_DENIED = 1095; // "You are not owner of thread": another user's thread, no PROCESS
const ER_SPECIFIC_ACCESS_DENIED = 1227;
const ER_TABLEACCESS_DENIED = 1142;
const ER_PARSE = 1064;
/** MariaDB: "Target is not executing an operation with a query plan" (it just ended, or is between steps). */
const ER_TARGET_NOT_EXPLAINABLE = 1933;

export interface WatchOptions {
  server: ServerInfo;
  threadId: number;
  /** Opens the second, short-lived connection. */
  open(): Promise<Connection>;
  onUpdate?(u: LiveUpdate): void;
  firstMs?: number;
  everyMs?: number;
}

const errnoOf = (e: unknown) => (e as { errno?: number }).errno;

/**
 * Watches a running statement from a second connection: the first poll after about a second,
 * then about twice a second, never two at once. stop() waits for a poll in flight and closes
 * the connection, so no thread of ours is left on the server.
 */
export class LiveWatcher {
  private conn: Connection | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private readonly t0 = nowMs();
  private source: LiveSource;
  private note: string | undefined;
  private last: LiveUpdate | undefined;
  private lastRaw: string | undefined;
  private updates = 0;
  /** MySQL: the plan does not change while the statement runs; read it once. */
  private mysqlPlan: { plan: LiveUpdate['plan']; raw: string } | undefined;

  constructor(private readonly opts: WatchOptions) {
    const s = opts.server;
    this.source = s.flavor === 'mariadb' ? (atLeast(s, 10, 9) ? 'show-analyze' : 'elapsed') : atLeast(s, 5, 7) ? 'explain-for-connection' : 'elapsed';
    if (this.source === 'elapsed')
      this.note = `${s.flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${s.version} cannot show the plan of a running statement (SHOW ANALYZE needs MariaDB 10.9, EXPLAIN FOR CONNECTION MySQL 5.7): elapsed time only`;
    this.schedule(opts.firstMs ?? LIVE_FIRST_MS);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick().finally(() => {
        this.inFlight = undefined;
        this.schedule(this.opts.everyMs ?? LIVE_EVERY_MS);
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    const elapsed = nowMs() - this.t0;
    let u: LiveUpdate | undefined = { elapsedMs: elapsed, source: this.source, nodes: [] };
    if (this.source !== 'elapsed') {
      try {
        u = await withLimit(this.poll(elapsed), POLL_LIMIT_MS);
      } catch (e) {
        this.degrade(e);
        u = { elapsedMs: elapsed, source: this.source, nodes: [] };
      }
    }
    if (!u || this.stopped) return;
    if (this.note && u.source !== 'show-analyze') u.note = this.note;
    this.updates++;
    this.last = u;
    this.opts.onUpdate?.(u);
  }

  /** One look at the thread. Undefined: nothing to show this time (the statement is between plans). */
  private async poll(elapsed: number): Promise<LiveUpdate | undefined> {
    if (!this.conn) {
      this.conn = await this.opts.open();
      // An error on the idle watcher connection must not reach the process as unhandled.
      this.conn.on('error', () => undefined);
    }
    if (this.stopped) return undefined;
    const c = this.conn;
    const id = Number(this.opts.threadId);
    if (this.source === 'show-analyze') {
      let text: string;
      try {
        const [rows] = await c.query<RowDataPacket[]>({ sql: `SHOW ANALYZE FORMAT=JSON FOR ${id}`, rowsAsArray: true });
        text = String((rows as unknown as unknown[][])[0]?.[0] ?? '');
      } catch (e) {
        if (errnoOf(e) === ER_TARGET_NOT_EXPLAINABLE || errnoOf(e) === ER_NO_SUCH_THREAD) return undefined;
        throw e;
      }
      const stage = await this.processState(c, id);
      const plan = parsePlanText(text);
      this.lastRaw = text;
      const inProgress = /"r_query_time_in_progress_ms"\s*:\s*([\d.]+)/.exec(text);
      const u: LiveUpdate = {
        elapsedMs: stage?.ms ?? (inProgress ? Number(inProgress[1]) : elapsed),
        source: 'show-analyze',
        plan,
        nodes: liveNodes(plan, this.last?.nodes),
      };
      if (stage?.state) u.stage = stage.state;
      return u;
    }
    // MySQL: the plan once, then stage progress at each poll.
    if (!this.mysqlPlan) {
      try {
        const [rows] = await c.query<RowDataPacket[]>({ sql: `EXPLAIN FORMAT=JSON FOR CONNECTION ${id}`, rowsAsArray: true });
        const raw = String((rows as unknown as unknown[][])[0]?.[0] ?? '');
        if (raw) this.mysqlPlan = { plan: parsePlanText(raw), raw };
      } catch (e) {
        if (errnoOf(e) === ER_NO_SUCH_THREAD) return undefined;
        if (errnoOf(e) === ER_KILL_DENIED || errnoOf(e) === ER_SPECIFIC_ACCESS_DENIED) throw e;
        // Between statements MySQL answers with an empty plan or an error: try again next time.
      }
    }
    const u: LiveUpdate = { elapsedMs: elapsed, source: 'explain-for-connection', nodes: [] };
    if (this.mysqlPlan?.plan) {
      u.plan = this.mysqlPlan.plan;
      u.nodes = liveNodes(this.mysqlPlan.plan);
      this.lastRaw = this.mysqlPlan.raw;
    }
    const stage = await this.mysqlStage(c, id);
    if (stage) {
      u.stage = stage.stage;
      if (stage.work) u.work = stage.work;
    } else {
      const ps = await this.processState(c, id);
      if (ps?.state) u.stage = ps.state;
    }
    return u;
  }

  /** STATE (and TIME_MS on MariaDB) of the thread; undefined when the thread list does not show it. */
  private async processState(c: Connection, id: number): Promise<{ state?: string; ms?: number } | undefined> {
    const mariadb = this.opts.server.flavor === 'mariadb';
    try {
      const [rows] = await c.query<RowDataPacket[]>(
        `SELECT STATE AS s, ${mariadb ? 'TIME_MS' : 'TIME * 1000'} AS ms FROM information_schema.PROCESSLIST WHERE ID = ${id}`,
      );
      const r = rows[0];
      if (!r) return undefined;
      return { ...(r.s ? { state: String(r.s) } : {}), ...(r.ms !== null && r.ms !== undefined && Number.isFinite(Number(r.ms)) ? { ms: Number(r.ms) } : {}) };
    } catch {
      return undefined;
    }
  }

  /** MySQL's current stage of the thread with its progress, from performance_schema (when it is on and readable). */
  private async mysqlStage(c: Connection, id: number): Promise<{ stage: string; work?: { completed: number; estimated: number } } | undefined> {
    try {
      const [rows] = await c.query<RowDataPacket[]>(
        'SELECT s.EVENT_NAME AS name, s.WORK_COMPLETED AS done, s.WORK_ESTIMATED AS est FROM performance_schema.events_stages_current s' +
          ` JOIN performance_schema.threads t ON t.THREAD_ID = s.THREAD_ID WHERE t.PROCESSLIST_ID = ${id}`,
      );
      const r = rows[0];
      if (!r) return undefined;
      const stage = String(r.name).replace(/^stage\/\w+\//, '');
      const done = Number(r.done);
      const est = Number(r.est);
      return r.est !== null && r.est !== undefined && Number.isFinite(est) && est > 0 ? { stage, work: { completed: done, estimated: est } } : { stage };
    } catch (e) {
      if (errnoOf(e) === ER_TABLEACCESS_DENIED && !this.note) this.note = 'performance_schema is not readable: the stage comes from the thread list';
      return undefined;
    }
  }

  /** A poll failed for good: fall back to elapsed time, and say why. */
  private degrade(e: unknown): void {
    const n = errnoOf(e);
    const why =
      n === ER_KILL_DENIED || n === ER_SPECIFIC_ACCESS_DENIED
        ? 'no right to see the running thread (PROCESS privilege)'
        : n === ER_PARSE
          ? 'this server has no SHOW ANALYZE / EXPLAIN FOR CONNECTION'
          : e instanceof PollTimeout
            ? 'the server did not answer the live poll in time'
            : this.conn
              ? `the live poll failed (${(e as Error).message ?? String(e)})`
              : `no second connection (${(e as Error).message ?? String(e)})`;
    this.source = 'elapsed';
    this.note = `Elapsed time only: ${why}`;
    this.closeConn();
  }

  private closeConn(): void {
    const c = this.conn;
    this.conn = undefined;
    if (!c) return;
    let timer: NodeJS.Timeout | undefined;
    const quit = c.end().then(
      () => true,
      () => false,
    );
    void Promise.race([quit, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 1000)))]).then((ok) => {
      clearTimeout(timer);
      if (!ok) c.destroy();
    });
    this.closing.push(quit);
  }

  private readonly closing: Array<Promise<boolean>> = [];

  /** Stop polling, close the second connection (waiting for it), and say what was seen. */
  async stop(): Promise<LiveSummary | undefined> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    clearTimeout(this.timer);
    this.closeConn();
    await Promise.all(this.closing.map((p) => withLimit(p, 1500).catch(() => false)));
    if (!this.last) return undefined;
    const s: LiveSummary = { source: this.source, updates: this.updates, last: this.last };
    if (this.note) s.note = this.note;
    if (this.lastRaw && this.last.plan) s.raw = this.lastRaw;
    return s;
  }
}

class PollTimeout extends Error {}

function withLimit<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new PollTimeout(`no answer in ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
