// Each pipeline step on recorded server outputs: what it sends, in which order, and what it
// returns. The same steps run against the real sandbox in test/db/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../../../src/core/safety';
import { detect } from '../../../../src/core/pipeline/steps/detect';
import { inspect } from '../../../../src/core/pipeline/steps/inspect';
import { explain, type ExplainOutput } from '../../../../src/core/pipeline/steps/explain';
import { measure } from '../../../../src/core/pipeline/steps/measure';
import { actuals } from '../../../../src/core/pipeline/steps/actuals';
import { read } from '../../../../src/core/pipeline/steps/read';
import { trace } from '../../../../src/core/pipeline/steps/trace';
import { live } from '../../../../src/core/pipeline/steps/live';
import { dialectFrom } from '../../../../src/core/sql/dialect';
import { isAround, type Detected } from '../../../../src/core/pipeline/step';
import { capabilitiesFrom, serverInfoFrom } from '../../../../src/core/session/server';
import { fixture, MARIADB_HELLO, Q01, Q01_EXPLAIN, recorded, RENTAL_CATALOG, serverError, tsvRows, type Rule } from './recorded';
import { STATUS_SQL } from '../../../../src/core/counters/snapshot';

const mariadb = (): Detected => {
  const server = serverInfoFrom('10.11.19-MariaDB-0+deb12u1', 'Debian 12');
  return {
    server,
    capabilities: { ...capabilitiesFrom(server, { haveProfiling: 'YES', performanceSchema: 0 }), profiling: false },
    maxPacket: 16777216,
    dialect: dialectFrom('mariadb', server.version, 'STRICT_TRANS_TABLES'),
    netBuffer: { length: 16384, restoresCounters: true },
  };
};
const mysql8 = (): Detected => {
  const server = serverInfoFrom('8.0.36');
  return {
    server,
    capabilities: capabilitiesFrom(server, { haveProfiling: 'YES', performanceSchema: 1 }),
    maxPacket: 67108864,
    dialect: dialectFrom('mysql', server.version, 'ONLY_FULL_GROUP_BY'),
    netBuffer: { length: 16384, restoresCounters: false },
  };
};
const plainRead = (sql = Q01) => ({
  decision: decide(recorded([], { sql }).ctx.statement.classification, {
    defaultSchema: 'sakila',
    tables: [{ schema: 'sakila', name: 'rental', type: 'BASE TABLE', engine: 'InnoDB', via: 'the statement' }],
    routines: [],
    triggers: [],
    problems: [],
  }),
});
const st = (sql = Q01) => recorded([], { sql }).ctx.statement;

test('detect: learns the server once per connection (one SELECT, one SET); the time limit is sent again only when it changes', async () => {
  const r = recorded(MARIADB_HELLO, { config: { timeoutSeconds: 12.5 } });
  const out = await detect.run(r.ctx, {});
  assert.ok(out);
  assert.deepEqual(out.server, { flavor: 'mariadb', version: '10.11.19-MariaDB-0+deb12u1', comment: 'Debian 12' });
  assert.equal(out.capabilities.profiling, true);
  assert.equal(out.capabilities.explainAnalyze, true);
  assert.deepEqual(r.sent, [
    'SELECT VERSION() AS v, @@version_comment AS c, @@performance_schema AS ps, @@max_allowed_packet AS mp, @@SESSION.sql_mode AS sm, @@net_buffer_length AS nb, @@have_profiling AS hp, DATABASE() AS db, @@optimizer_trace_max_mem_size AS tm',
    // READ ONLY as the variable behind SET SESSION TRANSACTION READ ONLY (MariaDB before 11.1: tx_read_only).
    'SET SESSION tx_read_only = 1, max_statement_time = 30.000, profiling = 1',
  ]);
  // The limit comes from the StepDb (set by the session from the config).
  const again = recorded(MARIADB_HELLO, { state: r.db.state });
  await detect.run(again.ctx, {});
  assert.deepEqual(again.sent, [], 'cached on the connection, the limit unchanged');
  const other = recorded(MARIADB_HELLO, { state: r.db.state });
  (other.db as { limitMs: number }).limitMs = 5000;
  await detect.run(other.ctx, {});
  assert.deepEqual(other.sent, ['SET SESSION max_statement_time = 5.000'], 'a new limit is sent once');
  out.capabilities.flushStatus = false;
  assert.equal(r.db.state.detected?.capabilities.flushStatus, true, 'a run changes its copy, not the cache');
});

