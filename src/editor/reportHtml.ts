// The report webview's page: its script, styles and icon font inside the HTML, so the view
// fetches nothing before it can show a report (in code-server each fetch is a round trip
// through the webview's service worker, the workbench and the server). No vscode here.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReportAssets {
  /** dist/webview.js */
  js: string;
  /** media/report.css and media/plan.css, in order. */
  css: string[];
  /** dist/media/codicon.css with its font inlined, as a data: URL. */
  codiconHref: string;
}

const FILES = {
  js: ['dist', 'webview.js'],
  css: [
    ['media', 'report.css'],
    ['media', 'plan.css'],
  ],
  codicon: ['dist', 'media', 'codicon.css'],
  font: ['dist', 'media', 'codicon.ttf'],
};

function assets(js: string, css: string[], codicon: string, font: Buffer): ReportAssets {
  const withFont = codicon.replace(/url\([^)]*codicon\.ttf[^)]*\)/g, `url("data:font/ttf;base64,${font.toString('base64')}")`);
  return { js, css, codiconHref: `data:text/css;base64,${Buffer.from(withFont).toString('base64')}` };
}

/** The assets from an extension root, read now (the first panel when nothing read them earlier). */
export function readReportAssets(root: string): ReportAssets {
  const text = (p: string[]) => readFileSync(join(root, ...p), 'utf8');
  return assets(text(FILES.js), FILES.css.map(text), text(FILES.codicon), readFileSync(join(root, ...FILES.font)));
}

/** The same, without blocking the extension host's thread on the disk (read in idle time). */
export async function loadReportAssets(root: string): Promise<ReportAssets> {
  const text = (p: string[]) => readFile(join(root, ...p), 'utf8');
  const [js, css, codicon, font] = await Promise.all([
    text(FILES.js),
    Promise.all(FILES.css.map(text)),
    text(FILES.codicon),
    readFile(join(root, ...FILES.font)),
  ]);
  return assets(js, css, codicon, font);
}

/** The page; `imgSrc` is the webview's cspSource. */
export function reportHtml(a: ReportAssets, nonce: string, imgSrc: string): string {
  const csp = ["default-src 'none'", `style-src 'nonce-${nonce}' data:`, 'font-src data:', `img-src ${imgSrc} data:`, `script-src 'nonce-${nonce}'`].join('; ');
  const styles = a.css.map((c) => `<style nonce="${nonce}">${c.replace(/<\/style/gi, '<\\/style')}</style>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a.codiconHref}" id="vscode-codicon-stylesheet" nonce="${nonce}">
${styles}
<title>Query Report</title></head>
<body><main id="app"><p class="muted">Waiting for the analysis…</p></main>
<script nonce="${nonce}">${a.js.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
}
