import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports } from '../../../../src/core/report/compare';
import { batchSummary } from '../../../../src/core/report/batch';
import { batchFragment, comparisonFragment, countersFragment } from '../../../../src/core/report/fragments';
import { renderComparisonText } from '../../../../src/core/report/text';
import { counterGroup } from '../../../../src/core/counters/groups';
import { planNode } from '../../../../src/core/plan/model';
import type { Report } from '../../../../src/core/report/model';

function report(
  statement: string,
  ms: number,
  counters: Record<string, number>,
  scan: Partial<ReturnType<typeof planNode>>,
  stages: Record<string, number> = {},
): Report {
  return {
    tool: { name: 'mysql-query-tuner', version: 'test' },
    createdAt: '2026-11-23T10:00:00Z',
    server: { flavor: 'mariadb', version: '10.11.19' },
    capabilities: { profiling: true, performanceSchema: false, flushStatus: true, explainJson: true, explainAnalyze: true },
    connection: { host: 'h', port: 1, user: 'u' },
    statement,
    statementKind: 'read',
    plan: { format: 'mariadb-json', root: planNode('select', { children: [planNode('table', { table: 'payment', ...scan })] }) },
    classicPlan: null,
    raw: {},
    counters: Object.entries(counters).map(([name, v]) => ({ name, before: 0, after: v, delta: v, corrected: v, group: counterGroup(name) })),
    observation: { flushed: true, selfCost: {} },
    profile: { source: 'show-profile', stages: Object.entries(stages).map(([name, v]) => ({ name, ms: v })) },
    execution: { executed: true, rows: 1, ms },
    hints: [],
    notes: [],
    analysisMs: ms + 5,
  };
}

const before = report(
  'SELECT * FROM payment WHERE customer_id = 7',
  40,
  { Handler_read_rnd_next: 100001, Select_scan: 1 },
  { accessType: 'ALL', rowsEstimated: 99960 },
  { 'Sending data': 39, init: 0.1 },
);
const after = report(
  'SELECT * FROM payment WHERE customer_id = 7',
  1,
  { Handler_read_key: 1, Handler_read_next: 32 },
  { accessType: 'ref', key: 'idx_fk_customer_id', rowsEstimated: 32 },
  { 'Sending data': 0.5, init: 0.1 },
);

test('compare: time, counters, stages and plan changes', () => {
  const c = compareReports(before, after);
  assert.equal(c.sameStatement, true);
  assert.equal(c.timeRatio, 1 / 40);
  assert.deepEqual(c.counters[0], { name: 'Handler_read_rnd_next', a: 100001, b: 0, change: -100001 });
  assert.deepEqual(c.plan, [{ table: 'payment', what: 'changed', a: 'ALL, no key, ~99960 rows', b: 'ref, key idx_fk_customer_id, ~32 rows' }]);
  assert.equal(c.stages[0].name, 'Sending data');
  assert.match(renderComparisonText(c), /40\.0x faster/);
});

test('batch summary: slowest first', () => {
  const rows = batchSummary([after, before]);
  assert.deepEqual(
    rows.map((r) => r.index),
    [1, 0],
  );
  assert.equal(rows[0].fullScans, 1);
});

test('panel fragments escape every value', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const a = report(`SELECT * FROM \`${evil}\``, 2, { [evil]: 3 }, { table: evil, accessType: 'ALL' });
  const html =
    comparisonFragment(compareReports(a, a)) +
    countersFragment([{ name: evil, value: 3, group: 'other' }], 'none') +
    batchFragment([a], () => `command:x?${encodeURIComponent('"><script>')}`);
  assert.equal(html.includes('<img'), false);
  assert.equal(html.includes('<script>'), false);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('speed change: run-to-run noise reads as about the same', async () => {
  const { speedChange } = await import('../../../../src/core/report/compare');
  assert.equal(speedChange(1.04), 'about the same');
  assert.equal(speedChange(0.95), 'about the same');
  assert.equal(speedChange(0.25), '4.0x faster');
  assert.equal(speedChange(3), '3.0x slower');
  assert.equal(speedChange(undefined), '');
});
