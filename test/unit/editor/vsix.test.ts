import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

test('the .vsix carries bundles, media and docs only: no sources, tests, maps or node_modules', () => {
  const out = execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const files = out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  assert.ok(files.includes('dist/extension.js'));
  assert.ok(files.includes('dist/webview.js'));
  assert.ok(files.includes('dist/standalone.js'), 'Export Report (HTML) needs the page host');
  assert.ok(files.includes('dist/hintWorker.js'), 'the hint engine runs in its own thread');
  for (const lib of ['mysql2', 'sql-parser-mysql', 'sql-parser-mariadb', 'ssh2'])
    assert.ok(files.includes(`dist/lib/${lib}.js`), `${lib}: loaded on first use, from dist/lib/`);
  assert.ok(files.includes('package.json'));
  for (const f of files) {
    assert.doesNotMatch(f, /^(src|test|scripts|node_modules|\.sandbox|\.e2e)\//, f);
    assert.doesNotMatch(f, /\.(ts|map)$/, f);
  }
  assert.equal(files.includes('dist/cli.js'), false, 'the CLI is not part of the extension');
});
