// The live view in the report webview (headless chromium, the panel's CSP): live messages from
// recorded SHOW ANALYZE polls patch the plan graph in place, the growing node is lit, Cancel
// posts to the host, and a cancelled report keeps the last live plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { liveNodes, type LiveUpdate } from '../../../src/core/live';
import { parsePlanText } from '../../../src/core/plan';
import { stripHeader } from '../core/plan/fixtures';
import { previewSkip, usePreview } from '../../support/preview';

const ROOT = join(__dirname, '..', '..', '..');
const skip = previewSkip;
const preview = usePreview();

const SQL = 'SELECT COUNT(*) FROM actor a JOIN payment p ON p.amount * 100 = a.actor_id + p.customer_id WHERE a.actor_id <= 150';
const raw = (n: number) => stripHeader(readFileSync(join(ROOT, 'test', 'fixtures', 'live', `sandbox-show-analyze-${n}.json`), 'utf8'));
const first = parsePlanText(raw(1));
const second = parsePlanText(raw(2));
const u1: LiveUpdate = { elapsedMs: 1040, stage: 'Sending data', source: 'show-analyze', plan: first, nodes: liveNodes(first) };
const u2: LiveUpdate = { elapsedMs: 2054, stage: 'Sending data', source: 'show-analyze', plan: second, nodes: liveNodes(second, u1.nodes) };
const post = (page: Page, msg: unknown) => page.evaluate((m) => window.postMessage(m, '*'), msg);
const nodeText = (page: Page, table: string) =>
  page
    .locator('.plan-graph .node')
    .filter({ has: page.locator('.node-sub', { hasText: new RegExp(`^${table}\\b`) }) })
    .first();

test('live updates patch the plan graph in place; the growing node is lit; Cancel goes to the host', { skip }, async () => {
  const { page, logs } = await preview().open('estimates', 'dark');
  await post(page, { type: 'live', statement: SQL, update: u1, connection: 'sandbox' });
  await page.locator('body[data-state=live] #live-status').filter({ hasText: 'Sending data' }).waitFor();
  assert.match(await page.locator('#live-status').innerText(), /1\.0 s/);
  assert.equal(await page.locator('.plan-graph .node.live').count(), 2);
  const p = nodeText(page, 'p');
  assert.match(await p.locator('.node-rows').innerText(), /% of est\./);
  const rows1 = await p.locator('.node-rows').innerText();
  // Mark the graph: a patch keeps the element (and the user's pan and zoom), a rebuild would not.
  await page.evaluate(() => document.querySelector('.plan-graph')?.setAttribute('data-test-kept', '1'));

  await post(page, { type: 'live', statement: SQL, update: u2, connection: 'sandbox' });
  await page.locator('#live-status').filter({ hasText: '2.1 s' }).waitFor();
  assert.equal(await page.locator('.plan-graph[data-test-kept]').count(), 1, 'the graph was rebuilt');
  assert.notEqual(await p.locator('.node-rows').innerText(), rows1, 'the rows of p did not change');
  assert.equal(await page.locator('.plan-graph .node.live-growing').count(), 1);
  assert.equal(await p.evaluate((el) => el.classList.contains('live-growing')), true);
  const width = await p.locator('.node-bar-fill').evaluate((el) => parseFloat((el as HTMLElement).style.width));
  assert.ok(width > 0 && width < 100, `bar ${width}%`);

  await page.locator('#cancel').click();
  const posted = await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((m) => m.type));
  assert.ok(posted.includes('cancel'), posted.join(','));
  assert.deepEqual(
    logs.filter((l) => /pageerror|Content Security Policy|Refused/i.test(l)),
    [],
  );
  await page.close();
});

test('a cancelled report keeps the last live plan with "cancelled at 12.3 s"', { skip }, async () => {
  const { page } = await preview().open('estimates', 'light');
  const report = JSON.parse(await page.evaluate(() => document.getElementById('preview-message')!.textContent!)) as { report: Record<string, unknown> };
  const r = {
    ...report.report,
    statement: SQL,
    execution: { executed: false, rows: 0, ms: 12_340, reason: 'Cancelled.' },
    live: { source: 'show-analyze', updates: 24, last: u2, ended: { by: 'cancel', atMs: 12_340 }, raw: raw(2) },
  };
  await post(page, { type: 'report', report: r, connection: 'sandbox' });
  await page.locator('body[data-state=report] #live').waitFor();
  assert.match(await page.locator('#live').innerText(), /cancelled at 12\.3 s/);
  assert.equal(await page.locator('#live .plan-graph .node.live').count(), 2);
  // How far it got comes before the estimated plan.
  assert.ok(
    await page.evaluate(() => {
      const live = document.getElementById('live')!;
      const plan = document.getElementById('plan')!;
      return (live.compareDocumentPosition(plan) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    }),
  );
  await page.close();
});