test('detect: MySQL 8.3 gets JSON format version 2; the dialect is the server version and sql_mode', async () => {
  const r = recorded([
    [/^SELECT VERSION\(\)/, [{ v: '8.4.0', c: 'MySQL Community Server - GPL', ps: 1, mp: 1024, sm: 'ANSI_QUOTES,STRICT_TRANS_TABLES', nb: 8192, hp: 'YES' }]],
  ]);
  const out = await detect.run(r.ctx, {});
  assert.ok(
    r.sent.includes('SET SESSION transaction_read_only = 1, max_execution_time = 30000, profiling = 1, explain_json_format_version = 2'),
    r.sent.join('\n'),
  );
  assert.deepEqual(out?.dialect, { flavor: 'mysql', versionId: 80400, ansiQuotes: true, noBackslashEscapes: false, oracle: false });
  assert.deepEqual(out?.netBuffer, { length: 8192, restoresCounters: false });
});

test('read: the statement as this server reads it; a statement over max_allowed_packet is refused', async () => {
  // MariaDB 10.11 runs /*M!100100 ... */ but not /*!110000 ... */: the cautious reading (no server) doubts both.
  const sql = 'SELECT 1 /*!110000 , SLEEP(5) */';
  const r = recorded([], { sql });
  assert.equal(r.ctx.statement.classification.safeToExecute, false, 'without a server: a doubt, explain only');
  const out = await read.run(r.ctx, { detect: mariadb() });
  assert.equal(out?.kind, 'read');
  assert.equal(out?.classification.safeToExecute, true, 'read as MariaDB 10.11 reads it');
  assert.deepEqual(r.sent, [], 'nothing sent');
  const big = recorded([], { sql: `SELECT '${'x'.repeat(2000)}'` });
  await assert.rejects(read.run(big.ctx, { detect: { ...mysql8(), maxPacket: 1024 } }), /max_allowed_packet/);
  const empty = recorded([], { sql: '/*!110000 SELECT 1 */' });
  await assert.rejects(read.run(empty.ctx, { detect: mariadb() }), /versioned comments hold no code/);
});

test('inspect: a read of an InnoDB table runs plain; no transaction mode is sent (the session is read-only)', async () => {
  const r = recorded(RENTAL_CATALOG);
  const out = await inspect.run(r.ctx, { detect: mariadb(), read: st() });
  assert.equal(out?.decision.run, 'plain');
  assert.equal(r.sent[0], 'SELECT DATABASE() AS db');
  assert.equal(
    r.sent.some((s) => s.includes('TRANSACTION')),
    false,
  );
});

test('inspect: explain only turns profile writes off (no write closure); DDL is not even looked up', async () => {
  const r = recorded(RENTAL_CATALOG, { policy: { explainOnly: true, allowWrites: true }, sql: 'DELETE FROM rental WHERE rental_id = 1' });
  const out = await inspect.run(r.ctx, { detect: mariadb(), read: r.ctx.statement });
  assert.deepEqual({ run: out?.decision.run, explain: out?.decision.explain }, { run: 'no', explain: true });
  assert.equal(
    r.sent.some((s) => /TRIGGERS|REFERENTIAL/.test(s)),
    false,
    'no trigger or FK closure for a write that will not run',
  );
  const ddl = recorded(RENTAL_CATALOG, { sql: 'DROP TABLE rental' });
  const d = await inspect.run(ddl.ctx, { detect: mariadb(), read: ddl.ctx.statement });
  assert.equal(d?.decision.run, 'no');
  assert.deepEqual(ddl.sent, [], 'no catalogue query for DDL');
});

test('inspect: a failed catalogue lookup is a note and a decision not to run', async () => {
  const r = recorded([[/^SELECT DATABASE/, serverError(1142, 'SELECT command denied')]]);
  const out = await inspect.run(r.ctx, { detect: mariadb(), read: r.ctx.statement });
  assert.equal(out?.decision.run, 'no');
  assert.match(r.notes[0], /Inspecting what the statement touches failed: SELECT command denied/);
});

