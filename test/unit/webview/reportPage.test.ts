// The report panel's page (src/editor/reportHtml.ts + dist/webview.js) in headless chromium,
// with a stand-in for the webview API that records what the view posts: it fetches nothing,
// shows a state once however often it is posted, keeps a report up while it is run again,
// says when it painted, and names the state it restored when it says "ready".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../../scripts/e2e/chromium.mjs';
import { watchedPage } from '../../support/page';
import { isHostToWebview, isWebviewToHost } from '../../../src/core/protocol';
import type { Report } from '../../../src/core/report/model';
import { loadReportAssets, readReportAssets, reportHtml } from '../../../src/editor/reportHtml';

const ROOT = join(__dirname, '..', '..', '..');
const built = existsSync(join(ROOT, 'dist', 'webview.js')) && existsSync(join(ROOT, 'dist', 'media', 'codicon.ttf'));
const skip = !existsSync(CHROMIUM) ? `no chromium at ${CHROMIUM}` : !built ? 'dist/ not built (npm run build)' : false;
const report = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reports/q03-join.report.json'), 'utf8')) as Report;
let browser: Browser;

before(async () => {
  if (skip) return;
  browser = await launchChromium();
});
after(async () => browser?.close());

type Posted = Array<{ type: string; id?: number; shown?: number }>;

/** The page as the panel builds it, opened with a recording acquireVsCodeApi (and a saved state, if any). */
async function open(saved?: unknown): Promise<{ page: Page; requests: string[]; errors: string[]; posted: () => Promise<Posted> }> {
  const { page, url, requests, errors } = await watchedPage(browser, reportHtml(readReportAssets(ROOT), 'bm9uY2U=', 'https://*.vscode-cdn.net'), 'mqt-page-');
  // A string, not a function: the test's compiler would wrap named functions in helpers the page lacks.
  await page.addInitScript({
    content: `window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), setState: () => undefined, getState: () => (${JSON.stringify(saved ?? null)} ?? undefined) });`,
  });
  await page.goto(url);
  const posted = () => page.evaluate(() => (window as unknown as { posted: Posted }).posted);
  await page.waitForFunction(() => (window as unknown as { posted: Posted }).posted.some((m) => m.type === 'ready'));
  return { page, requests, errors, posted };
}

const send = (page: Page, msg: unknown) => page.evaluate((m) => window.postMessage(m, '*'), msg);
const shown = (page: Page, id: number) =>
  page.waitForFunction((i) => (window as unknown as { posted: Posted }).posted.some((m) => m.type === 'shown' && m.id === i), id);

test('the page fetches nothing: script, styles and the icon font are inside it', { skip }, async () => {
  const { page, requests, errors, posted } = await open();
  assert.deepEqual((await posted()).slice(0, 1), [{ type: 'ready' }]);
  await send(page, { type: 'report', id: 7, report, connection: 'sandbox' });
  await page.waitForSelector('body[data-state="report"][data-view-id="7"]');
  await shown(page, 7);
  assert.ok((await page.locator('.node').count()) > 0, 'the plan graph is drawn');
  assert.equal(await page.evaluate(() => document.fonts.check('16px codicon')), true, 'the codicon font is loaded');
  assert.match((await page.locator('#vscode-codicon-stylesheet').getAttribute('href')) ?? '', /^data:text\/css;base64,/);
  assert.deepEqual(requests, [], 'nothing is fetched');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a state posted twice is shown once; a re-run keeps the report up until the new one comes', { skip }, async () => {
  const { page, posted } = await open();
  await send(page, { type: 'report', id: 7, report, connection: 'sandbox' });
  await shown(page, 7);
  await page.locator('#statement').evaluate((el) => el.setAttribute('data-old', ''));
  await send(page, { type: 'report', id: 7, report, connection: 'sandbox' }); // again, as on "ready"
  await send(page, { type: 'progress', id: 8, statement: report.statement, step: 'Explaining', connection: 'sandbox' });
  await page.waitForSelector('#busy');
  assert.equal(await page.locator('#busy').innerText(), 'Running again: Explaining…');
  assert.equal(await page.locator('body').getAttribute('data-state'), 'report');
  assert.equal(await page.locator('#statement[data-old]').count(), 1, 'the report was not built again');
  assert.equal((await posted()).filter((m) => m.type === 'shown' && m.id === 7).length, 1);
  await send(page, { type: 'report', id: 9, report, connection: 'sandbox' });
  await shown(page, 9);
  assert.equal(await page.locator('#statement[data-old]').count(), 0, 'the new report replaced the old one');
  assert.equal(await page.locator('#busy').count(), 0);
  assert.equal(await page.locator('body[data-busy]').count(), 0);
  await page.close();
});

