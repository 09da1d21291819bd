import * as vscode from 'vscode';
import type { HintFinding, StatementPlan } from '../../core/hints/types';
import type { DocumentHints, DocumentStatement } from '../../core/hints/document';
import type { Report } from '../../core/report/model';
import type { SchemaInfo } from '../../core/hints/schema';

export type ReportFor = (uri: vscode.Uri, range: vscode.Range) => Report | undefined;
/** Runs the hint engine over a whole document, off the extension host thread (src/core/hints/pool.ts). */
export type AnalyzeDocument = (text: string, input: { disabled: string[]; plans: StatementPlan[]; dialect: 'mysql' | 'mariadb'; serverVersion?: string; schema?: SchemaInfo }) => Promise<DocumentHints>;

export interface DocAnalysis {
  version: number;
  /** Which reports the plans came from, to notice a newer analysis. */
  stamp: string;
  checkedAt: number;
  /** A report of one of its statements is newer than this analysis. */
  outdated?: boolean;
  statements: DocumentStatement[];
  hints: HintFinding[];
}

interface Evidence {
  plans: StatementPlan[];
  version: string | undefined;
  dialect: 'mysql' | 'mariadb';
  stamp: string;
}

export const SECTION = 'mysqlQueryTuner';

export function disabledRules(): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>('hints.disabled', []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Hints per document version: one split and one analysis per version, shared by diagnostics,
 * hovers, code actions and lenses. The work runs in the hint worker; here only the document's
 * text goes out and ranges come back, so a 3 MB statement or a 30,000-line file never holds up
 * the editor. One job per document at a time; edits made meanwhile are coalesced into one.
 */
export class HintCache {
  private readonly docs = new Map<string, DocAnalysis>();
  private readonly running = new Map<string, { version: number; done: Promise<DocAnalysis | undefined> }>();
  /** Bumped by clear(): a job started before it must not fill the cache. */
  private generation = 0;

  constructor(
    private readonly run: AnalyzeDocument,
    private readonly reportFor: ReportFor | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly schemaFor?: () => SchemaInfo | undefined,
    /** False for a document none of whose statements was analysed: no report lookups then. */
    private readonly hasReports: (uri: vscode.Uri) => boolean = () => true,
  ) {}

  async statements(doc: vscode.TextDocument): Promise<DocumentStatement[]> {
    return (await this.analyze(doc))?.statements ?? [];
  }

  /** The analysis of the document's current version (undefined when the engine failed). */
  async analyze(doc: vscode.TextDocument): Promise<DocAnalysis | undefined> {
    const key = doc.uri.toString();
    for (;;) {
      const hit = this.docs.get(key);
      if (hit && hit.version === doc.version && !this.stale(doc, hit)) return hit;
      const busy = this.running.get(key);
      if (busy && busy.version === doc.version) return busy.done;
      if (busy) {
        await busy.done; // an older version is in the worker: wait, then run the newest once
        continue;
      }
      const done = this.start(doc, key, hit && hit.version === doc.version ? hit : undefined);
      this.running.set(key, { version: doc.version, done });
      return done.finally(() => {
        if (this.running.get(key)?.done === done) this.running.delete(key);
      });
    }
  }

  private async start(doc: vscode.TextDocument, key: string, previous: DocAnalysis | undefined): Promise<DocAnalysis | undefined> {
    const generation = this.generation;
    const version = doc.version;
    const text = doc.getText();
    const input = { disabled: disabledRules(), plans: [] as StatementPlan[], dialect: 'mysql' as 'mysql' | 'mariadb' };
    try {
      // Plans of statements analysed earlier make the plan rules speak; they need the split,
      // so a document with reports goes through the worker twice (the second pass mostly cached).
      let statements = previous?.statements;
      let evidence: Evidence | undefined = statements ? this.evidence(doc, statements) : undefined;
      let out: DocumentHints | undefined;
      if (!evidence) {
        out = await this.run(text, { ...input, ...this.schemaInput() });
        statements = out.statements;
        evidence = doc.version === version ? this.evidence(doc, statements) : { plans: [], version: undefined, dialect: 'mysql' as const, stamp: '' };
      }
      if (!out || evidence.plans.length || evidence.dialect !== 'mysql' || evidence.version) {
        out = await this.run(text, { ...input, plans: evidence.plans, dialect: evidence.dialect, ...(evidence.version ? { serverVersion: evidence.version } : {}), ...this.schemaInput() });
      }
      const result: DocAnalysis = { version, statements: out.statements, hints: out.hints, stamp: evidence.stamp, checkedAt: Date.now() };
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
    if (!this.reportFor || Date.now() - hit.checkedAt < 1000) return false;
    hit.checkedAt = Date.now();
    hit.outdated = this.evidence(doc, hit.statements).stamp !== hit.stamp;
    return hit.outdated;
  }

  /** Plans of the statements analysed earlier (no server round trip: the reports are in memory). */
  private evidence(doc: vscode.TextDocument, statements: DocumentStatement[]): Evidence {
    const plans: StatementPlan[] = [];
    const stamps: string[] = [];
    let version: string | undefined;
    let dialect: 'mysql' | 'mariadb' = 'mysql';
    if (this.reportFor && this.hasReports(doc.uri)) {
      for (const s of statements) {
        let report: Report | undefined;
        const range = new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
        try {
          report = this.reportFor(doc.uri, range);
        } catch {
          report = undefined;
        }
        if (!report) continue;
        version ??= report.server.version;
        if (report.server.flavor === 'mariadb') dialect = 'mariadb';
        stamps.push(`${s.start}:${report.createdAt}`);
        if (report.plan) plans.push({ statement: doc.getText(range), plan: report.plan });
      }
    }
    // A schema read since the last analysis changes what the schema-based rules can say.
    const schema = this.schemaFor?.();
    if (schema) stamps.push(`schema:${schema.database}`);
    return { plans, version, dialect, stamp: stamps.join(',') };
  }

  /** The last finished analysis, of whatever version. */
  peek(doc: vscode.TextDocument): DocAnalysis | undefined {
    return this.docs.get(doc.uri.toString());
  }

  forget(doc: vscode.TextDocument): void {
    this.docs.delete(doc.uri.toString());
  }

  /** A statement of `uri` was analysed: its plan changes what the hints say (an onDidAnalyze subscriber). */
  analysed(uri: vscode.Uri): void {
    this.docs.delete(uri.toString());
  }

  clear(): void {
    this.generation++;
    this.docs.clear();
  }
}

export function toRange(doc: vscode.TextDocument, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}