test('explain: MariaDB gives FORMAT=JSON and classic; the JSON plan leads', async () => {
  const r = recorded(Q01_EXPLAIN);
  const out = (await explain.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead() })) as ExplainOutput;
  assert.deepEqual(r.sent, [`EXPLAIN FORMAT=JSON ${Q01}`, `EXPLAIN ${Q01}`]);
  assert.equal(out.plan?.format, 'mariadb-json');
  assert.equal(out.classicPlan?.format, 'classic');
  assert.equal(out.plan?.root.children[0]?.table ?? out.plan?.root.table, 'rental');
  assert.equal(out.planError, undefined);
  assert.equal(out.raw.explainRows?.length, 1);
});

test('explain: MySQL 8.0.16+ also asks for the TREE; a syntax error is kept as the plan error', async () => {
  const r = recorded([[/^EXPLAIN/, serverError(1064, "You have an error in your SQL syntax; check the manual near 'FORM rental' at line 1")]], {
    sql: 'SELECT * FORM rental',
  });
  const out = (await explain.run(r.ctx, { detect: mysql8(), read: st('SELECT * FORM rental'), inspect: plainRead('SELECT * FORM rental') })) as ExplainOutput;
  assert.deepEqual(
    r.sent.map((s) => s.split(' SELECT')[0]),
    ['EXPLAIN FORMAT=JSON', 'EXPLAIN FORMAT=TREE', 'EXPLAIN'],
  );
  assert.equal(out.plan, null);
  assert.equal(out.planError?.errno, 1064);
});

test('explain: a statement the decision keeps from EXPLAIN sends nothing', async () => {
  const r = recorded(Q01_EXPLAIN, { sql: 'DROP TABLE rental' });
  const out = (await explain.run(r.ctx, {
    detect: mariadb(),
    read: r.ctx.statement,
    inspect: { decision: { explain: false, run: 'no', reason: 'DROP is DDL', notes: [] } },
  })) as ExplainOutput;
  assert.deepEqual(r.sent, []);
  assert.equal(out.planError?.message, 'DROP is DDL');
});

/** Fresh each time: two baseline snapshots, then the one after the statement. */
const status = (): Rule[] => {
  let n = 0;
  const before = tsvRows(fixture('counters', 'baseline-flush-show.status.tsv'));
  const after = tsvRows(fixture('counters', 'q01-range.status.tsv'));
  return [[/^SHOW SESSION STATUS( WHERE Value <> '0')?$/, () => (++n <= 2 ? before : after)]];
};
const explained = (): ExplainOutput => ({ plan: null, classicPlan: null, raw: { explainRows: [] } });

test('measure: FLUSH, two snapshots, the statement, a third snapshot; counters are the window', async () => {
  const r = recorded(status(), { config: { planActuals: 'never' } });
  const out = await measure.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), explain: explained() });
  assert.deepEqual(r.sent, ['FLUSH STATUS', STATUS_SQL, STATUS_SQL, `<run> ${Q01}`, STATUS_SQL]);
  assert.equal(out?.execution.executed, true);
  const delta = (name: string) => out?.counters.find((c) => c.name === name)?.corrected;
  assert.equal(delta('Handler_read_next'), 30);
  assert.equal(delta('Com_select'), 1);
  assert.equal(out?.observation?.flushed, true);
});

test('measure: a rolled-back write opens and closes its transaction; an early commit is reported', async () => {
  const sql = 'UPDATE rental SET return_date = NOW() WHERE rental_id = 1';
  const r = recorded([...status(), [/@@in_transaction/, [{ t: 0 }]]], { sql, execution: { executed: true, rows: 0, ms: 2, affected: 1 } });
  const out = await measure.run(r.ctx, {
    detect: mariadb(),
    read: r.ctx.statement,
    inspect: { decision: { explain: true, run: 'rollback', notes: ['rolled back'] } },
    explain: explained(),
  });
  assert.deepEqual(
    r.sent.filter((s) => !s.startsWith('SHOW')),
    ['FLUSH STATUS', 'START TRANSACTION READ WRITE', `<run> ${sql}`, 'SELECT @@in_transaction AS t', 'ROLLBACK'],
  );
  assert.equal(out?.execution.executed, true);
  assert.deepEqual(r.notes, [
    '1 row(s) affected, then rolled back.',
    'WARNING: the transaction ended before the rollback (an implicit commit?); the change may have been kept.',
    'rolled back',
  ]);
});

