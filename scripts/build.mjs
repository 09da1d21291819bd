// Bundles: the extension host (cjs/node, vscode external), the CLI (cjs/node), and the
// webview (iife/browser). `--production` minifies and drops sourcemaps.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = { define: { __MQT_VERSION__: JSON.stringify(pkg.version) }, bundle: true, logLevel: 'warning', minify: production, sourcemap: !production, legalComments: 'none' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' }),
]);
chmodSync('dist/cli.js', 0o755);
mkdirSync('dist/media', { recursive: true });
copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/media/codicon.css');
copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/media/codicon.ttf');
