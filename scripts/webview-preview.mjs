// Preview harness for the report webview: serves dist/webview.js and media/*.css under the
// panel's CSP with a stub acquireVsCodeApi, posts a report built from a plan fixture (or a
// synthetic plan), and drives headless chromium to take screenshots and time the first render.
//
//   node scripts/webview-preview.mjs [--scenario NAME]... [--theme light|dark|hc]... [--out DIR] [--docs]
//
// Also imported by test/unit/webview/*.test.ts (startPreview, SCENARIOS).
/* global document, window, MouseEvent -- used inside page.evaluate callbacks, which run in the browser */
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync, copyFileSync } from 'node:fs';
import { extname, join, normalize, dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// The plan parsers are TypeScript: bundle them in memory and import the result.
// The statement facts a report carries come from the pipeline's Statement, as in a real run.
const bundled = await esbuild.build({
  stdin: {
    contents: "export * from './src/core/plan/index.ts'; export { makeStatement, statementFacts } from './src/core/pipeline/statement.ts';",
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const plans = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

// ---------- themes: a subset of the variables VS Code puts on <html> ----------
const BASE = {
  'font-family': '-apple-system, BlinkMacSystemFont, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'font-weight': 'normal',
  'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  'editor-font-size': '13px',
};
const THEMES = {
  light: {
    kind: 'vscode-light',
    vars: {
      foreground: '#3b3b3b',
      descriptionForeground: '#717171',
      errorForeground: '#f85149',
      focusBorder: '#005fb8',
      'editor-background': '#ffffff',
      'editor-foreground': '#3b3b3b',
      'editorWidget-background': '#f8f8f8',
      'editorWidget-border': '#c8c8c8',
      'panel-border': '#e5e5e5',
      'panel-background': '#f8f8f8',
      'widget-shadow': '#00000029',
      'sideBar-background': '#f8f8f8',
      'sideBarSectionHeader-background': '#f8f8f8',
      'textCodeBlock-background': '#f2f2f2',
      'editorIndentGuide-background1': '#d3d3d3',
      'list-hoverBackground': '#f2f2f2',
      'list-inactiveSelectionBackground': '#e4e6f1',
      'list-inactiveSelectionForeground': '#3b3b3b',
      'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b',
      'button-background': '#005fb8',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#0258a8',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'button-secondaryHoverBackground': '#cccccc',
      'button-border': '#0000001a',
      'panelTitle-activeForeground': '#3b3b3b',
      'panelTitle-inactiveForeground': '#3b3b3b',
      'panelTitle-activeBorder': '#005fb8',
      'settings-headerBorder': '#e5e5e5',
      'toolbar-hoverBackground': '#b8b8b850',
      'icon-foreground': '#3b3b3b',
      'symbolIcon-classForeground': '#d67e00',
      'testing-iconPassed': '#388a34',
      'editorWarning-foreground': '#bf8803',
      'charts-red': '#e51400',
      'charts-orange': '#d18616',
      'charts-yellow': '#bf8803',
      'charts-green': '#388a34',
      'charts-blue': '#1a85ff',
      'charts-purple': '#652d90',
      'progressBar-background': '#005fb8',
    },
  },
  dark: {
    kind: 'vscode-dark',
    vars: {
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      errorForeground: '#f85149',
      focusBorder: '#0078d4',
      'editor-background': '#1f1f1f',
      'editor-foreground': '#cccccc',
      'editorWidget-background': '#202020',
      'editorWidget-border': '#454545',
      'panel-border': '#2b2b2b',
      'panel-background': '#181818',
      'widget-shadow': '#0000005c',
      'sideBar-background': '#181818',
      'sideBarSectionHeader-background': '#181818',
      'textCodeBlock-background': '#2b2b2b',
      'editorIndentGuide-background1': '#404040',
      'list-hoverBackground': '#2a2d2e',
      'list-inactiveSelectionBackground': '#37373d',
      'list-inactiveSelectionForeground': '#cccccc',
      'badge-background': '#616161',
      'badge-foreground': '#f8f8f8',
      'button-background': '#0078d4',
      'button-foreground': '#ffffff',
      'button-hoverBackground': '#026ec1',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'button-secondaryHoverBackground': '#3c3c3c',
      'button-border': '#ffffff12',
      'panelTitle-activeForeground': '#cccccc',
      'panelTitle-inactiveForeground': '#9d9d9d',
      'panelTitle-activeBorder': '#0078d4',
      'settings-headerBorder': '#2b2b2b',
      'toolbar-hoverBackground': '#5a5d5e50',
      'icon-foreground': '#cccccc',
      'symbolIcon-classForeground': '#ee9d28',
      'testing-iconPassed': '#73c991',
      'editorWarning-foreground': '#cca700',
      'charts-red': '#f14c4c',
      'charts-orange': '#d18616',
      'charts-yellow': '#cca700',
      'charts-green': '#89d185',
      'charts-blue': '#3794ff',
      'charts-purple': '#b180d7',
      'progressBar-background': '#0078d4',
    },
  },
  hc: {
    kind: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff',
      descriptionForeground: '#ffffff',
      errorForeground: '#f48771',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      'editorWidget-background': '#0c141f',
      'editorWidget-border': '#6fc3df',
      'panel-border': '#6fc3df',
      'panel-background': '#000000',
      'widget-shadow': '#00000000',
      'sideBar-background': '#000000',
      'sideBarSectionHeader-background': '#000000',
      'textCodeBlock-background': '#000000',
      'editorIndentGuide-background1': '#ffffff',
      'list-hoverBackground': '#000000',
      'list-inactiveSelectionBackground': '#000000',
      'list-inactiveSelectionForeground': '#ffffff',
      'badge-background': '#000000',
      'badge-foreground': '#ffffff',
      'button-background': '#000000',
      'button-foreground': '#ffffff',
      'button-secondaryBackground': '#000000',
      'button-secondaryForeground': '#ffffff',
      'button-border': '#6fc3df',
      'panelTitle-activeForeground': '#ffffff',
      'panelTitle-inactiveForeground': '#ffffff',
      'panelTitle-activeBorder': '#6fc3df',
      'settings-headerBorder': '#6fc3df',
      'toolbar-hoverBackground': '#00000000',
      'icon-foreground': '#ffffff',
      'symbolIcon-classForeground': '#ee9d28',
      'testing-iconPassed': '#73c991',
      'editorWarning-foreground': '#ffd370',
      'charts-red': '#f14c4c',
      'charts-orange': '#f38518',
      'charts-yellow': '#ffd370',
      'charts-green': '#89d185',
      'charts-blue': '#3794ff',
      'charts-purple': '#b180d7',
      'progressBar-background': '#6fc3df',
    },
  },
};

function themeCss(name) {
  const t = THEMES[name];
  const vars = { ...BASE, ...t.vars };
  return `:root {\n${Object.entries(vars)
    .map(([k, v]) => `  --vscode-${k}: ${v};`)
    .join('\n')}\n}\nbody { background: var(--vscode-editor-background); margin: 0; }\n`;
}

// ---------- scenarios ----------
const fixture = (rel) => readFileSync(join(ROOT, 'test', 'fixtures', 'plan', rel), 'utf8').replace(/^(#.*\n)+\n/, '');

const Q03_SQL =
  "SELECT c.first_name, c.last_name, f.title, r.rental_date\nFROM customer c\nJOIN rental r ON r.customer_id = c.customer_id\nJOIN inventory i ON i.inventory_id = r.inventory_id\nJOIN film f ON f.film_id = i.film_id\nWHERE c.last_name LIKE 'SMITH1%'\nORDER BY r.rental_date DESC\nLIMIT 20";
const Q08_SQL =
  'SELECT t.customer_id, t.cnt FROM (SELECT customer_id, COUNT(*) AS cnt FROM rental GROUP BY customer_id) AS t WHERE t.cnt >= 50 ORDER BY t.cnt DESC, t.customer_id LIMIT 10';

/** A small deterministic generator so synthetic plans are the same on every run. */
function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * MySQL EXPLAIN ANALYZE text for a left-deep join of `tables` tables (nested loops over index
 * lookups, some under filters; a few lookups badly misestimated); with `branches` > 1, a
 * UNION of such joins under a sort. Times and costs add up the way MySQL prints them:
 * inclusive, and per loop.
 */
function syntheticTree({ branches, tables, seed }) {
  const rand = rng(seed);
  const node = (text, est, act, loops, ownMs, ownCost, children = []) => ({ text, est, act, loops, ownMs, ownCost, children });
  const lookup = (p, n) => {
    const est = Math.max(1, Math.round(rand() * 20));
    const act = rand() < 0.12 ? est * Math.round(15 + rand() * 150) : Math.max(1, Math.round(est * (0.5 + rand())));
    const loops = Math.round(50 + rand() * 2500);
    const look = node(`Index lookup on ${p}${n} using idx_${p}${n}_parent (parent_id=${p}${n - 1}.id)`, est, act, loops, 0.002 + rand() * 0.02, est * 0.35);
    return rand() < 0.3
      ? node(`Filter: (${p}${n}.status = 'active')`, Math.max(1, Math.round(est / 3)), Math.max(1, Math.round(act / 3)), loops, 0.001, est * 0.1, [look])
      : look;
  };
  const join = (p, n) => {
    if (n === 1) {
      const rows = Math.round(1000 + rand() * 200000);
      return node(`Table scan on ${p}1`, rows, Math.round(rows * (0.6 + rand() * 0.8)), 1, rows * 0.0002, rows * 0.1);
    }
    const left = join(p, n - 1);
    return node('Nested loop inner join', Math.round(left.est * (0.7 + rand() * 0.6)), Math.round(left.act * (0.7 + rand() * 0.6)), 1, 0.01, 1, [
      left,
      lookup(p, n),
    ]);
  };
  const fromClause = (p) =>
    [`${p}1`, ...Array.from({ length: tables - 1 }, (_, k) => `JOIN ${p}${k + 2} ON ${p}${k + 2}.parent_id = ${p}${k + 1}.id`)].join('\n  ');
  let root;
  let sql;
  if (branches === 1) {
    root = node('Limit: 100 row(s)', 100, 100, 1, 0.01, 1, [
      node('Sort: t1.created_at DESC, limit input to 100 row(s) per chunk', 100, 100, 1, 40, 5000, [join('t', tables)]),
    ]);
    sql = `SELECT t1.id, t${tables}.name\nFROM ${fromClause('t')}\nWHERE t3.status = 'active'\nORDER BY t1.created_at DESC LIMIT 100`;
  } else {
    const parts = Array.from({ length: branches }, (_, b) => join(`b${b}_t`, tables));
    root = node('Sort: total DESC', 500, 500, 1, 3, 800, [
      node('Table scan on <union temporary>', 500, 500, 1, 0.5, 50, [node('Union materialize with deduplication', 500, 500, 1, 6, 300, parts)]),
    ]);
    sql = Array.from({ length: branches }, (_, b) => `SELECT b${b}_t1.id AS total FROM ${fromClause(`b${b}_t`)}`).join('\nUNION\n');
  }
  const lines = [];
  // Inclusive totals, children first; printed per loop as MySQL does.
  const emit = (n, depth) => {
    const at = lines.length;
    lines.push('');
    let ms = n.ownMs * n.loops;
    let cost = n.ownCost;
    for (const c of n.children) {
      const t = emit(c, depth + 1);
      ms += t.ms;
      cost += t.cost;
    }
    const last = ms / n.loops;
    lines[at] =
      `${'    '.repeat(depth)}-> ${n.text}  (cost=${cost.toFixed(2)} rows=${n.est}) (actual time=${(last * 0.1).toFixed(3)}..${last.toFixed(3)} rows=${n.act} loops=${n.loops})`;
    return { ms, cost };
  };
  emit(root, 0);
  return { text: lines.join('\n') + '\n', sql };
}

/** MariaDB ANALYZE FORMAT=JSON of a flat 61-table nested loop (MariaDB does not nest joins). */
function flatJoinJson(tables, seed) {
  const rand = rng(seed);
  const loop = [];
  for (let i = 1; i <= tables; i++) {
    const rows = i === 1 ? 50000 : Math.max(1, Math.round(rand() * 10));
    loop.push({
      table: {
        table_name: `t${i}`,
        access_type: i === 1 ? 'ALL' : 'eq_ref',
        possible_keys: i === 1 ? undefined : ['PRIMARY'],
        key: i === 1 ? undefined : 'PRIMARY',
        key_length: i === 1 ? undefined : '4',
        used_key_parts: i === 1 ? undefined : ['id'],
        ref: i === 1 ? undefined : [`db.t${i - 1}.t${i}_id`],
        r_loops: i === 1 ? 1 : 50000,
        rows,
        r_rows: i === 1 ? 50000 : 1,
        r_table_time_ms: rand() * 40,
        r_other_time_ms: rand() * 10,
        filtered: 100,
        r_filtered: i % 7 === 0 ? 8 : 100,
        attached_condition: i % 7 === 0 ? `t${i}.flag = 1` : undefined,
      },
    });
  }
  const text = JSON.stringify({ query_block: { select_id: 1, r_loops: 1, r_total_time_ms: 2000, nested_loop: loop } }, null, 2);
  const from = ['t1'];
  for (let i = 2; i <= tables; i++) from.push(`JOIN t${i} ON t${i}.id = t${i - 1}.t${i}_id`);
  return { text, sql: `SELECT * FROM ${from.join('\n  ')}` };
}

const HOSTILE = '<img src=x onerror=window.__pwned=1>';
function hostilePlan() {
  const node = (op, init = {}) => ({ op, extra: [], children: [], ...init });
  return {
    format: 'mariadb-analyze-json',
    root: node('select', {
      selectId: 1,
      timeMs: 5,
      children: [
        node('nested loop', {
          children: [
            node('table', {
              table: HOSTILE,
              accessType: 'ALL',
              rowsEstimated: 50000,
              rowsActual: 20,
              loops: 1,
              timeMs: 3,
              filtered: 100,
              filteredActual: 1,
              condition: '</script><script>window.__pwned=2</script>',
              extra: ['<b onmouseover=window.__pwned=3>x</b>'],
              details: { '<svg onload=window.__pwned=4>': '<iframe src=javascript:window.__pwned=5>' },
              evidence: [{ counter: 'Handler_read_rnd_next', value: 50001, note: '<img src=y onerror=window.__pwned=6>' }],
            }),
            node('table', {
              table: 'safe',
              alias: '"><svg onload=window.__pwned=7>',
              accessType: 'eq_ref',
              key: 'PRIMARY',
              rowsEstimated: 1,
              rowsActual: 1,
              loops: 20,
              timeMs: 1,
            }),
          ],
        }),
      ],
    }),
  };
}

function report(plan, statement, raw, opts = {}) {
  return {
    tool: { name: 'mysql-query-tuner', version: '0.1.0' },
    createdAt: '2025-01-01T00:00:00.000Z',
    server: { flavor: opts.flavor ?? 'mariadb', version: opts.version ?? '10.11.19' },
    capabilities: { profiling: true, performanceSchema: false, flushStatus: true, explainJson: true, explainAnalyze: true },
    connection: { host: '127.0.0.1', port: 3407, user: 'mqt', database: 'sakila' },
    statement,
    statementKind: 'read',
    source: plans.statementFacts(plans.makeStatement(statement)),
    plan,
    classicPlan: null,
    raw,
    counters: opts.counters ?? [],
    observation: { flushed: true, selfCost: {} },
    profile: { source: 'SHOW PROFILE', totalMs: 13.2, stages: opts.stages ?? [] },
    execution: { executed: true, rows: opts.rows ?? 20, ms: opts.ms ?? 13.4 },
    hints: [],
    notes: [],
    analysisMs: 80,
  };
}

const COUNTERS = [
  ['Handler_read_key', 2245, 'handler'],
  ['Handler_read_next', 2244, 'handler'],
  ['Handler_read_rnd_next', 0, 'handler'],
  ['Sort_rows', 20, 'sort'],
  ['Created_tmp_tables', 1, 'temp'],
  ['Innodb_buffer_pool_read_requests', 9081, 'innodb'],
].map(([name, corrected, group]) => ({ name, before: 0, after: corrected, delta: corrected, corrected, group }));
const STAGES = [
  ['Starting', 0.05],
  ['Opening tables', 0.04],
  ['Optimizing', 0.09],
  ['Sending data', 11.9],
  ['Sorting result', 0.6],
  ['Freeing items', 0.02],
].map(([name, ms]) => ({ name, ms }));

export const SCENARIOS = {
  /** A real report from `mqt analyze --format json --out FILE`, given with MQT_PREVIEW_REPORT=FILE. */
  live: () => {
    const file = process.env.MQT_PREVIEW_REPORT;
    if (!file) throw new Error('set MQT_PREVIEW_REPORT to a report JSON file (mqt analyze --format json --out FILE)');
    return { type: 'report', connection: 'sandbox', report: JSON.parse(readFileSync(file, 'utf8')) };
  },
  /** MariaDB ANALYZE FORMAT=JSON of the sandbox's four-table join (the docs screenshot). */
  join4: () => {
    const text = fixture('mariadb-sandbox/q03-join.analyze.json');
    const plan = plans.parsePlanText(text);
    // the evidence a measured run attaches (core/counters/attribute)
    const r = plan.root.children[0].children[0].children[0].children[1];
    r.evidence = [{ counter: 'Handler_read_next', value: 2200, note: '2,200 index reads through idx_fk_customer_id' }];
    return {
      type: 'report',
      connection: 'sandbox (mqt@127.0.0.1:3407/sakila)',
      report: report(plan, Q03_SQL, { explainJson: text }, { counters: COUNTERS, stages: STAGES }),
    };
  },
  derived: () => {
    const text = fixture('mariadb-sandbox/q08-derived.analyze.json');
    return { type: 'report', connection: 'sandbox', report: report(plans.parsePlanText(text), Q08_SQL, { explainJson: text }) };
  },
  /** Plain EXPLAIN: estimates only. */
  estimates: () => {
    const text = fixture('mariadb-sandbox/q03-join.explain.json');
    return { type: 'report', connection: 'sandbox', report: report(plans.parsePlanText(text), Q03_SQL, { explainJson: text }) };
  },
  mysqlAnalyze: () => {
    const text = fixture('recorded/mysql-analyze/refman80-explain-2.txt');
    return { type: 'plan', plan: plans.parsePlanText(text), raw: text, title: 'EXPLAIN ANALYZE (MySQL 8.0 manual)' };
  },
  synthetic200: () => {
    const { text, sql } = syntheticTree({ branches: 8, tables: 13, seed: 7 });
    return { type: 'report', connection: 'synthetic', report: report(plans.parsePlanText(text), sql, {}, { flavor: 'mysql', version: '8.4.3' }) };
  },
  join61: () => {
    const { text, sql } = syntheticTree({ branches: 1, tables: 61, seed: 61 });
    return { type: 'report', connection: 'synthetic', report: report(plans.parsePlanText(text), sql, {}, { flavor: 'mysql', version: '8.4.3' }) };
  },
  join61flat: () => {
    const { text, sql } = flatJoinJson(61, 62);
    return { type: 'report', connection: 'synthetic', report: report(plans.parsePlanText(text), sql, { explainJson: text }) };
  },
  hostile: () => ({
    type: 'report',
    connection: HOSTILE,
    report: report(hostilePlan(), `SELECT * FROM \`${HOSTILE}\` JOIN safe \`"><svg onload=window.__pwned=7>\``, { explainJson: `{"x": "${HOSTILE}"}` }),
  }),
};

// ---------- page and server ----------
const STUB = `
window.__posted = []; window.__csp = []; window.__errors = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
const first = JSON.parse(document.getElementById('preview-message').textContent);
let saved;
window.acquireVsCodeApi = () => ({
  postMessage(m) {
    window.__posted.push(m);
    console.log('[posted] ' + JSON.stringify(m).slice(0, 300));
    if (m.type !== 'ready' || window.__delivered) return;
    window.__delivered = true;
    const t0 = performance.now();
    window.postMessage(first, '*');
    requestAnimationFrame(() => requestAnimationFrame(() => { document.body.dataset.frameMs = (performance.now() - t0).toFixed(2); }));
  },
  setState(s) { saved = s; },
  getState() { return saved; },
});`;

function page(origin, scenario, theme) {
  const nonce = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `style-src ${origin}`, `font-src ${origin}`, `img-src ${origin} data:`, `script-src 'nonce-${nonce}'`].join('; ');
  const msg = JSON.stringify(SCENARIOS[scenario]()).replace(/</g, '\\u003c');
  const kind = THEMES[theme].kind;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/theme/${theme}.css">
<link rel="stylesheet" href="${origin}/dist/media/codicon.css" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${origin}/media/report.css">
<link rel="stylesheet" href="${origin}/media/plan.css">
<title>Preview ${scenario}</title></head>
<body class="${kind}" data-vscode-theme-kind="${kind}"><main id="app"><p class="muted">Waiting for the analysis…</p></main>
<script type="application/json" id="preview-message">${msg}</script>
<script nonce="${nonce}">${STUB}</script>
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script></body></html>`;
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html', '.map': 'application/json', '.svg': 'image/svg+xml' };

function serve() {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const origin = `http://${req.headers.host}`;
      const m = /^\/preview\/(\w+)\/(\w+)\.html$/.exec(url.pathname);
      try {
        if (m && SCENARIOS[m[1]] && THEMES[m[2]]) {
          res.writeHead(200, { 'content-type': 'text/html' }).end(page(origin, m[1], m[2]));
          return;
        }
        const t = /^\/theme\/(\w+)\.css$/.exec(url.pathname);
        if (t && THEMES[t[1]]) {
          res.writeHead(200, { 'content-type': 'text/css' }).end(themeCss(t[1]));
          return;
        }
        const rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
        if (/^(dist|media)[/\\]/.test(rel) && !rel.includes('..') && existsSync(join(ROOT, rel))) {
          res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(readFileSync(join(ROOT, rel)));
          return;
        }
      } catch (e) {
        res.writeHead(500).end(String(e));
        return;
      }
      res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Bundles the webview exactly as scripts/build.mjs does (tests use this to never run a stale bundle). */
export async function buildWebview() {
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/webview/main.ts')],
    outfile: join(ROOT, 'dist/webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const codicons = join(ROOT, 'node_modules/@vscode/codicons/dist');
  mkdirSync(join(ROOT, 'dist/media'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) if (!existsSync(join(ROOT, 'dist/media', f))) copyFileSync(join(codicons, f), join(ROOT, 'dist/media', f));
}

/** Starts the server and a headless chromium; `open` loads a scenario and waits for the first render and a complete graph. */
export async function startPreview({ build = false } = {}) {
  if (build) await buildWebview();
  if (!existsSync(join(ROOT, 'dist', 'webview.js'))) throw new Error('dist/webview.js is missing: run npm run build');
  const { launchChromium } = await import('./e2e/chromium.mjs');
  const server = await serve();
  const { port } = server.address();
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 });
  return {
    origin: `http://127.0.0.1:${port}`,
    async open(scenario, theme = 'dark', viewport) {
      const p = await context.newPage();
      if (viewport) await p.setViewportSize(viewport);
      const logs = [];
      p.on('console', (m) => logs.push(m.text()));
      p.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      await p.goto(`http://127.0.0.1:${port}/preview/${scenario}/${theme}.html`);
      await p.waitForFunction(() => document.body.dataset.frameMs !== undefined, null, { timeout: 10_000 });
      // A large plan's graph makes the boxes out of view in idle time: tests and screenshots see it whole.
      await p.waitForFunction(() => !document.querySelector('.plan-graph[aria-busy]'), null, { timeout: 10_000 });
      const timing = await p.evaluate(() => ({ renderMs: Number(document.body.dataset.renderMs), frameMs: Number(document.body.dataset.frameMs) }));
      return { page: p, logs, timing };
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const list = (flag) => args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
  const scenarios = list('--scenario').length ? list('--scenario') : Object.keys(SCENARIOS).filter((k) => k !== 'live' || process.env.MQT_PREVIEW_REPORT);
  const themes = list('--theme').length ? list('--theme') : ['light', 'dark'];
  const out = list('--out')[0] ?? join(ROOT, 'test-results', 'webview');
  mkdirSync(out, { recursive: true });
  const preview = await startPreview({ build: !args.includes('--no-build') });
  try {
    for (const scenario of scenarios) {
      for (const theme of themes) {
        const { page: p, logs, timing } = await preview.open(scenario, theme);
        // Show the details of the hottest node, as a person would after a first look.
        const hottest = await p.evaluate(() => {
          const nodes = [...document.querySelectorAll('.node')];
          const share = (n) => Number(n.querySelector('.node-share')?.textContent?.replace(/[<%]/g, '') || 0);
          nodes.sort((a, b) => share(b) - share(a));
          return nodes[0]?.getAttribute('data-id') ?? null;
        });
        // (a click in the page: the node may be outside the visible part of the canvas)
        if (hottest !== null)
          await p.evaluate((id) => document.querySelector(`.node[data-id="${id}"]`)?.dispatchEvent(new MouseEvent('click', { bubbles: true })), hottest);
        await p.evaluate(() => document.querySelector('#plan')?.scrollIntoView());
        await p.waitForTimeout(150);
        const file = join(out, `${scenario}-${theme}.png`);
        await p.screenshot({ path: file });
        if (scenario === 'join4' || scenario === 'live') {
          // the whole panel from the top (SQL, summary, plan): the README picture
          await p.setViewportSize({ width: 1360, height: 1060 });
          await p.evaluate(() => window.scrollTo(0, 0));
          await p.waitForTimeout(150);
          await p.screenshot({ path: join(out, `${scenario}-${theme}-page.png`) });
        }
        const csp = await p.evaluate(() => window.__csp);
        const posted = await p.evaluate(() => window.__posted.map((m) => m.type));
        const nodes = await p.locator('.node').count();
        console.log(
          `${scenario.padEnd(13)} ${theme.padEnd(5)} nodes=${String(nodes).padStart(4)} render=${timing.renderMs.toFixed(1)}ms firstFrame=${timing.frameMs.toFixed(1)}ms posted=[${posted.join(',')}] csp=${csp.length}${csp.length ? ` ${csp.join('; ')}` : ''} -> ${file}`,
        );
        for (const l of logs) if (/error|warn/i.test(l)) console.log(`  console: ${l}`);
        await p.close();
      }
    }
    if (args.includes('--docs')) {
      mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
      for (const theme of ['light', 'dark']) copyFileSync(join(out, `join4-${theme}-page.png`), join(ROOT, 'docs', 'images', `plan-${theme}.png`));
      console.log('copied join4-{light,dark}-page.png to docs/images/plan-{light,dark}.png');
    }
  } finally {
    await preview.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
