// @vscode/test-cli configuration (`npm run test:electron`), for machines that can download
// VS Code: builds the extension, bundles test/e2e/electron/*.test.ts into .vscode-test/out/
// and runs them in the extension host. Set MQT_TEST_URL (e.g. `node dist/cli.js sandbox url`)
// for the report test. On machines without that download, use `npm run test:e2e` (code-server).
import { defineConfig } from '@vscode/test-cli';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { SQL_FILE, SQL_TEXT } from './test/e2e/workspace.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const testDir = path.join(root, 'test', 'e2e', 'electron');
const outDir = path.join(root, '.vscode-test', 'out');

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
await esbuild.build({
  entryPoints: readdirSync(testDir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(testDir, f)),
  outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], sourcemap: true, logLevel: 'warning',
});

// The same workspace as the code-server run: the sample queries plus a long one.
const workspace = path.join(root, '.vscode-test', 'workspace');
mkdirSync(workspace, { recursive: true });
writeFileSync(path.join(workspace, SQL_FILE), SQL_TEXT);

export default defineConfig({
  label: 'electron',
  files: '.vscode-test/out/**/*.test.js',
  version: 'stable',
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { MQT_TEST_URL: process.env.MQT_TEST_URL },
  mocha: { ui: 'tdd', timeout: 30_000 },
});
