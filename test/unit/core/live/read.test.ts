import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { liveNodes, liveSummaryLine, progressJson, progressLine, shareOfEstimate, type LiveUpdate } from '../../../../src/core/live';
import { parsePlanText } from '../../../../src/core/plan';
import { stripHeader } from '../plan/fixtures';

const dir = join(__dirname, '..', '..', '..', 'fixtures', 'live');
const poll = (n: number) => parsePlanText(stripHeader(readFileSync(join(dir, `sandbox-show-analyze-${n}.json`), 'utf8')));

test('SHOW ANALYZE output reads into the plan model: per table rows so far, loops and the estimate', () => {
  const plan = poll(1);
  assert.equal(plan.format, 'mariadb-analyze-json');
  const nodes = liveNodes(plan);
  assert.deepEqual(
    nodes.map((n) => n.table),
    ['a', 'p'],
  );
  const p = nodes.find((n) => n.table === 'p')!;
  assert.equal(p.op, 'Table scan');
  assert.equal(p.loops, 1);
  assert.ok(p.rows! > 0 && p.rows! < p.rowsEstimated!, JSON.stringify(p));
  assert.equal(p.grew, undefined, 'nothing to compare with on the first poll');
});

test('the node whose rows went up since the previous poll is marked as growing; the others are not', () => {
  const first = liveNodes(poll(1));
  const second = liveNodes(poll(2), first);
  const p = second.find((n) => n.table === 'p')!;
  const a = second.find((n) => n.table === 'a')!;
  assert.ok(p.rows! > first.find((n) => n.table === 'p')!.rows!);
  assert.equal(p.grew, true);
  assert.equal(a.grew, undefined);
  // ids are positions in the plan view's depth-first order
  assert.ok(second.every((n, i) => i === 0 || n.id > second[i - 1].id));
});

test('--progress lines have exactly the documented shape', () => {
  const plan = poll(2);
  const u: LiveUpdate = { elapsedMs: 2054.4, stage: 'Sending data', source: 'show-analyze', plan, nodes: liveNodes(plan) };
  const line = JSON.parse(progressJson(u)) as { progress: Record<string, unknown> };
  assert.deepEqual(Object.keys(line), ['progress']);
  assert.deepEqual(Object.keys(line.progress), ['elapsedMs', 'stage', 'nodes']);
  assert.equal(line.progress.elapsedMs, 2054);
  const nodes = line.progress.nodes as Array<Record<string, unknown>>;
  for (const n of nodes) assert.deepEqual(Object.keys(n), ['table', 'op', 'rows', 'loops', 'rowsEstimated']);
  assert.equal(nodes[1].table, 'p');
  assert.equal(nodes[1].op, 'Table scan');
});

test('the share of the estimate, the terminal line and the report line', () => {
  assert.equal(shareOfEstimate({ rows: 43, rowsEstimated: 100 }), '43% of est.');
  assert.equal(shareOfEstimate({ rows: 43 }), undefined);
  const u: LiveUpdate = {
    elapsedMs: 1500,
    stage: 'Sending data',
    source: 'show-analyze',
    nodes: [{ id: 3, table: 'p', op: 'Table scan', rows: 2150, loops: 1, rowsEstimated: 5000, grew: true }],
  };
  assert.equal(progressLine(u), '1.5 s · Sending data · p: 2150 rows (43% of est.)');
  assert.equal(
    progressLine({ elapsedMs: 900, source: 'explain-for-connection', stage: 'copy to tmp table', work: { completed: 52, estimated: 100 }, nodes: [] }),
    '0.9 s · copy to tmp table 52%',
  );
  assert.equal(
    liveSummaryLine({ source: 'show-analyze', updates: 7, last: u, ended: { by: 'cancel', atMs: 12_340 } }),
    'Live view: 7 updates (SHOW ANALYZE FOR); cancelled at 12.3 s.',
  );
  assert.equal(
    liveSummaryLine({ source: 'elapsed', updates: 1, last: u, note: 'Elapsed time only: no right to see the running thread (PROCESS privilege)' }),
    'Live view: 1 update; Elapsed time only: no right to see the running thread (PROCESS privilege).',
  );
});
