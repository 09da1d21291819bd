// The report webview in headless chromium for the webview tests: scripts/webview-preview.mjs
// started once per test file (before/after hooks), or the reason it cannot run here.
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { CHROMIUM } from '../../scripts/e2e/chromium.mjs';

export interface Opened {
  page: Page;
  logs: string[];
  timing: { renderMs: number; frameMs: number };
}

export interface Preview {
  open(scenario: string, theme?: string): Promise<Opened>;
  close(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** Why the webview tests cannot run on this machine (false: they can). */
export const previewSkip: string | false = existsSync(CHROMIUM) ? false : `no chromium at ${CHROMIUM}`;

/** Starts the preview before the file's tests (building the webview) and closes it after; the getter gives it to a test. */
export function usePreview(): () => Preview {
  let preview: Preview | undefined;
  before(async () => {
    if (previewSkip) return;
    const harness = pathToFileURL(join(ROOT, 'scripts', 'webview-preview.mjs')).href;
    const mod = (await import(harness)) as { startPreview(o: { build: boolean }): Promise<Preview> };
    preview = await mod.startPreview({ build: true });
  });
  after(async () => preview?.close());
  return () => {
    if (!preview) throw new Error('the preview did not start');
    return preview;
  };
}
