import * as vscode from 'vscode';
import type { HintFinding } from '../../core/hints';
import { SECTION, toRange, type HintCache } from './analysis';
import { mapInTurns } from './turns';

const DEBOUNCE_MS = 300;
export const HINT_SOURCE = 'MySQL Query Tuner';
export const LANGUAGES = ['sql', 'mysql'];

const SEVERITY: Record<HintFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const ruleDocs = new Map<string, vscode.Uri | undefined>();

/** The rule's section of docs/rules.md, shipped inside the extension. */
export function ruleDocUri(rule: string): vscode.Uri | undefined {
  if (ruleDocs.has(rule)) return ruleDocs.get(rule);
  const ext = vscode.extensions.getExtension('mqt.mysql-query-tuner');
  const uri = ext ? vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules.md').with({ fragment: rule }) : undefined;
  ruleDocs.set(rule, uri);
  return uri;
}

export function toDiagnostic(doc: vscode.TextDocument, h: HintFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(doc, h.range), `${h.title}: ${h.message}`, SEVERITY[h.severity]);
  d.source = HINT_SOURCE;
  const target = ruleDocUri(h.rule);
  d.code = target ? { value: h.rule, target } : h.rule;
  return d;
}

/** Squiggles for every SQL document, recomputed shortly after the last change. */
export function registerDiagnostics(cache: HintCache, subs: vscode.Disposable[]): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('mysqlQueryTuner.hints');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const refresh = async (doc: vscode.TextDocument) => {
    if (!LANGUAGES.includes(doc.languageId)) return;
    const version = doc.version;
    const result = await cache.analyze(doc);
    // A newer version (or a closed document) has its own refresh coming.
    if (!result || doc.isClosed || doc.version !== version) return;
    collection.set(doc.uri, await toDiagnostics(doc, result.hints));
  };
  const soon = (doc: vscode.TextDocument) => void refresh(doc);
  const later = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        soon(doc);
      }, DEBOUNCE_MS),
    );
  };
  subs.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(soon),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      collection.delete(doc.uri);
      cache.forget(doc);
      clearTimeout(timers.get(doc.uri.toString()));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${SECTION}.hints`)) return;
      cache.clear();
      vscode.workspace.textDocuments.forEach(soon);
    }),
    // A finished analysis brings a plan: pick it up when the user is back in the editor.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      const before = cache.peek(doc);
      if (before && before.version === doc.version && cache.stale(doc, before)) soon(doc);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  // Documents already open are checked after activation returns, not during it.
  const initial = setTimeout(() => vscode.workspace.textDocuments.forEach(soon), 0);
  subs.push({ dispose: () => clearTimeout(initial) });
  return collection;
}

/** Findings to diagnostics in turns, yielding between them: thousands of findings stay responsive. */
function toDiagnostics(doc: vscode.TextDocument, hints: HintFinding[]): Promise<vscode.Diagnostic[]> {
  return mapInTurns(hints, (h) => toDiagnostic(doc, h));
}