test('measure: FLUSH STATUS denied is a note; a statement rejected at EXPLAIN is not run', async () => {
  const r = recorded([[/^FLUSH STATUS/, serverError(1227, 'Access denied; you need the RELOAD privilege')], ...status()], { config: { planActuals: 'never' } });
  const out = await measure.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), explain: explained() });
  assert.equal(out?.capabilities.flushStatus, false);
  assert.equal(out?.observation?.flushed, false);
  assert.match(r.notes[0], /FLUSH STATUS was denied/);
  const bad = recorded(status());
  const rejected = await measure.run(bad.ctx, {
    detect: mariadb(),
    read: st(),
    inspect: plainRead(),
    explain: { plan: null, classicPlan: null, raw: {}, planError: { message: 'syntax', errno: 1064 } },
  });
  assert.deepEqual(bad.sent, []);
  assert.equal(rejected?.execution.reason, 'The server rejected the statement.');
});

test('measure: explain only sends nothing, even for a read the decision would run', async () => {
  const r = recorded(status(), { policy: { explainOnly: true } });
  const out = await measure.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), explain: explained() });
  assert.deepEqual(r.sent, []);
  assert.equal(out?.execution.reason, 'Explain only: the statement was not run.');
});

test('measure: a decision not to run sends nothing', async () => {
  const r = recorded(status());
  const out = await measure.run(r.ctx, {
    detect: mariadb(),
    read: r.ctx.statement,
    inspect: { decision: { explain: true, run: 'no', reason: 'Explain only', notes: [] } },
    explain: explained(),
  });
  assert.deepEqual(r.sent, []);
  assert.deepEqual(out?.execution, { executed: false, rows: 0, ms: 0, reason: 'Explain only' });
});

const ran = (ms: number) => ({
  execution: { executed: true, rows: 30, ms },
  counters: [],
  observation: null,
  profile: { source: null, stages: [] },
  capabilities: mariadb().capabilities,
});

test('actuals: auto runs ANALYZE FORMAT=JSON after a quick run; the plan gets actual rows', async () => {
  const r = recorded([[/^ANALYZE FORMAT=JSON /, [[fixture('plan', 'mariadb-sandbox', 'q01-range.analyze.json')]]]]);
  const out = await actuals.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), measure: ran(5) });
  assert.deepEqual(r.sent, [`ANALYZE FORMAT=JSON ${Q01}`]);
  assert.equal(out?.plan.format, 'mariadb-analyze-json');
  const rows = JSON.stringify(out?.plan).match(/"rowsActual":\s*\d+/g);
  assert.ok(rows && rows.length > 0, 'actual rows per node');
});

test('actuals: not after a slow run (auto), never with never, never for a rolled-back write', async () => {
  const rollback = { decision: { explain: true, run: 'rollback' as const, notes: [] } };
  const cases: Array<['auto' | 'never' | 'always', number, typeof rollback | ReturnType<typeof plainRead>]> = [
    ['auto', 3000, plainRead()],
    ['never', 1, plainRead()],
    ['always', 1, rollback],
  ];
  for (const [planActuals, ms, inspectOut] of cases) {
    const r = recorded([], { config: { planActuals } });
    assert.equal(await actuals.run(r.ctx, { detect: mariadb(), read: st(), inspect: inspectOut, measure: ran(ms) }), undefined);
    assert.deepEqual(r.sent, [], `${planActuals} ${ms}`);
  }
});

test('explain: a read the server refuses in the read-only session (1792) is a disagreement; measure then sends nothing', async () => {
  // What a wrong reader might take for a read; the server's refusal is what counts.
  const sql = 'SELECT * FROM rental WHERE rental_id = 1';
  const r = recorded([[/^EXPLAIN/, serverError(1792, 'Cannot execute statement in a READ ONLY transaction')]], { sql });
  const out = (await explain.run(r.ctx, { detect: mariadb(), read: st(sql), inspect: plainRead(sql) })) as ExplainOutput;
  assert.match(out.differs ?? '', /refuses this statement in a read-only session \(error 1792\)/);
  assert.equal(r.notes.at(-1), out.differs);
  assert.equal(
    r.sent.some((s) => /TRANSACTION/.test(s)),
    false,
    'a read is explained in the read-only session only',
  );
  const m = recorded(status(), { sql });
  const measured = await measure.run(m.ctx, { detect: mariadb(), read: st(sql), inspect: plainRead(sql), explain: out });
  assert.deepEqual(m.sent, []);
  assert.equal(measured?.execution.reason, out.differs);
});

