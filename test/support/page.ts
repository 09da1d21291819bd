// A page in headless chromium opened on a file of HTML, recording what it fetches beyond
// file:/data: URLs and every page error or console error (the webview tests assert both empty).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface WatchedPage {
  page: Page;
  /** the file:// URL of the written HTML */
  url: string;
  requests: string[];
  errors: string[];
}

export async function watchedPage(browser: Browser, html: string, prefix: string): Promise<WatchedPage> {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) requests.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { page, url: `file://${file}`, requests, errors };
}
