// The editor's hint adapters (diagnostics, lenses, hovers, quick fixes) against the engine's own
// findings: what the user sees must be the findings, placed where `TextDocument.positionAt` puts
// them, whatever shape the worker's answer travels in. The vscode API is a small stand-in with
// VS Code's semantics for what these adapters use (positions, ranges, diagnostics, lenses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';
import { analyzeDocument } from '../../../src/core/hints/document';
import { packHints } from '../../../src/core/hints/packed';
import type { HintFinding } from '../../../src/core/hints/types';
import { mdText } from '../../../src/core/report/markdown';
import { generateSqlFile } from '../../../scripts/bench/sqlfile';

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
  isEqual(o: Range): boolean {
    return same(this.start, o.start) && same(this.end, o.end);
  }
}
const same = (a: Position, b: Position) => a.line === b.line && a.character === b.character;
class Diagnostic {
  source?: string;
  code?: unknown;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number,
  ) {}
}
class CodeLens {
  command?: { title: string; command: string; arguments?: unknown[] };
  constructor(readonly range: Range) {}
}
class MarkdownString {
  isTrusted?: unknown;
  constructor(public value = '') {}
  appendMarkdown(s: string) {
    this.value += s;
    return this;
  }
  appendCodeblock(s: string, lang: string) {
    this.value += `\n\`\`\`${lang}\n${s}\n\`\`\`\n`;
    return this;
  }
}
class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}
class CodeAction {
  edit?: unknown;
  command?: unknown;
  diagnostics?: unknown;
  isPreferred?: boolean;
  constructor(readonly title: string) {}
}
class WorkspaceEdit {
  replace() {}
  insert() {}
}
class EventEmitter {
  event = () => ({ dispose() {} });
  fire() {}
  dispose() {}
}

/** The user's settings as the stand-in's getConfiguration reads them (keys within the section). */
const settings: Record<string, unknown> = {};
type Listener = (x: unknown) => void;
const listeners: Record<string, Listener[]> = {};
const on = (name: string) => (f: Listener) => ((listeners[name] ??= []).push(f), { dispose() {} });
const sets: Array<{ uri: string; list: Diagnostic[] }> = [];
let onSet = () => {};
const api = {
  Position,
  Range,
  Diagnostic,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  CodeLens,
  MarkdownString,
  Hover,
  CodeAction,
  CodeActionKind: { QuickFix: 'quickfix' },
  WorkspaceEdit,
  EventEmitter,
  l10n: { t: (s: string) => s },
  extensions: { getExtension: () => undefined },
  workspace: {
    textDocuments: [],
    getConfiguration: () => ({ get: (k: string, d: unknown) => (k in settings ? settings[k] : d) }),
    onDidOpenTextDocument: on('open'),
    onDidChangeTextDocument: on('change'),
    onDidCloseTextDocument: on('close'),
    onDidChangeConfiguration: on('config'),
  },
  window: { onDidChangeTextEditorSelection: on('selection') },
  languages: {
    createDiagnosticCollection: () => ({
      set: (uri: { toString(): string }, list: Diagnostic[]) => (sets.push({ uri: String(uri), list }), onSet()),
      delete() {},
      dispose() {},
    }),
  },
};

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = (request, ...rest) => (request === 'vscode' ? api : original(request, ...rest));
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the vscode stand-in is in place */
const { HintCache } = require('../../../src/editor/hints/analysis') as typeof import('../../../src/editor/hints/analysis');
const { registerDiagnostics, HINT_SOURCE } = require('../../../src/editor/hints/diagnostics') as typeof import('../../../src/editor/hints/diagnostics');
const { ExplainLens } = require('../../../src/editor/hints/lens') as typeof import('../../../src/editor/hints/lens');
const { HintHover } = require('../../../src/editor/hints/hover') as typeof import('../../../src/editor/hints/hover');
const { HintActions, actionsFor } = require('../../../src/editor/hints/actions') as typeof import('../../../src/editor/hints/actions');
/* eslint-enable @typescript-eslint/no-require-imports */
loader._load = original;