test('explain: a write is probed in the read-only session (refused there), then explained inside READ WRITE … ROLLBACK', async () => {
  const sql = 'UPDATE rental SET return_date = NOW() WHERE rental_id = 1';
  let inTx = false;
  const r = recorded(
    [
      [/^START TRANSACTION READ WRITE/, () => ((inTx = true), [])],
      [/^ROLLBACK/, () => ((inTx = false), [])],
      [
        /^EXPLAIN FORMAT=JSON UPDATE/,
        () =>
          inTx
            ? [['{"query_block": {"select_id": 1, "table": {"update": 1, "table_name": "rental", "access_type": "const", "rows": 1}}}']]
            : serverError(1792, 'read only'),
      ],
      [/^EXPLAIN UPDATE/, () => (inTx ? [{ id: 1, select_type: 'SIMPLE', table: 'rental', type: 'range', rows: 1 }] : serverError(1792, 'read only'))],
    ],
    { sql },
  );
  const out = (await explain.run(r.ctx, {
    detect: mariadb(),
    read: st(sql),
    inspect: { decision: { explain: true, run: 'no', reason: 'UPDATE changes data', notes: [] } },
  })) as ExplainOutput;
  assert.deepEqual(r.sent, [`EXPLAIN ${sql}`, 'START TRANSACTION READ WRITE', `EXPLAIN FORMAT=JSON ${sql}`, `EXPLAIN ${sql}`, 'ROLLBACK']);
  assert.equal(out.differs, undefined);
  assert.equal(out.readWrite, true);
  assert.equal(out.explained, true);
  assert.ok(out.plan);
});

test('explain: a write the server explains as a plain read in the read-only session is held back', async () => {
  const sql = 'UPDATE rental SET return_date = NOW() WHERE rental_id = 1';
  const r = recorded([[/^EXPLAIN UPDATE/, [{ id: 1, select_type: 'SIMPLE', table: 'rental', type: 'const', rows: 1 }]]], { sql });
  const out = (await explain.run(r.ctx, {
    detect: mariadb(),
    read: st(sql),
    inspect: { decision: { explain: true, run: 'rollback', notes: [] } },
  })) as ExplainOutput;
  assert.deepEqual(r.sent, [`EXPLAIN ${sql}`], 'no READ WRITE transaction is opened');
  assert.match(out.differs ?? '', /explains this statement in a read-only session as a read/);
});

test('measure: on MariaDB with actuals on, ANALYZE FORMAT=JSON is the one measured run (plan, counters, profile)', async () => {
  const analyzeJson = fixture('plan', 'mariadb-sandbox', 'q01-range.analyze.json');
  const r = recorded(status(), { execution: { executed: true, rows: 1, ms: 3, first: analyzeJson } });
  const out = await measure.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), explain: explained() });
  assert.deepEqual(r.sent, ['FLUSH STATUS', STATUS_SQL, STATUS_SQL, `<run> ANALYZE FORMAT=JSON ${Q01}`, STATUS_SQL]);
  assert.equal(out?.oneRun, true);
  assert.equal(out?.analyzed?.plan.format, 'mariadb-analyze-json');
  // The server sends the plan instead of the rows: the row count is Rows_sent less the plan's own row.
  assert.equal(out?.counters.find((c) => c.name === 'Rows_sent')?.corrected, 30);
  assert.equal(out?.execution.rows, 29);
  assert.match(r.notes.at(-1) ?? '', /One execution under ANALYZE FORMAT=JSON/);
  const a = recorded([]);
  assert.equal(await actuals.run(a.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), measure: out! }), undefined);
  assert.deepEqual(a.sent, [], 'no second run for actuals');
});

