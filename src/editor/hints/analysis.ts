import * as vscode from 'vscode';
import type { HintFinding, ReportedHints } from '../../core/hints/types';
import { F, HintTable, type PackedHints } from '../../core/hints/packed';
import type { Report } from '../../core/report/model';
import type { SchemaInfo } from '../../core/hints/schema';

export type ReportFor = (uri: vscode.Uri, range: vscode.Range) => Report | undefined;
/** The analysed statements of a document (the text sent) with their last reports. */
export type ReportsOf = (uri: vscode.Uri) => ReadonlyArray<{ text: string; report: Report }>;
/** Runs the hint engine over a whole document, off the extension host thread (src/core/hints/pool.ts). */
export type AnalyzeDocument = (
  text: string,
  input: { disabled: string[]; reported: ReportedHints[]; dialect: 'mysql' | 'mariadb'; serverVersion?: string; schema?: SchemaInfo },
) => Promise<PackedHints>;

export interface DocAnalysis {
  version: number;
  /** Which reports the hints came from, to notice a newer analysis. */
  stamp: string;
  checkedAt: number;
  /** A report of one of its statements is newer than this analysis. */
  outdated?: boolean;
  /** The findings and statements, packed (src/core/hints/packed.ts): objects only on demand. */
  table: HintTable;
}

interface Evidence {
  reported: ReportedHints[];
  version: string | undefined;
  dialect: 'mysql' | 'mariadb';
  stamp: string;
}

export const SECTION = 'mysqlQueryTuner';

export function disabledRules(): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>('hints.disabled', []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A report's hints are HintFindings (enrichReport); one read back from elsewhere may lack the ranges. */
const isFinding = (h: Report['hints'][number]): h is HintFinding =>
  h.range !== undefined && typeof (h as Partial<HintFinding>).title === 'string' && (h as Partial<HintFinding>).statement !== undefined;

/**
 * Hints per document version: one split and one analysis per version, shared by diagnostics,
 * hovers, code actions and lenses. The work runs in the hint worker; here only the document's
 * text goes out and ranges come back, so a 3 MB statement or a 30,000-line file never holds up
 * the editor. One job per document at a time; edits made meanwhile are coalesced into one.
 */
export class HintCache {
  private readonly docs = new Map<string, DocAnalysis>();
  private readonly running = new Map<string, { version: number; generation: number; done: Promise<DocAnalysis | undefined> }>();
  /** Bumped by clear(): a job started before it must not fill the cache. */
  private generation = 0;

  constructor(
    private readonly run: AnalyzeDocument,
    private readonly reportsOf: ReportsOf | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly schemaFor?: () => SchemaInfo | undefined,
  ) {}

  /** The analysis of the document's current version (undefined when the engine failed). */
  async analyze(doc: vscode.TextDocument): Promise<DocAnalysis | undefined> {
    const key = doc.uri.toString();
    for (;;) {
      const hit = this.docs.get(key);
      if (hit && hit.version === doc.version && !this.stale(doc, hit)) return hit;
      const busy = this.running.get(key);
      // A job started before clear() ran with the settings of then: its answer is not this one.
      if (busy && busy.version === doc.version && busy.generation === this.generation) return busy.done;
      if (busy) {
        await busy.done; // an older version (or settings) is in the worker: wait, then run the newest once
        continue;
      }
      const done = this.start(doc, key);
      this.running.set(key, { version: doc.version, generation: this.generation, done });
      return done.finally(() => {
        if (this.running.get(key)?.done === done) this.running.delete(key);
      });
    }
  }

  private async start(doc: vscode.TextDocument, key: string): Promise<DocAnalysis | undefined> {
    const generation = this.generation;
    const version = doc.version;
    const text = doc.getText();
    try {
      // One pass: the statements analysed earlier bring their reports' hints (computed once,
      // with their plans, in the pipeline) and the server's flavor and version.
      const evidence = this.evidence(doc);
      const out = await this.run(text, {
        disabled: disabledRules(),
        reported: evidence.reported,
        dialect: evidence.dialect,
        ...(evidence.version ? { serverVersion: evidence.version } : {}),
        ...this.schemaInput(),
      });
      const result: DocAnalysis = { version, table: new HintTable(out), stamp: evidence.stamp, checkedAt: Date.now() };
      if (generation === this.generation && (this.docs.get(key)?.version ?? -1) <= version) this.docs.set(key, result);
      return result;
    } catch (e) {
      this.log.warn(`hints: analysis failed for ${doc.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private schemaInput(): { schema?: SchemaInfo } {
    const schema = this.schemaFor?.();
    return schema ? { schema } : {};
  }

  /** True when a statement was analysed again since (checked at most once a second). */
  stale(doc: vscode.TextDocument, hit: DocAnalysis): boolean {
    if (hit.outdated) return true;
    if (!this.reportsOf || Date.now() - hit.checkedAt < 1000) return false;
    hit.checkedAt = Date.now();
    hit.outdated = this.evidence(doc).stamp !== hit.stamp;
    return hit.outdated;
  }

  /** The reports of the document's analysed statements (in memory: no server round trip). */
  private evidence(doc: vscode.TextDocument): Evidence {
    const reported: ReportedHints[] = [];
    const stamps: string[] = [];
    let version: string | undefined;
    let dialect: 'mysql' | 'mariadb' = 'mysql';
    for (const { text, report } of this.reportsOf?.(doc.uri) ?? []) {
      // The newest report says which server the document is checked for.
      version = report.server.version || version;
      dialect = report.server.flavor;
      stamps.push(report.createdAt);
      const hints = report.hints.filter(isFinding);
      reported.push({ statement: text, body: report.statement, hints, ...(report.plan ? { plan: report.plan } : {}) });
    }
    // A schema read since the last analysis changes what the schema-based rules can say.
    const schema = this.schemaFor?.();
    if (schema) stamps.push(`schema:${schema.database}`);
    return { reported, version, dialect, stamp: stamps.join(',') };
  }

  /** The last finished analysis, of whatever version. */
  peek(doc: vscode.TextDocument): DocAnalysis | undefined {
    return this.docs.get(doc.uri.toString());
  }

  forget(doc: vscode.TextDocument): void {
    this.docs.delete(doc.uri.toString());
  }

  /** A statement of `uri` was analysed: its report's hints replace the document's (an onDidAnalyze subscriber). */
  analysed(uri: vscode.Uri): void {
    const hit = this.docs.get(uri.toString());
    if (hit) hit.outdated = true; // the next look (a hover, the cursor moving) checks again
  }

  clear(): void {
    this.generation++;
    this.docs.clear();
  }
}

export function toRange(doc: vscode.TextDocument, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}

/** Finding `i`'s range from the positions the worker computed (no `positionAt` on this thread). */
export function findingRange(table: HintTable, i: number): vscode.Range {
  return new vscode.Range(table.at(i, F.line), table.at(i, F.char), table.at(i, F.endLine), table.at(i, F.endChar));
}
