// First render of a ~200-node plan in headless chromium: a fresh page per sample loads the
// built dist/webview.js with the report CSS (as the report panel does), then the time from
// posting the `plan` message to the next painted frame is read inside the page.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { countNodes, growPlanJson } from './planjson';
import { parsePlanText } from '../../src/core/plan/index';
import { below, median, unmeasured, type Figure } from './stats';

export const RENDER_FIGURE = 'first render of a 200-node plan (headless chromium)';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function pageHtml(root: string): string {
  const file = (...p: string[]) => pathToFileURL(path.join(root, ...p)).href;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<link rel="stylesheet" href="${file('dist', 'media', 'codicon.css')}" id="vscode-codicon-stylesheet">
${['report.css', 'plan.css']
  .filter((f) => existsSync(path.join(root, 'media', f)))
  .map((f) => `<link rel="stylesheet" href="${file('media', f)}">`)
  .join('\n')}
<script>
window.acquireVsCodeApi = () => ({ postMessage() {}, setState() {}, getState() { return undefined; } });
// Posts the message, then waits for the handler (a later task) and the frame that paints its DOM.
window.benchRender = async (msg) => {
  const t0 = performance.now();
  window.postMessage(msg, '*');
  await new Promise((resolve) => {
    const check = () => (document.body.dataset.state === msg.type ? requestAnimationFrame(() => setTimeout(resolve, 0)) : setTimeout(check, 0));
    check();
  });
  return { total: performance.now() - t0, dom: Number(document.body.dataset.renderMs), elements: document.querySelectorAll('#app *').length };
};
</script>
</head><body><main id="app"></main>
<script src="${file('dist', 'webview.js')}"></script></body></html>`;
}

export async function benchRender(reps: number): Promise<Figure[]> {
  const root = process.cwd();
  if (!existsSync(path.join(root, 'dist', 'webview.js'))) return [unmeasured(RENDER_FIGURE, 'ms', '< 150 ms', 'dist/webview.js was not built')];
  if (!existsSync(CHROMIUM)) return [unmeasured(RENDER_FIGURE, 'ms', '< 150 ms', `no chromium at ${CHROMIUM}`)];
  const text = growPlanJson((t) => countNodes(t) >= 200);
  const plan = parsePlanText(text);
  const nodes = countNodes(text);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-bench-render-'));
  const htmlFile = path.join(dir, 'plan.html');
  writeFileSync(htmlFile, pageHtml(root));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--allow-file-access-from-files'] });
  try {
    const times: number[] = [];
    const domTimes: number[] = [];
    for (let i = 0; i < reps + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
      // A string, not a function: tsx would add helpers to a function that the page does not have.
      const r = (await page.evaluate(`window.benchRender(${JSON.stringify({ type: 'plan', plan, raw: text, title: 'bench' })})`)) as {
        total: number;
        dom: number;
        elements: number;
      };
      await page.close();
      if (errors.length) throw new Error(`page error: ${errors[0]}`);
      if (r.elements < nodes) throw new Error(`the plan did not render (${r.elements} elements for ${nodes} nodes)`);
      if (i > 0) {
        // The first page pays chromium's own warm-up (fonts, caches); it is not counted.
        times.push(r.total);
        domTimes.push(r.dom);
      }
    }
    return [
      below(RENDER_FIGURE, median(times), 'ms', 150, {
        note: `${nodes} nodes; message posted -> next painted frame, fresh page each time, median of ${reps}; DOM building alone ${median(domTimes).toFixed(1)} ms`,
      }),
    ];
  } catch (e) {
    return [unmeasured(RENDER_FIGURE, 'ms', '< 150 ms', (e as Error).message)];
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
