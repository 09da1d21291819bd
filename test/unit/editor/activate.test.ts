// activate() registers exactly the commands package.json contributes (plus the declared
// internal ones), each once. The vscode API is a recording stand-in here: what is asserted
// is what the real activate() asks of it; the e2e run covers the commands in a real editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { COMMAND_IDS, INTERNAL_COMMAND_IDS } from '../../../src/editor/commandIds';

/** Any property, call or construction gives another stand-in; only registerCommand is recorded. */
function recordingApi(registered: string[]): { api: unknown; stand: (path: string) => unknown } {
  const make = (path: string): unknown =>
    new Proxy(function stub() {}, {
      get(_t, prop) {
        if (prop === 'then') return undefined; // not a promise
        if (prop === '__esModule') return true; // imported as it is
        if (prop === Symbol.toPrimitive) return () => '';
        if (prop === Symbol.iterator) return function* () {};
        if (typeof prop === 'symbol') return undefined;
        if (`${path}.${prop}` === 'vscode.commands.registerCommand') return (id: string) => (registered.push(id), make('disposable'));
        return make(`${path}.${prop}`);
      },
      set: () => true,
      apply: () => make(`${path}()`),
      construct: () => make(`new ${path}`) as object,
    });
  // Bundlers copy a module's own properties: name every `vscode.X` the sources use.
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ts')) for (const m of readFileSync(join(dir, e.name), 'utf8').matchAll(/\bvscode\.(\w+)/g)) names.add(m[1]);
    }
  };
  walk(join(__dirname, '../../../src'));
  const root = make('vscode') as Record<string, unknown>;
  return { api: Object.fromEntries([...names].map((n) => [n, root[n]])), stand: make };
}

test('activate() registers exactly the contributed and internal commands, once each', () => {
  const registered: string[] = [];
  const { api, stand } = recordingApi(registered);
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (request, ...rest) => (request === 'vscode' ? api : original(request, ...rest));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the vscode stand-in is in place
    const ext = require('../../../src/extension') as { activate: (c: unknown) => void };
    const state = { get: (_k: string, d: unknown) => d, update: () => Promise.resolve() };
    ext.activate({
      subscriptions: [],
      workspaceState: state,
      globalState: state,
      secrets: stand('context.secrets'),
      extensionUri: stand('context.extensionUri'),
      extension: { id: 'mqt.mysql-query-tuner' },
    });
  } finally {
    loader._load = original;
  }
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const contributed = (pkg.contributes.commands as Array<{ command: string }>).map((c) => c.command);
  assert.deepEqual([...registered].sort(), [...contributed, ...INTERNAL_COMMAND_IDS].sort());
  assert.equal(new Set(registered).size, registered.length, 'no id registered twice');
  assert.deepEqual([...contributed].sort(), [...COMMAND_IDS].sort());
});