/** VS Code's TextDocument over a string, written plainly: lines split on \r\n, \r and \n. */
function textDocument(text: string, version = 1) {
  const lines: Array<{ start: number; text: string }> = [];
  const re = /\r\n|\r|\n/g;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ start: from, text: text.slice(from, m.index) });
    from = m.index + m[0].length;
  }
  lines.push({ start: from, text: text.slice(from) });
  const positionAt = (offset: number) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let line = lines.length - 1;
    while (lines[line].start > at) line--;
    return new Position(line, Math.min(at - lines[line].start, lines[line].text.length));
  };
  const offsetAt = (p: Position) => Math.min(text.length, (lines[p.line]?.start ?? text.length) + p.character);
  const uri = { fsPath: '/t.sql', toString: () => 'file:///t.sql' };
  return {
    uri,
    version,
    languageId: 'sql',
    isClosed: false,
    getText: (r?: Range) => (r ? text.slice(offsetAt(r.start), offsetAt(r.end)) : text),
    positionAt,
    offsetAt,
    lineAt: (line: number) => {
      const t = lines[line].text;
      return { text: t, firstNonWhitespaceCharacterIndex: t.length - t.trimStart().length, range: new Range(line, 0, line, t.length) };
    },
  };
}
type Doc = ReturnType<typeof textDocument>;
// The adapters take vscode types; the stand-ins give what they read.
type AnyDoc = Parameters<InstanceType<typeof ExplainLens>['provideCodeLenses']>[0];
const asDoc = (d: Doc) => d as unknown as AnyDoc;

const INPUT = { dialect: 'mysql' as const, disabled: [] as string[] };
const log = { warn() {}, info() {} } as unknown as ConstructorParameters<typeof HintCache>[2];
/** The cache as the extension builds it, the worker's job done in process (the worker itself: pool.test.ts). */
const newCache = () => new HintCache(async (text, input) => packHints(text, analyzeDocument(text, input)), undefined, log);

const place = (doc: Doc, r: { start: number; end: number }) => {
  const a = doc.positionAt(r.start);
  const b = doc.positionAt(r.end);
  return [a.line, a.character, b.line, b.character];
};
const rangeOf = (r: Range) => [r.start.line, r.start.character, r.end.line, r.end.character];
const SEVERITY = { error: 0, warning: 1, info: 2 };
const expected = (doc: Doc, hints: HintFinding[]) =>
  hints.map((h) => ({ range: place(doc, h.range), message: `${h.title}: ${h.message}`, severity: SEVERITY[h.severity], source: HINT_SOURCE, code: h.rule }));
const shown = (list: Diagnostic[]) => list.map((d) => ({ range: rangeOf(d.range), message: d.message, severity: d.severity, source: d.source, code: d.code }));

const LF = generateSqlFile(300, 9);
// Windows line ends, a lone \r, accents and characters outside the BMP (two UTF-16 units each).
const CRLF =
  "-- café ☃\r\nSELECT * FROM film WHERE title LIKE '%😀é%' ORDER BY RAND();\r\nUSE sakila;\rSELECT * FROM actor WHERE first_name LIKE '%🎬';\r\n" +
  LF.split('\n').slice(0, 200).join('\r\n');

function nextSet(): Promise<Diagnostic[]> {
  return new Promise((res) => (onSet = () => res(sets[sets.length - 1].list)));
}

const subs: Array<{ dispose(): void }> = [];
const cache = newCache();
registerDiagnostics(cache, subs as never);

for (const [name, text] of [
  ['LF', LF],
  ['CRLF and non-ASCII', CRLF],
] as const) {
  test(`diagnostics are the engine's findings, placed as positionAt places them (${name})`, async () => {
    const doc = textDocument(text);
    const ref = analyzeDocument(text, INPUT);
    assert.ok(ref.hints.length > 5, `${ref.hints.length} findings`);
    const set = nextSet();
    listeners.open.forEach((f) => f(doc));
    assert.deepEqual(shown(await set), expected(doc, ref.hints));
    cache.forget(asDoc(doc));
    listeners.close.forEach((f) => f(doc));
  });

  test(`lenses sit on the explainable statements and explain exactly the statement (${name})`, async () => {
    const doc = textDocument(text);
    const ref = analyzeDocument(text, INPUT).statements.filter((s) => s.explainable);
    const lens = new ExplainLens(newCache());
    const lenses = await lens.provideCodeLenses(asDoc(doc));
    assert.equal(lenses.length, ref.length);
    lenses.forEach((l, i) => {
      const [line, character] = place(doc, ref[i]);
      assert.deepEqual(rangeOf(l.range as unknown as Range), [line, character, line, character]);
      const resolved = lens.resolveCodeLens(l);
      assert.equal(resolved.command?.command, 'mysqlQueryTuner.explainProfile');
      const [uri, range] = resolved.command!.arguments as [unknown, Range];
      assert.equal(uri, doc.uri);
      assert.deepEqual(rangeOf(range), place(doc, ref[i]));
    });
  });

  test(`hovers show the findings under the cursor, in the engine's order (${name})`, async () => {
    const doc = textDocument(text);
    const ref = analyzeDocument(text, INPUT).hints;
    const hover = new HintHover(newCache(), undefined);
    const probes = [...ref.filter((_, i) => i % 7 === 0).map((h) => h.range.start), 0, text.length, Math.floor(text.length / 3)];
    for (const offset of probes) {
      const here = ref.filter((h) => h.range.start <= offset && offset <= h.range.end);
      const got = (await hover.provideHover(asDoc(doc), doc.positionAt(offset) as never)) as unknown as Hover | undefined;
      if (!here.length) {
        assert.equal(got, undefined, `offset ${offset}`);
        continue;
      }
      assert.ok(got, `a hover at ${offset}`);
      assert.deepEqual(rangeOf(got.range!), place(doc, here[0].range));
      let at = 0;
      for (const h of here) {
        const shownAt = got.contents.value.indexOf(`**${mdText(h.title)}** \`${h.rule}\`\n\n${mdText(h.message)}`, at);
        assert.ok(shownAt >= at, `${h.rule} at ${offset}, in order`);
        at = shownAt + 1;
        for (const e of h.evidence ?? []) assert.ok(got.contents.value.includes(`- ${mdText(e)}`));
      }
    }
  });

  test(`quick fixes of a diagnostic are those of its finding (${name})`, async () => {
    const doc = textDocument(text);
    const ref = analyzeDocument(text, INPUT).hints;
    const actions = new HintActions(newCache());
    const picked = ref.filter((h, i) => h.edit || h.ddl || i % 11 === 0);
    assert.ok(picked.some((h) => h.edit) && picked.some((h) => h.ddl), 'rewrites and DDL both covered');
    for (const h of picked) {
      const d = new Diagnostic(new Range(doc.positionAt(h.range.start), doc.positionAt(h.range.end)), '', 0);
      d.source = HINT_SOURCE;
      d.code = h.rule;
      const got = await actions.provideCodeActions(asDoc(doc), d.range as never, { diagnostics: [d] } as never);
      // The first finding of this rule at this place (two equal ones give the same fixes).
      const first = ref.find((x) => x.rule === h.rule && place(doc, x.range).join() === place(doc, h.range).join())!;
      assert.deepEqual(
        got.map((a) => a.title),
        actionsFor(asDoc(doc), first).map((a) => a.title),
      );
    }
  });
}

