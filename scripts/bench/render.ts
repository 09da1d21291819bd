// First render of a ~200-node plan in headless chromium: a fresh page per sample loads the
// built dist/webview.js with the report CSS (as the report panel does), then the time from
// posting the `plan` message to the next painted frame is read inside the page.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { countNodes, growPlanJson } from './planjson';
import { parsePlanText } from '../../src/core/plan/index';
import { below, median, unmeasured, type Figure } from './stats';

export const RENDER_FIGURE = 'first render of a 200-node plan (headless chromium)';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function pageHtml(root: string): string {
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
// \`frame\` is the first frame after the webview's handler (this listener is added after the
// webview's, so its frame callback is that frame's last); \`total\`, the figure, polls with a
// timer first and so may end a frame later. \`built\` is the node boxes made by \`frame\`;
// \`missing\`, once the graph is complete, the boxes in the canvas that were not among them.
window.benchRender = async (msg) => {
  const t0 = performance.now();
  let frame = 0;
  let built = [];
  const framed = new Promise((resolve) => window.addEventListener('message', () => requestAnimationFrame(() => setTimeout(() => {
    frame = performance.now() - t0;
    built = [...document.querySelectorAll('.plan-graph .node')].map((n) => n.dataset.id);
    resolve();
  })), { once: true }));
  window.postMessage(msg, '*');
  await new Promise((resolve) => {
    const check = () => (document.body.dataset.state === msg.type ? requestAnimationFrame(() => setTimeout(resolve, 0)) : setTimeout(check, 0));
    check();
  });
  const total = performance.now() - t0;
  const dom = Number(document.body.dataset.renderMs);
  await framed;
  // The rest of the graph (made in idle time), then what the first view shows.
  while (document.querySelector('.plan-graph[aria-busy]')) await new Promise((r) => setTimeout(r, 20));
  const complete = performance.now() - t0;
  const c = document.querySelector('.plan-canvas').getBoundingClientRect();
  const seen = new Set(built);
  const missing = [...document.querySelectorAll('.plan-graph .node')].filter((n) => {
    const r = n.getBoundingClientRect();
    return r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom && !seen.has(n.dataset.id);
  }).length;
  return { total, dom, frame, built: built.length, complete, missing, elements: document.querySelectorAll('#app *').length };
};
</script>
</head><body><main id="app"></main>
<script src="${file('dist', 'webview.js')}"></script></body></html>`;
}

export interface RenderSample {
  /** Posted -> the frame after the state is seen (the figure). */
  total: number;
  /** Building the DOM in the message handler (the webview's own record). */
  dom: number;
  /** Posted -> the end of the first frame after the handler. */
  frame: number;
  /** Node boxes made by that frame. */
  built: number;
  /** Posted -> every node box made. */
  complete: number;
  /** Boxes in the canvas once complete that were not made by the first frame (must be 0). */
  missing: number;
  elements: number;
}

/** One render on a fresh page of `browser`. */
export async function renderSample(browser: Browser, htmlFile: string, msg: unknown): Promise<RenderSample> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
  // A string, not a function: tsx would add helpers to a function that the page does not have.
  const r = (await page.evaluate(`window.benchRender(${JSON.stringify(msg)})`)) as RenderSample;
  await page.close();
  if (errors.length) throw new Error(`page error: ${errors[0]}`);
  return r;
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
    const samples: RenderSample[] = [];
    for (let i = 0; i < reps + 1; i++) {
      const r = await renderSample(browser, htmlFile, { type: 'plan', plan, raw: text, title: 'bench' });
      if (r.elements < nodes) throw new Error(`the plan did not render (${r.elements} elements for ${nodes} nodes)`);
      if (r.missing > 0) throw new Error(`the first frame lacked ${r.missing} of the node boxes in view`);
      // The first page pays chromium's own warm-up (fonts, caches); it is not counted.
      if (i > 0) samples.push(r);
    }
    const med = (k: keyof RenderSample) => median(samples.map((r) => r[k]));
    return [
      below(RENDER_FIGURE, med('total'), 'ms', 150, {
        note:
          `${nodes} nodes; message posted -> next painted frame, fresh page each time, median of ${reps}; DOM building alone ${med('dom').toFixed(1)} ms; ` +
          `first frame after the message ${med('frame').toFixed(1)} ms with ${med('built')} node boxes (every box in view), all ${nodes} made by ${med('complete').toFixed(0)} ms`,
      }),
    ];
  } catch (e) {
    return [unmeasured(RENDER_FIGURE, 'ms', '< 150 ms', (e as Error).message)];
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