test('Run again says so at once; a click the host leaves unanswered stops saying it', { skip }, async () => {
  const { page, posted } = await open();
  await send(page, { type: 'report', id: 7, report, connection: 'sandbox' });
  await shown(page, 7);
  await page.locator('#rerun').click();
  assert.equal(await page.locator('#busy').innerText(), 'Running again…', 'shown from the click, before any word from the host');
  assert.equal((await posted()).filter((m) => m.type === 'rerun').length, 1);
  // The run's step, when it lasts: the label names it, and stays past the unanswered wait.
  await send(page, { type: 'progress', id: 8, statement: report.statement, step: 'Running', connection: 'sandbox' });
  assert.equal(await page.locator('#busy').innerText(), 'Running again: Running…');
  await page.waitForTimeout(3300);
  assert.equal(await page.locator('#busy').innerText(), 'Running again: Running…');
  await send(page, { type: 'report', id: 9, report, connection: 'sandbox' });
  await shown(page, 9);
  // No answer at all (no connection picked): the label goes by itself.
  await page.locator('#rerun').click();
  assert.equal(await page.locator('#busy').count(), 1);
  await page.waitForFunction(() => !document.querySelector('#busy') && document.body.dataset.busy === undefined, undefined, { timeout: 5000 });
  await page.close();
});

test('progress for another statement shows the progress view', { skip }, async () => {
  const { page } = await open();
  await send(page, { type: 'report', id: 7, report, connection: 'sandbox' });
  await shown(page, 7);
  await send(page, { type: 'progress', id: 8, statement: 'SELECT 1', step: 'Connecting', connection: 'sandbox' });
  await page.waitForSelector('body[data-state="progress"]');
  assert.equal(await page.locator('#statement').innerText(), 'SELECT 1');
  assert.match(await page.locator('#progress').innerText(), /Connecting/);
  await page.close();
});

test('a restored view shows its saved state at once and names it in "ready"', { skip }, async () => {
  const { page, posted } = await open({ type: 'report', id: 5, report, connection: 'sandbox' });
  assert.deepEqual((await posted())[0], { type: 'ready', shown: 5 });
  assert.equal(await page.locator('body').getAttribute('data-state'), 'report');
  await page.close();
});

test('the assets read in the background equal the ones read at once', { skip: built ? false : 'dist/ not built' }, async () => {
  assert.deepEqual(await loadReportAssets(ROOT), readReportAssets(ROOT));
});

test('nothing in the page closes its script or style elements early', () => {
  const html = reportHtml(
    { js: 'const s = "</script><b>x</b>";', css: ['a::after { content: "</style>" }'], codiconHref: 'data:text/css;base64,' },
    'n',
    'src',
  );
  assert.equal(html.match(/<\/script>/g)?.length, 1);
  assert.equal(html.match(/<\/style>/g)?.length, 1);
  assert.match(html, /script-src 'nonce-n'/);
  assert.match(html, /<script nonce="n">/);
});

test('the message guards: ready may name a shown id, shown needs one, ids are whole numbers', () => {
  assert.equal(isWebviewToHost({ type: 'ready' }), true);
  assert.equal(isWebviewToHost({ type: 'ready', shown: 12 }), true);
  assert.equal(isWebviewToHost({ type: 'ready', shown: 'x' }), false);
  assert.equal(isWebviewToHost({ type: 'shown', id: 3 }), true);
  assert.equal(isWebviewToHost({ type: 'shown' }), false);
  assert.equal(isWebviewToHost({ type: 'shown', id: -1 }), false);
  const progress = { type: 'progress', statement: 'SELECT 1', step: 's', connection: 'c' };
  assert.equal(isHostToWebview({ ...progress, id: 4 }), true);
  assert.equal(isHostToWebview({ ...progress, id: 1.5 }), false);
  assert.equal(isHostToWebview(progress), true);
});