test('after an edit the diagnostics follow the new text, and unchanged findings keep their Diagnostic', async () => {
  const before = textDocument(LF);
  let set = nextSet();
  listeners.open.forEach((f) => f(before));
  const first = await set;
  const at = LF.indexOf(';\n', Math.floor(LF.length / 2));
  const text = `${LF.slice(0, at)} ORDER BY RAND()${LF.slice(at)}`; // one statement in the middle gains a finding
  const after = textDocument(text, 2);
  set = nextSet();
  listeners.change.forEach((f) => f({ document: after, contentChanges: [] }));
  const second = await set;
  assert.deepEqual(shown(second), expected(after, analyzeDocument(text, INPUT).hints));
  const kept = second.filter((d) => first.includes(d)).length;
  assert.ok(kept > second.length * 0.8 && kept < second.length, `${kept} of ${second.length} kept`);
  // A finding that moved (a line inserted above it) is a new Diagnostic at its new place.
  const moved = textDocument(`\n${text}`, 3);
  set = nextSet();
  listeners.change.forEach((f) => f({ document: moved, contentChanges: [] }));
  const third = await set;
  assert.deepEqual(shown(third), expected(moved, analyzeDocument(`\n${text}`, INPUT).hints));
  assert.equal(third.filter((d) => second.includes(d)).length, 0);
  subs.forEach((s) => s.dispose());
});

test('settings changed while a job of the same version is in the worker: the answer follows the new settings', async () => {
  const text = 'SELECT * FROM film ORDER BY RAND();\n';
  const doc = asDoc(textDocument(text));
  const seen: string[][] = [];
  let release = () => {};
  const held = new Promise<void>((res) => (release = res));
  const slow = new HintCache(
    async (t, input) => {
      seen.push(input.disabled);
      if (seen.length === 1) await held; // the first job is still in the worker when the setting changes
      return packHints(t, analyzeDocument(t, input));
    },
    undefined,
    log,
  );
  const rules = (a: Awaited<ReturnType<typeof slow.analyze>>) => Array.from({ length: a!.table.findingCount }, (_, i) => a!.table.rule(i));
  try {
    settings['hints.disabled'] = ['order-by-rand'];
    const old = slow.analyze(doc);
    delete settings['hints.disabled'];
    slow.clear(); // what a change of mysqlQueryTuner.hints does
    const now = slow.analyze(doc);
    release();
    assert.ok(!rules(await old).includes('order-by-rand'), 'the job of the old settings left the rule out');
    assert.ok(rules(await now).includes('order-by-rand'), 'after the change the rule is back');
    assert.deepEqual(seen, [['order-by-rand'], []]);
    assert.ok(rules(await slow.analyze(doc)).includes('order-by-rand'), 'and the cache keeps the new answer');
  } finally {
    delete settings['hints.disabled'];
  }
});
