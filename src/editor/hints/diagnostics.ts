import * as vscode from 'vscode';
import type { HintFinding } from '../../core/hints';
import { F, type HintTable } from '../../core/hints/packed';
import { SECTION, findingRange, type HintCache } from './analysis';
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

const ruleCodes = new Map<string, vscode.Diagnostic['code']>();

/** The diagnostic's code: the rule and its documentation (one object per rule, shared). */
function ruleCode(rule: string): vscode.Diagnostic['code'] {
  let code = ruleCodes.get(rule);
  if (code === undefined) {
    const target = ruleDocUri(rule);
    ruleCodes.set(rule, (code = target ? { value: rule, target } : rule));
  }
  return code;
}

/** Finding `i` as a squiggle. */
export function toDiagnostic(table: HintTable, i: number): vscode.Diagnostic {
  const d = new vscode.Diagnostic(findingRange(table, i), table.message(i), SEVERITY[table.severity(i)]);
  d.source = HINT_SOURCE;
  d.code = ruleCode(table.rule(i));
  return d;
}

/** What a document shows: the table and its diagnostics, finding `i` as `list[i]`. */
export interface Shown {
  table: HintTable;
  list: vscode.Diagnostic[];
}

const PLACE = [F.line, F.char, F.endLine, F.endChar] as const;

/** Same range, rule, severity and text: the old Diagnostic serves as it is. */
function same(a: HintTable, i: number, b: HintTable, j: number): boolean {
  for (const f of PLACE) if (a.at(i, f) !== b.at(j, f)) return false;
  return a.at(i, F.severity) === b.at(j, F.severity) && a.rule(i) === b.rule(j) && a.message(i) === b.message(j);
}

/** Order of the findings' statements by their start position (line, then column). */
function statementOrder(a: HintTable, i: number, b: HintTable, j: number): number {
  return a.at(i, F.stmtLine) - b.at(j, F.stmtLine) || a.at(i, F.stmtChar) - b.at(j, F.stmtChar);
}

/**
 * Findings to diagnostics in turns, yielding between them: thousands of findings stay
 * responsive. After an edit most findings are where they were: those keep their Diagnostic
 * (found by walking both tables in statement order), so an edit allocates for what changed.
 */
export function toDiagnostics(table: HintTable, before?: Shown, cancelled?: () => boolean): Promise<vscode.Diagnostic[]> {
  const old = before?.table;
  const used = old ? new Uint8Array(old.findingCount) : undefined;
  let j = 0;
  return mapInTurns(
    table.findingCount,
    (i) => {
      if (old && used) {
        while (j < old.findingCount && statementOrder(old, j, table, i) < 0) j++;
        for (let k = j; k < old.findingCount && statementOrder(old, k, table, i) === 0; k++)
          if (!used[k] && same(old, k, table, i)) {
            used[k] = 1;
            return before.list[k];
          }
      }
      return toDiagnostic(table, i);
    },
    cancelled,
  );
}

/** Shows a document's findings in the collection; the latest call for a document wins. */
function shower(cache: HintCache, collection: vscode.DiagnosticCollection) {
  const shown = new Map<string, Shown>();
  const latest = new Map<string, number>();
  let calls = 0;
  const refresh = async (doc: vscode.TextDocument) => {
    if (!LANGUAGES.includes(doc.languageId)) return;
    const key = doc.uri.toString();
    const version = doc.version;
    const mine = ++calls;
    latest.set(key, mine);
    const result = await cache.analyze(doc);
    // A newer version, a later refresh (settings changed meanwhile) or a closed document has
    // its own answer coming: an older one must not overwrite it.
    const gone = () => doc.isClosed || doc.version !== version || latest.get(key) !== mine;
    if (!result || gone()) return;
    const before = shown.get(key);
    if (before?.table === result.table) return; // already shown
    const list = await toDiagnostics(result.table, before, gone);
    if (gone()) return;
    shown.set(key, { table: result.table, list });
    collection.set(doc.uri, list);
  };
  const forget = (key: string) => {
    shown.delete(key);
    latest.delete(key);
  };
  return { refresh, forget };
}

/** Squiggles for every SQL document, recomputed shortly after the last change. */
export function registerDiagnostics(cache: HintCache, subs: vscode.Disposable[]): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('mysqlQueryTuner.hints');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const { refresh, forget } = shower(cache, collection);
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
      forget(doc.uri.toString());
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
