import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, renderReportSection } from './html';
import { renderMarkdown } from './markdown';
import type { Report } from './model';
import { oneLine } from './text';

/** What an exported page embeds: the report webview's bundle and its styles. */
export interface StandaloneAssets {
  webviewJs: string;
  /** The page's host (src/webview/standalone.ts, built to dist/standalone.js): stands in for the editor. */
  hostJs: string;
  /** Stylesheets in order; url() references are already inlined. */
  css: string[];
  /** The codicon stylesheet (font inlined): the icon components look it up as a <link> by id. */
  codiconCss: string;
}

/**
 * Read the assets from an extension or project root (dist/webview.js, media/*.css,
 * dist/media/codicon.*). The codicon font is inlined so the page needs no other file.
 */
export function loadStandaloneAssets(root: string): StandaloneAssets {
  const read = (...p: string[]) => readFileSync(join(root, ...p), 'utf8');
  const fontPath = join(root, 'dist', 'media', 'codicon.ttf');
  const font = existsSync(fontPath) ? readFileSync(fontPath).toString('base64') : '';
  const codicons = existsSync(join(root, 'dist', 'media', 'codicon.css'))
    ? read('dist', 'media', 'codicon.css').replace(/url\([^)]*codicon\.ttf[^)]*\)/g, `url("data:font/ttf;base64,${font}")`)
    : '';
  return {
    webviewJs: read('dist', 'webview.js'),
    hostJs: read('dist', 'standalone.js'),
    codiconCss: codicons,
    css: [read('media', 'export.css'), read('media', 'report.css'), read('media', 'plan.css')],
  };
}

/** JSON safe inside a <script> element: nothing can close it or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * One HTML file that shows the reports with the same interactive view as the editor
 * (plan graph, tabs, details), offline: no network, no other file. The page stands in for
 * the editor (src/webview/standalone.ts): it answers the view's "ready" with the report and
 * copies to the clipboard. The reports ride along as JSON, never as code.
 */
export function renderStandaloneHtml(reports: Report[], assets: StandaloneAssets, title = 'MySQL Query Tuner report'): string {
  const nonce = randomBytes(16).toString('base64');
  const data: Array<{ report: Report; markdown: string; label: string }> = reports.map((r) => ({
    report: r,
    markdown: renderMarkdown(r),
    label: oneLine(r.statement, 60),
  }));
  const csp = `default-src 'none'; style-src 'nonce-${nonce}' data:; script-src 'nonce-${nonce}'; font-src data:; img-src data:`;
  const codicons = `data:text/css;base64,${Buffer.from(assets.codiconCss).toString('base64')}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mysql-query-tuner ${escapeHtml(reports[0]?.tool.version ?? '')}">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" id="vscode-codicon-stylesheet" nonce="${nonce}" href="${codicons}">
${assets.css
  .filter(Boolean)
  .map((c) => `<style nonce="${nonce}">${c.replace(/<\/style/gi, '<\\/style')}</style>`)
  .join('\n')}
</head>
<body><main id="app"><noscript>${reports.map(renderReportSection).join('\n')}</noscript></main>
<script type="application/json" id="mqt-reports">${scriptJson(data)}</script>
<script nonce="${nonce}">${assets.hostJs.replace(/<\/script/gi, '<\\/script')}</script>
<script nonce="${nonce}">${assets.webviewJs.replace(/<\/script/gi, '<\\/script')}</script>
</body></html>
`;
}
