// A step's database, answered from recorded server outputs (test/fixtures): every statement
// a step sends is logged, and answered by the first rule whose pattern matches it. Recorded
// on MariaDB 10.11.19 against the sandbox (see test/fixtures/plan/README.md and
// test/fixtures/counters/README.md); the catalogue rows are the sandbox's sakila answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryOptions } from 'mysql2/promise';
import { normalize, type TunerConfig } from '../../../../src/core/config';
import type { AnalysisSession } from '../../../../src/core/pipeline/analyze';
import { serverPolicy, type PolicyOptions } from '../../../../src/core/pipeline/policy';
import { makeStatement } from '../../../../src/core/pipeline/statement';
import type { ConnectionState, Executed, Phase, StepContext, StepDb } from '../../../../src/core/pipeline/step';
import { Guard } from '../../../../src/core/session/guard';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');
export const fixture = (...p: string[]) => readFileSync(join(FIXTURES, ...p), 'utf8');

/** `--batch` output (tab-separated, header line) as rows of named values. */
export function tsvRows(text: string): Array<Record<string, string | null>> {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v === 'NULL' ? null : v])));
}

export const Q01 =
  "SELECT rental_id, rental_date, inventory_id, customer_id FROM rental WHERE rental_date BETWEEN '2005-06-01 00:00:00' AND '2005-06-03 00:00:00'";

export type Answer = unknown[] | Error | ((sql: string) => unknown[] | Error);
export type Rule = [RegExp, Answer];

export const MARIADB_HELLO: Rule[] = [[/^SELECT VERSION\(\)/, [{ v: '10.11.19-MariaDB-0+deb12u1', c: 'Debian 12', ps: 0, mp: 16777216, hp: 'YES' }]]];

/** The catalogue answers for a read of sakila.rental (InnoDB), no routines. */
export const RENTAL_CATALOG: Rule[] = [
  [/^SELECT DATABASE\(\)/, [{ db: 'sakila' }]],
  [/information_schema\.TABLES/, [{ s: 'sakila', n: 'rental', t: 'BASE TABLE', e: 'InnoDB' }]],
  [/information_schema\./, []],
];

/** Q01's plan in both EXPLAIN formats, as the sandbox answered. */
export const Q01_EXPLAIN: Rule[] = [
  [/^EXPLAIN FORMAT=JSON /, [[fixture('plan', 'mariadb-sandbox', 'q01-range.explain.json')]]],
  [/^EXPLAIN SELECT/, tsvRows(fixture('plan', 'mariadb-sandbox', 'q01-range.explain.tsv'))],
];

/** All that a whole analysis of Q01 asks: server, catalogue, both EXPLAINs, status snapshots, the measured ANALYZE. */
export const Q01_ANALYSIS: Rule[] = [
  ...MARIADB_HELLO,
  ...RENTAL_CATALOG,
  ...Q01_EXPLAIN,
  [/^SHOW SESSION STATUS( WHERE Value <> '0')?$/, tsvRows(fixture('counters', 'baseline-flush-show.status.tsv'))],
  [/^ANALYZE FORMAT=JSON /, [[fixture('plan', 'mariadb-sandbox', 'q01-range.analyze.json')]]],
];

export const serverError = (errno: number, message: string) => Object.assign(new Error(message), { errno, code: 'ER', sqlState: '42000' });

export interface Recorded {
  db: StepDb;
  sent: string[];
  ctx: StepContext;
  notes: string[];
  progress: string[];
}

export interface RecordedOptions {
  sql?: string;
  config?: Partial<TunerConfig>;
  policy?: PolicyOptions;
  execution?: Executed;
  state?: ConnectionState;
  phase?: <T>(phase: Phase, fn: () => Promise<T>) => Promise<T>;
}

export function recorded(rules: Rule[], o: RecordedOptions = {}): Recorded {
  const sent: string[] = [];
  const answer = (sql: string): unknown[] => {
    sent.push(sql);
    const rule = rules.find(([re]) => re.test(sql));
    if (!rule) return [];
    const a = typeof rule[1] === 'function' ? rule[1](sql) : rule[1];
    if (a instanceof Error) throw a;
    return a;
  };
  const guard = new Guard({ kill: () => Promise.resolve(), drop: () => undefined, where: 'recorded' });
  const db: StepDb = {
    conn: { query: async (sql: string | QueryOptions) => [answer(typeof sql === 'string' ? sql : sql.sql), []] } as unknown as StepDb['conn'],
    guard,
    stepMs: 30_000,
    limitMs: 30_000,
    state: o.state ?? {},
    query: async <T>(_what: string, sql: string | QueryOptions) => answer(typeof sql === 'string' ? sql : sql.sql) as T,
    execute: async (statement, how) => {
      sent.push(`<run> ${statement}`);
      const { first, ...ex } = o.execution ?? { executed: true, rows: 30, ms: 1.5 };
      return how.keepFirst ? { ...ex, first } : ex;
    },
    current: () => true,
    sent: () => sent.length,
    second: () => Promise.reject(new Error('no second connection in a recorded run')),
  };
  const config = { ...normalize({}).config, ...o.config };
  const notes: string[] = [];
  const progress: string[] = [];
  const ctx: StepContext = {
    statement: makeStatement(o.sql ?? Q01),
    where: { host: 'recorded', port: 3306, user: 'u', database: 'sakila' },
    config,
    policy: serverPolicy(o.policy),
    db,
    run: { checksum: false, live: false },
    progress: (s) => progress.push(s),
    note: (n) => notes.push(n),
    phase: o.phase ?? ((_p, fn) => fn()),
  };
  return { db, sent, ctx, notes, progress };
}

/**
 * An AnalysisSession on recorded answers that, as ProfilerSession does, refuses a blocked
 * policy before sending anything. The measured run under ANALYZE FORMAT=JSON sends its plan as the one row.
 */
export function recordedSession(rules: Rule[] = Q01_ANALYSIS): { session: AnalysisSession; sent: string[]; db: StepDb } {
  const r = recorded(rules, { execution: { executed: true, rows: 1, ms: 1.5, first: fixture('plan', 'mariadb-sandbox', 'q01-range.analyze.json') } });
  const session: AnalysisSession = {
    where: { host: 'recorded', port: 3306, user: 'mqt' },
    exclusive: async (o, fn) => {
      const blocked = o.policy.blocked();
      if (blocked) throw new Error(blocked);
      return fn(r.db);
    },
  };
  return { session, sent: r.sent, db: r.db };
}
