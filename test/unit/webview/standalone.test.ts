// The exported single-file report: opened offline in headless chromium, it must show the
// same interactive view as the editor, request nothing from the network, and run no
// injected markup.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../../scripts/e2e/chromium.mjs';
import { watchedPage } from '../../support/page';
import { loadStandaloneAssets, renderStandaloneHtml } from '../../../src/core/report/standalone';
import type { Report } from '../../../src/core/report/model';

const ROOT = join(__dirname, '..', '..', '..');
const built = existsSync(join(ROOT, 'dist', 'webview.js'));
const skip = !existsSync(CHROMIUM) ? `no chromium at ${CHROMIUM}` : !built ? 'dist/webview.js not built (npm run build)' : false;
const report = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reports/q03-join.report.json'), 'utf8')) as Report;
let browser: Browser;

before(async () => {
  if (skip) return;
  browser = await launchChromium();
});
after(async () => browser?.close());

async function open(html: string) {
  const { page, url, requests, errors } = await watchedPage(browser, html, 'mqt-export-');
  await page.goto(url);
  await page.waitForSelector('body[data-state="report"]', { timeout: 10000 });
  return { page, requests, errors };
}

test('an exported report shows the plan graph, findings, counters and profile offline', { skip }, async () => {
  const { page, requests, errors } = await open(renderStandaloneHtml([report], loadStandaloneAssets(ROOT)));
  assert.equal(await page.locator('.node').count(), [...JSON.stringify(report.plan).matchAll(/"op":/g)].length);
  assert.ok((await page.locator('#findings li.finding').count()) >= 1);
  assert.ok((await page.locator('#counters tr.counter-row').count()) >= 5);
  assert.ok((await page.locator('#profile .timeline .seg').count()) > 5);
  assert.deepEqual(requests, [], 'nothing is fetched');
  assert.deepEqual(errors, []);
  await page.close();
});

test('several reports: one page with a button per statement', { skip }, async () => {
  const second = { ...report, statement: 'SELECT 1', plan: null, findings: [], counters: [] } as Report;
  const { page } = await open(renderStandaloneHtml([report, second], loadStandaloneAssets(ROOT)));
  assert.equal(await page.locator('nav.reports button').count(), 2);
  await page.locator('nav.reports button').nth(1).click();
  await page.waitForFunction(() => document.querySelector('#statement')?.textContent === 'SELECT 1');
  await page.close();
});

test('hostile strings in a report stay text: no script runs, nothing is injected', { skip }, async () => {
  const evil = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const hostile = structuredClone(report);
  hostile.statement = `SELECT * FROM \`${evil}\``;
  hostile.notes = [evil];
  hostile.plan!.root.children[0].table = evil;
  const html = renderStandaloneHtml([hostile], loadStandaloneAssets(ROOT));
  const { page, errors } = await open(html);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.ok((await page.locator('#statement').textContent())?.includes('<img src=x'));
  assert.deepEqual(errors, []);
  await page.close();
});
