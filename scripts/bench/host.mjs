// Child process for the extension host benchmarks: loads the production dist/extension.js with
// a stand-in for the `vscode` module, calls activate() and, depending on the mode, drives the
// hint path the way the editor does (documents open, edits, hovers, lenses). Prints JSON.
//   node scripts/bench/host.mjs ROOT activate [FILE]   load + activate(), FILE open (or none)
//   node scripts/bench/host.mjs ROOT block FILE        longest event-loop block: open, lenses, hovers, an edit, lenses again
//   node scripts/bench/host.mjs ROOT diag FILE FILE2   diagnostics of FILE2 opened after FILE (worker warm)
// The stand-in answers every property and call with another stand-in (a catch-all Proxy);
// only what the measurement reads is real: open documents, their events, the diagnostic
// collections and the registered hover and lens providers. It is not a test of behaviour.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Module from 'node:module';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

const [root = process.cwd(), mode = 'activate', file, file2] = process.argv.slice(2);
const touched = new Set();

function stub(name, overrides = {}) {
  const target = function () {};
  const assigned = new Map(); // properties activate() sets (item.text = ...)
  const proxy = new Proxy(target, {
    set: (_t, prop, value) => (assigned.set(prop, value), true),
    get(_t, prop) {
      if (assigned.has(prop)) return assigned.get(prop);
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
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

/** A TextDocument over a string: what the hint path reads (text, version, offsets <-> positions). */
function textDocument(fsPath, text, version = 1) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const uri = { fsPath, scheme: 'file', toString: () => `file://${fsPath}` };
  return {
    uri,
    fileName: fsPath,
    languageId: 'sql',
    version,
    isClosed: false,
    lineCount: starts.length,
    getText: (r) => (r ? text.slice(offsetAt(r.start), offsetAt(r.end)) : text),
    positionAt(offset) {
      let lo = 0,
        hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return new Position(lo, offset - starts[lo]);
    },
    offsetAt,
  };
  function offsetAt(p) {
    return Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  }
}
class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}
class Range {
  constructor(start, end) {
    this.start = start;
    this.end = end;
  }
  isEqual(o) {
    return (
      o &&
      o.start.line === this.start.line &&
      o.start.character === this.start.character &&
      o.end.line === this.end.line &&
      o.end.character === this.end.character
    );
  }
}
// Plain classes as in VS Code: the catch-all's `new` (a Proxy per object) would cost more than the code measured.
class Diagnostic {
  constructor(range, message, severity) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}
class CodeLens {
  constructor(range, command) {
    this.range = range;
    this.command = command;
  }
}

const listeners = { open: [], change: [] };
const providers = { hover: [], lens: [] };
const diagnostics = []; // { at, uri, count }
let onDiagnostics = () => undefined;
const disposable = { dispose() {} };
const docs = [];
const collection = () => ({
  set(uri, list) {
    diagnostics.push({ at: performance.now(), uri: String(uri), count: list.length });
    onDiagnostics();
  },
  delete() {},
  clear() {},
  dispose() {},
  get: () => [],
  forEach() {},
});

// The API's top-level names (window, workspace, Uri, EventEmitter...) from @types/vscode, so that
// esbuild's ESM interop, which copies own properties, sees them all.
const dts = readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
const vscode = {};
for (const m of dts.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)) vscode[m[1]] = stub(`vscode.${m[1]}`);
vscode.Position = Position;
vscode.Range = Range;
vscode.Diagnostic = Diagnostic;
vscode.CodeLens = CodeLens;
vscode.workspace = stub('vscode.workspace', {
  textDocuments: docs,
  onDidOpenTextDocument: (f) => (listeners.open.push(f), disposable),
  onDidChangeTextDocument: (f) => (listeners.change.push(f), disposable),
});
vscode.languages = stub('vscode.languages', {
  createDiagnosticCollection: collection,
  registerHoverProvider: (_s, p) => (providers.hover.push(p), disposable),
  registerCodeLensProvider: (_s, p) => (providers.lens.push(p), disposable),
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
const require = createRequire(import.meta.url);
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const context = new Proxy(
  {
    subscriptions: [],
    extensionUri: { fsPath: root, scheme: 'file', path: root, toString: () => `file://${root}` },
    extensionMode: 1,
    extensionPath: root,
  },
  { get: (t, p) => (p in t ? t[p] : stub(`context.${String(p)}`)) },
);
// Uri.joinPath(extensionUri, 'dist', 'hintWorker.js').fsPath must be a real path.
const fileUri = (p) => ({ fsPath: p, scheme: 'file', path: p, toString: () => `file://${p}`, with: () => fileUri(p) });
vscode.Uri = stub('vscode.Uri', { joinPath: (base, ...parts) => fileUri(path.join(base.fsPath, ...parts)), file: fileUri });
vscode.extensions = stub('vscode.extensions', { getExtension: () => ({ extensionUri: context.extensionUri }) });

if (file) docs.push(textDocument(path.resolve(file), readFileSync(file, 'utf8')));
const nextDiagnostics = (doc) =>
  new Promise((res) => {
    onDiagnostics = () => {
      const d = diagnostics.at(-1);
      if (d.uri === doc.uri.toString()) res(d);
    };
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * What the longest stall of the thread was made of, where Linux says (/proc/.../schedstat: ns on
 * a core, ns runnable but waiting for one): the host's own work, or a machine short of cores.
 * A 5 ms timer, as the monitor's resolution; the rest of a stall is the thread asleep (e.g. a
 * scavenge waiting for its helper threads).
 */
function stallRecorder() {
  const file = `/proc/self/task/${process.pid}/schedstat`;
  const sched = existsSync(file) ? () => readFileSync(file, 'utf8').split(' ').map(Number) : () => [NaN, NaN];
  let timer;
  let last;
  const worst = { ms: 0, cpuMs: 0, waitMs: 0, maxCpuMs: 0 };
  const tick = () => {
    const now = { at: performance.now(), s: sched() };
    const ms = now.at - last.at;
    const cpuMs = (now.s[0] - last.s[0]) / 1e6;
    if (ms > 10) worst.maxCpuMs = Math.max(worst.maxCpuMs, cpuMs);
    if (ms > worst.ms) Object.assign(worst, { ms, cpuMs, waitMs: (now.s[1] - last.s[1]) / 1e6 });
    last = now;
  };
  return {
    start: () => ((last = { at: performance.now(), s: sched() }), (timer = setInterval(tick, 5))),
    stop: () => clearInterval(timer),
    worst,
  };
}

const t0 = performance.now();
const ext = require(path.join(root, 'dist', 'extension.js'));
const t1 = performance.now();
const loop = monitorEventLoopDelay({ resolution: 5 });
await ext.activate(context);
const t2 = performance.now();
const out = { loadMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length, touched: touched.size };

if (mode === 'block') {
  // From the end of activate(): the deferred check of the open document, the lenses, hovers
  // and an edit in the middle of the file, each waited for. The worker's own time is not on
  // this thread; only what the host does (posting the text, positions, diagnostics) is.
  const stalls = stallRecorder();
  loop.enable();
  stalls.start();
  const doc = docs[0];
  const opened = performance.now();
  const first = await nextDiagnostics(doc);
  out.firstDiagnosticsMs = first.at - opened;
  out.findings = first.count;
  for (const p of providers.lens) {
    const lenses = await p.provideCodeLenses(doc, {});
    out.lenses = lenses.length;
    for (const l of lenses.slice(0, 30)) p.resolveCodeLens?.(l, {}); // the editor resolves the lenses in view
  }
  const text = doc.getText();
  for (let i = 0; i < 20; i++) {
    const offset = Math.floor((((i * 7919) % 1000) / 1000) * text.length);
    for (const p of providers.hover) await p.provideHover(doc, doc.positionAt(offset), {});
  }
  // The edited document is the editor's work (its line index here): made with the clock off.
  loop.disable();
  stalls.stop();
  const at = Math.floor(text.length / 2);
  const edited = textDocument(doc.uri.fsPath, `${text.slice(0, at)} ${text.slice(at)}`, 2);
  loop.enable();
  stalls.start();
  docs[0] = edited;
  const changed = performance.now();
  const again = nextDiagnostics(edited);
  for (const f of listeners.change) f({ document: edited, contentChanges: [] });
  out.editDiagnosticsMs = (await again).at - changed; // includes the 300 ms debounce
  // The editor asks for the lenses of the new version too.
  for (const p of providers.lens) {
    const lenses = await p.provideCodeLenses(edited, {});
    out.editLenses = lenses.length;
    for (const l of lenses.slice(0, 30)) p.resolveCodeLens?.(l, {});
  }
  await sleep(20);
  loop.disable();
  stalls.stop();
  out.longestBlockMs = loop.max / 1e6;
  out.longestStall = stalls.worst;
  out.meanDelayMs = loop.mean / 1e6;
} else if (mode === 'diag') {
  // The first file warms the worker (thread start, engine compiled); the second one is timed.
  await nextDiagnostics(docs[0]);
  out.coldDiagnosticsMs = diagnostics.at(-1).at - t2;
  const second = textDocument(path.resolve(file2), readFileSync(file2, 'utf8'));
  docs.push(second);
  loop.enable();
  const opened = performance.now();
  const done = nextDiagnostics(second);
  for (const f of listeners.open) f(second);
  const d = await done;
  loop.disable();
  out.diagnosticsMs = d.at - opened;
  out.findings = d.count;
  out.longestBlockMs = loop.max / 1e6;
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
