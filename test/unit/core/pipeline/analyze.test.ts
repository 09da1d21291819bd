// The whole pipeline on recorded outputs: the steps in order, explain-only, and how a new
// step (sequential or around a phase) joins with one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize } from '../../../../src/core/config';
import { analyze } from '../../../../src/core/pipeline/analyze';
import { serverPolicy } from '../../../../src/core/pipeline/policy';
import { makeStatement } from '../../../../src/core/pipeline/statement';
import { aroundStep, step } from '../../../../src/core/pipeline/step';
import { STEPS } from '../../../../src/core/pipeline/steps';
import { gate } from '../../../../src/core/safety/gate';
import { Q01, recordedSession } from './recorded';

declare module '../../../../src/core/pipeline/step' {
  interface StepOutputs {
    probeAround: { saw: string[] };
    probeAfter: { nodes: number };
  }
}

test('analyze: detect, read, inspect, explain, trace, measure in order, into one report with the statement facts', async () => {
  const { session: s, sent } = recordedSession();
  const { config } = normalize({});
  const report = await analyze(makeStatement(`${Q01};\nSELECT 2`), config, serverPolicy(), s);
  const kinds = sent.map((q) => q.split(/\s+/).slice(0, 2).join(' '));
  assert.deepEqual(
    kinds.filter((k) => !k.startsWith('SELECT TABLE_SCHEMA') && !k.startsWith('SELECT ROUTINE')),
    [
      'SELECT VERSION()',
      // One SET: READ ONLY, the time limit and profiling, once per session.
      'SET SESSION',
      'SELECT DATABASE()',
      'EXPLAIN FORMAT=JSON',
      'EXPLAIN SELECT',
      // This recording has no trace limit in its first answer: the trace of one more EXPLAIN, off again before the measured run.
      'SELECT @@optimizer_trace_max_mem_size',
      'SET SESSION',
      'EXPLAIN SELECT',
      'SELECT TRACE',
      'SET SESSION',
      'FLUSH STATUS',
      'SHOW SESSION',
      'SHOW SESSION',
      // MariaDB: one execution under ANALYZE FORMAT=JSON is the measured run; no second run for actuals.
      '<run> ANALYZE',
      'SHOW SESSION',
      // Profiling stays on: the profile is read from information_schema.PROFILING by query id.
      'SELECT STATE',
    ],
  );
  assert.equal(report.traceNote, 'The server recorded no optimizer trace for this statement.');
  assert.equal(report.server.flavor, 'mariadb');
  assert.equal(report.plan?.format, 'mariadb-analyze-json');
  assert.equal(report.classicPlan?.format, 'classic');
  assert.equal(report.execution.executed, true);
  assert.match(report.notes[0], /holds 2 statements/);
  assert.deepEqual(
    report.source?.tables.map((t) => [t.name, Q01.slice(t.start, t.end)]),
    [['rental', 'rental']],
  );
  assert.deepEqual(report.source?.selects, [{ id: 1, start: 0, end: Q01.length }]);
});

test('analyze: explain only never executes, whatever the config asks', async () => {
  const { session: s, sent } = recordedSession();
  const { config } = normalize({ planActuals: 'always', profileWrites: true });
  const report = await analyze(makeStatement(Q01), config, serverPolicy({ explainOnly: true, allowWrites: true }), s);
  assert.equal(report.execution.executed, false);
  assert.equal(report.plan?.format, 'mariadb-json');
  assert.equal(
    sent.some((q) => q.startsWith('<run>') || q.startsWith('ANALYZE') || q.startsWith('FLUSH')),
    false,
  );
});

test('analyze: a closed gate stops the analysis before the session is asked for anything', async () => {
  const { session: s, sent } = recordedSession();
  const { config } = normalize({});
  await assert.rejects(analyze(makeStatement(Q01), config, serverPolicy({ gate: gate(() => 'Restricted Mode') }), s), /Restricted Mode/);
  assert.deepEqual(sent, []);
});

test('a new step is one module and one line: an around step joins the execute phase, a sequential one reads explain', async () => {
  const { session: s, sent } = recordedSession();
  const { config } = normalize({ planActuals: 'never' });
  const live = aroundStep({
    name: 'probeAround',
    needs: ['detect'],
    around: 'execute',
    async start() {
      const mark = sent.length;
      return async () => ({ saw: sent.slice(mark) });
    },
    apply(report, out) {
      report.notes.push(`around saw ${out.saw.join(' | ')}`);
    },
  });
  const advise = step({
    name: 'probeAfter',
    needs: ['explain'],
    async run(_ctx, { explain }) {
      return { nodes: explain.plan ? 1 : 0 };
    },
    apply(report, out) {
      report.notes.push(`probe saw ${out.nodes} plan`);
    },
  });
  const at = STEPS.findIndex((x) => x.name === 'explain') + 1;
  const steps = [...STEPS.slice(0, at), advise, ...STEPS.slice(at), live];
  const report = await analyze(makeStatement(Q01), config, serverPolicy(), s, { steps });
  assert.ok(report.notes.includes('probe saw 1 plan'));
  // The around step started just before the statement and finished right after it.
  assert.ok(report.notes.includes(`around saw <run> ${Q01}`), report.notes.join('\n'));
});
