// The host of an exported report page (core/report/standalone): it stands in for the editor.
// It answers the view's "ready" with a report, copies to the clipboard, and offers a button per
// report when the page holds several. Built by esbuild (dist/standalone.js), run before the view.
import { isWebviewToHost, type HostToWebview, type WebviewToHost } from '../core/protocol';
import type { Report } from '../core/report/model';

/** What the page embeds as JSON in <script type="application/json" id="mqt-reports">. */
export interface StandaloneEntry {
  report: Report;
  markdown: string;
  label: string;
}

declare global {
  interface Window {
    acquireVsCodeApi?: () => { postMessage(m: WebviewToHost): void; setState(s: unknown): void; getState(): unknown };
  }
}

const data = JSON.parse(document.getElementById('mqt-reports')?.textContent ?? '[]') as StandaloneEntry[];
let current = 0;

const label = (r: Report) => `${r.connection.user}@${r.connection.host}:${r.connection.port}`;

function show(i: number): void {
  const entry = data[i];
  if (!entry) return;
  current = i;
  document.querySelectorAll('nav.reports button').forEach((b, k) => b.setAttribute('aria-current', String(k === i)));
  const msg: HostToWebview = { type: 'report', report: entry.report, connection: label(entry.report) };
  window.postMessage(msg, '*');
}

function copy(text: string): void {
  navigator.clipboard?.writeText(text).catch(() => undefined);
}

function receive(m: WebviewToHost): void {
  switch (m.type) {
    case 'ready':
      show(current);
      break;
    case 'copy':
      copy(m.format === 'markdown' ? data[current].markdown : JSON.stringify(data[current].report, null, 2));
      break;
    case 'copyText':
      copy(m.text);
      break;
    case 'rerun':
    case 'revealRange':
    case 'shown':
      break; // nothing to run or reveal outside the editor
  }
}

window.acquireVsCodeApi = () => ({
  postMessage: (m: WebviewToHost) => {
    if (isWebviewToHost(m)) receive(m);
  },
  setState: () => undefined,
  getState: () => undefined,
});

if (data.length > 1) {
  const nav = document.createElement('nav');
  nav.className = 'reports';
  data.forEach((d, i) => {
    const b = document.createElement('button');
    b.textContent = `${i + 1}. ${d.label}`;
    b.title = d.report.statement;
    b.addEventListener('click', () => show(i));
    nav.append(b);
  });
  document.body.prepend(nav);
}