test('measure: the one-run path falls back to a plain run when the server refuses ANALYZE; never with a checksum', async () => {
  let runs = 0;
  const r = recorded(status(), { execution: { executed: true, rows: 30, ms: 3 } });
  const execute = r.db.execute;
  (r.db as { execute: typeof execute }).execute = async (sql, o) => {
    runs++;
    if (sql.startsWith('ANALYZE'))
      return { executed: false, rows: 0, ms: 1, reason: 'The statement failed.', error: { message: 'ANALYZE refused', errno: 1064 } };
    return execute(sql, o);
  };
  const out = await measure.run(r.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), explain: explained() });
  assert.equal(runs, 2);
  assert.equal(out?.execution.executed, true);
  assert.equal(out?.analyzed, undefined);
  assert.match(r.notes.join('\n'), /ANALYZE FORMAT=JSON was refused \(ANALYZE refused\)/);
  const pair = recorded(status());
  (pair.ctx as { run: { checksum: boolean; live: boolean } }).run = { checksum: true, live: false };
  await measure.run(pair.ctx, { detect: mariadb(), read: st(), inspect: plainRead(), explain: explained() });
  assert.ok(pair.sent.includes(`<run> ${Q01}`), 'a checksummed run sends the rows, so it is the statement itself');
});

const TRACE_TEXT = fixture('trace', 'mariadb-competing-indexes.txt')
  .replace(/^#.*\n/gm, '')
  .trim();
const TRACE_RULES: Rule[] = [
  [/@@optimizer_trace_max_mem_size AS m/, [{ m: 1048576 }]],
  [/information_schema\.OPTIMIZER_TRACE/, [{ t: TRACE_TEXT, missing: 0, denied: 0 }]],
];

test('trace: one traced EXPLAIN, the trace turned off and its limit put back; nothing with never, nothing without a plan', async () => {
  const r = recorded(TRACE_RULES);
  const out = await trace.run(r.ctx, { read: st(), explain: { ...explained(), explained: true } });
  assert.ok(out?.trace, out?.note);
  // On with its limit in one SET, off with the limit put back in another.
  const on = r.sent.indexOf("SET SESSION optimizer_trace_max_mem_size = 1048576, optimizer_trace = 'enabled=on'");
  const off = r.sent.indexOf("SET SESSION optimizer_trace = 'enabled=off', optimizer_trace_max_mem_size = 1048576");
  assert.ok(on > 0 && off > on, r.sent.join('\n'));
  assert.deepEqual(
    r.sent.slice(on, off).filter((s) => s.startsWith('EXPLAIN')),
    [`EXPLAIN ${Q01}`],
  );
  const never = recorded(TRACE_RULES, { config: { optimizerTrace: 'never' } });
  assert.equal(await trace.run(never.ctx, { read: st(), explain: { ...explained(), explained: true } }), undefined);
  const none = recorded(TRACE_RULES);
  assert.equal(
    await trace.run(none.ctx, { read: st(), explain: { plan: null, classicPlan: null, raw: {}, planError: { message: 'x', errno: 1064 } } }),
    undefined,
  );
  assert.deepEqual([...never.sent, ...none.sent], []);
});

test('trace: a write is traced where it was explained, inside READ WRITE … ROLLBACK', async () => {
  const sql = 'UPDATE rental SET return_date = NOW() WHERE rental_id = 1';
  const r = recorded(TRACE_RULES, { sql });
  await trace.run(r.ctx, { read: st(sql), explain: { ...explained(), explained: true, readWrite: true } });
  assert.equal(r.sent[0], 'START TRANSACTION READ WRITE');
  assert.equal(r.sent.at(-1), 'ROLLBACK');
  assert.ok(r.sent.includes(`EXPLAIN ${sql}`));
});

test('live: no watcher when the run asks for none', async () => {
  const r = recorded([]);
  assert.equal(await live.start(r.ctx, { detect: mariadb() }), undefined);
});

test("nothing but the live watcher joins the measured run: work on the client's thread then delays the result's arrival and counts in its time", async () => {
  // A step that parsed the statement for the hints during the run (warmHints) made a point
  // lookup's "Executed in" 11 ms instead of 0.6 ms. The live watcher does nothing for its first second.
  const { STEPS } = await import('../../../../src/core/pipeline/steps');
  const during = STEPS.filter(isAround)
    .filter((s) => s.around === 'execute')
    .map((s) => s.name);
  assert.deepEqual(during, ['live']);
});
