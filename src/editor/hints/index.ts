// Editor side of the hints: diagnostics, hovers, quick fixes and "Explain & Profile" lenses
// for SQL documents. Everything here reads the engine's in-memory results; no server round trip.
import * as vscode from 'vscode';
import type { Report } from '../../core/report/model';
import type { SchemaInfo } from '../../core/hints/schema';
import { HintWorker } from '../../core/hints/pool';
import { HintCache, SECTION, type ReportsOf } from './analysis';
import { HintActions } from './actions';
import { LANGUAGES, registerDiagnostics } from './diagnostics';
import { HintHover } from './hover';
import { ExplainLens } from './lens';

export interface HintDeps {
  log: vscode.LogOutputChannel;
  /** dist/hintWorker.js: where the engine runs, off the extension host thread. */
  workerScript: string;
  reportFor?: (uri: vscode.Uri, range: vscode.Range) => Report | undefined;
  /** The document's analysed statements and their last reports: their hints are placed, not recomputed. */
  reportsOf?: ReportsOf;
  /** The active connection's schema when it has been read (tables, columns, indexes). */
  schemaFor?: () => SchemaInfo | undefined;
}

/** Returns the hint cache, which the composition root tells about every new analysis. */
export function registerHints(deps: HintDeps, subscriptions: vscode.Disposable[]): HintCache {
  const worker = new HintWorker(deps.workerScript);
  subscriptions.push({ dispose: () => worker.dispose() });
  const cache = new HintCache((text, input) => worker.analyze(text, input), deps.reportsOf, deps.log, deps.schemaFor);
  const selector: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));
  registerDiagnostics(cache, subscriptions);
  const lens = new ExplainLens(cache);
  subscriptions.push(
    vscode.languages.registerHoverProvider(selector, new HintHover(cache, deps.reportFor)),
    vscode.languages.registerCodeActionsProvider(selector, new HintActions(cache), { providedCodeActionKinds: HintActions.kinds }),
    vscode.languages.registerCodeLensProvider(selector, lens),
    lens,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.codeLens`)) lens.refresh();
    }),
  );
  deps.log.info('hints: registered for sql and mysql documents');
  return cache;
}
