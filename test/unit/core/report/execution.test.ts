// The execution line of every report: the client's time, and the server's own timer when
// performance_schema gave one (they differ by the network and by whatever else ran on the client).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Report } from '../../../../src/core/report/model';
import { executionSummary } from '../../../../src/core/report/view';
import { renderText } from '../../../../src/core/report/text';

const ROOT = join(__dirname, '../../../..');
const report = (): Report => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reports/q03-join.report.json'), 'utf8')) as Report;

test("the execution line gives the client's time and the server's own", () => {
  const r = report();
  assert.equal(executionSummary(r), 'Executed in 4.9 ms (4.4 ms on the server), 20 rows returned.');
  assert.match(renderText(r), /Executed in 4\.9 ms \(4\.4 ms on the server\), 20 rows returned\./);
});

test("without performance_schema's event, the client's time alone", () => {
  const r = report();
  delete r.profile.statement;
  assert.equal(executionSummary(r), 'Executed in 4.9 ms, 20 rows returned.');
});
