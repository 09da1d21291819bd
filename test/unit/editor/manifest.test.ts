import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../../src/editor/commandIds';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.json'), 'utf8')) as Record<string, string>;
/** A manifest string with its %key% resolved from package.nls.json. */
const text = (s: string) => s.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? `MISSING ${k}`);

test('package.json contributes exactly the commands the extension registers', () => {
  const contributed = (pkg.contributes.commands as Array<{ command: string; category?: string }>).map((c) => c.command).sort();
  assert.deepEqual(contributed, [...COMMAND_IDS].sort());
  for (const c of pkg.contributes.commands) {
    assert.equal(text(c.category), 'MySQL Query Tuner', c.command);
    assert.doesNotMatch(text(c.title), /MISSING/, c.command);
  }
});

test('menus only name contributed commands and only show on SQL editors', () => {
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, Array<{ command: string; when?: string }>>)) {
    for (const item of items) {
      assert.ok((COMMAND_IDS as readonly string[]).includes(item.command), `${menu}: ${item.command}`);
      // Editor menus show only where they work: SQL editors, the report panel, or (for
      // Visualize EXPLAIN Output, which reads a pasted plan) a selection in any file.
      if (menu.startsWith('editor/'))
        assert.match(item.when ?? '', /editorLangId|activeWebviewPanelId == 'mysqlQueryTuner\.report'|editorHasSelection/, `${menu}: ${item.command}`);
    }
  }
  const ctx = pkg.contributes.menus['editor/context'].find((m: { command: string }) => m.command === 'mysqlQueryTuner.explainProfile');
  assert.ok(ctx, 'Explain & Profile Query is in the editor context menu');
});

test('engine and API types are pinned to the code-server level', () => {
  assert.equal(pkg.engines.vscode, '^1.100.0');
  assert.match(pkg.devDependencies['@types/vscode'], /^\D?1\.100\./);
  assert.equal(pkg.bin.mqt, './dist/cli.js');
  // onWebviewPanel: only when a report panel was open at reload, to restore it (the serializer).
  assert.deepEqual(pkg.activationEvents.sort(), ['onLanguage:mysql', 'onLanguage:sql', 'onWebviewPanel:mysqlQueryTuner.report']);
});

test('connection settings never have a password field', () => {
  const item = pkg.contributes.configuration.properties['mysqlQueryTuner.connections'].items;
  assert.equal(
    Object.keys(item.properties).some((k) => /pass/i.test(k)),
    false,
  );
});

test('every %key% in package.json has an English string in package.nls.json', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 20);
  for (const k of keys) assert.equal(typeof nls[k], 'string', k);
});
