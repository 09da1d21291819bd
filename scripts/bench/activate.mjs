// Child process for the activation benchmark: loads dist/extension.js with a stand-in for the
// `vscode` module and calls activate(). Prints {loadMs, activateMs, touched} as JSON.
// The stand-in answers every property and call with another stand-in (a catch-all Proxy),
// records which API members activate() touched, and is not a test of behaviour.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const touched = new Set();

function stub(name) {
  const target = function () {};
  const assigned = new Map(); // properties activate() sets (item.text = ...)
  const proxy = new Proxy(target, {
    set: (_t, prop, value) => (assigned.set(prop, value), true),
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (prop === 'then') return undefined; // not a promise
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'prototype') return target.prototype;
      if (typeof prop === 'symbol') return undefined;
      const child = `${name}.${prop}`;
      if (child.split('.').length === 3) touched.add(child);
      return stub(child);
    },
    // Getters with a default (configuration, mementos) return the default.
    apply: (_t, _this, args) => (name.endsWith('.get') && args.length > 1 ? args[1] : stub(`${name}()`)),
    // `new vscode.EventEmitter()` gets a stand-in; `class X extends vscode.TreeItem` a plain instance of X.
    construct: (_t, _args, newTarget) => (newTarget === proxy ? stub(`new ${name}`) : Reflect.construct(function () {}, [], newTarget)),
  });
  return proxy;
}

// The API's top-level names (window, workspace, Uri, EventEmitter...) from @types/vscode, so that
// esbuild's ESM interop, which copies own properties, sees them all.
const root = process.argv[2] ?? process.cwd();
const dts = readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
const vscode = {};
for (const m of dts.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)) vscode[m[1]] = stub(`vscode.${m[1]}`);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
const require = createRequire(import.meta.url);
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const context = new Proxy(
  {
    subscriptions: [],
    extensionUri: vscode.Uri.file(root),
    extensionMode: 1,
    extensionPath: root,
  },
  { get: (t, p) => (p in t ? t[p] : stub(`context.${String(p)}`)) },
);

const t0 = performance.now();
const ext = require(path.join(root, 'dist', 'extension.js'));
const t1 = performance.now();
await ext.activate(context);
const t2 = performance.now();
process.stdout.write(
  JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length, touched: [...touched].sort() }) + '\n',
);
process.exit(0);
