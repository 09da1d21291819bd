import * as vscode from 'vscode';
import type { HintFinding } from '../../core/hints';
import { SECTION, toRange, type HintCache } from './analysis';

const DEBOUNCE_MS = 300;
export const HINT_SOURCE = 'MySQL Query Tuner';
export const LANGUAGES = ['sql', 'mysql'];

const SEVERITY: Record<HintFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule's section of docs/rules.md, shipped inside the extension. */
export function ruleDocUri(rule: string): vscode.Uri | undefined {
  const ext = vscode.extensions.getExtension('mqt.mysql-query-tuner');
  return ext ? vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules.md').with({ fragment: rule }) : undefined;
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
  const refresh = (doc: vscode.TextDocument) => {
    if (!LANGUAGES.includes(doc.languageId)) return;
    const { hints } = cache.analyze(doc);
    collection.set(doc.uri, hints.map((h) => toDiagnostic(doc, h)));
  };
  const later = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); refresh(doc); }, DEBOUNCE_MS));
  };
  subs.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      collection.delete(doc.uri);
      cache.forget(doc);
      clearTimeout(timers.get(doc.uri.toString()));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`${SECTION}.hints`)) return;
      cache.clear();
      vscode.workspace.textDocuments.forEach(refresh);
    }),
    // A finished analysis brings a plan: pick it up when the user is back in the editor.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      const before = cache.peek(doc);
      if (before && before.version === doc.version && cache.analyze(doc) !== before) refresh(doc);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach(refresh);
  return collection;
}
