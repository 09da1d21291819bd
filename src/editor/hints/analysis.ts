import * as vscode from 'vscode';
import { analyzeStatements, type HintFinding, type StatementPlan } from '../../core/hints';
import type { Report } from '../../core/report/model';
import type { SchemaInfo } from '../../core/hints/schema';
import { splitStatements, type StatementRange } from '../../core/sql/statements';

export type ReportFor = (uri: vscode.Uri, range: vscode.Range) => Report | undefined;

export interface DocAnalysis {
  version: number;
  /** Which reports the plans came from, to notice a newer analysis. */
  stamp: string;
  checkedAt: number;
  statements: StatementRange[];
  hints: HintFinding[];
}

export const SECTION = 'mysqlQueryTuner';

export function disabledRules(): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>('hints.disabled', []);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Hints per document version: one split and one analysis per version, shared by diagnostics,
 * hovers, code actions and lenses. Only the statements' texts reach the engine, whose own
 * cache makes re-analysing an edited file cost about one statement.
 */
export class HintCache {
  private readonly docs = new Map<string, DocAnalysis>();

  constructor(private readonly reportFor: ReportFor | undefined, private readonly log: vscode.LogOutputChannel, private readonly schemaFor?: () => SchemaInfo | undefined) {}

  statements(doc: vscode.TextDocument): StatementRange[] {
    const hit = this.docs.get(doc.uri.toString());
    return hit && hit.version === doc.version ? hit.statements : this.analyze(doc).statements;
  }

  analyze(doc: vscode.TextDocument): DocAnalysis {
    const key = doc.uri.toString();
    const hit = this.docs.get(key);
    if (hit && hit.version === doc.version && !this.stale(doc, hit)) return hit;
    const text = hit && hit.version === doc.version ? undefined : doc.getText();
    const statements = text === undefined ? hit!.statements : splitStatements(text);
    const { plans, version, dialect, stamp } = this.evidence(doc, statements);
    let hints: HintFinding[] = [];
    try {
      const schema = this.schemaFor?.();
      hints = analyzeStatements(text ?? doc.getText(), statements, { disabled: disabledRules(), plans, dialect, ...(version ? { serverVersion: version } : {}), ...(schema ? { schema } : {}) });
    } catch (e) {
      this.log.warn(`hints: analysis failed for ${doc.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const result = { version: doc.version, statements, hints, stamp, checkedAt: Date.now() };
    this.docs.set(key, result);
    return result;
  }

  /** True when a statement was analysed again since (checked at most once a second). */
  stale(doc: vscode.TextDocument, hit: DocAnalysis): boolean {
    if (!this.reportFor || Date.now() - hit.checkedAt < 1000) return false;
    hit.checkedAt = Date.now();
    return this.evidence(doc, hit.statements).stamp !== hit.stamp;
  }

  /** Plans of the statements analysed earlier (no server round trip: the reports are in memory). */
  private evidence(doc: vscode.TextDocument, statements: StatementRange[]) {
    const plans: StatementPlan[] = [];
    const stamps: string[] = [];
    let version: string | undefined;
    let dialect: 'mysql' | 'mariadb' = 'mysql';
    if (this.reportFor) {
      for (const s of statements) {
        let report: Report | undefined;
        try {
          report = this.reportFor(doc.uri, new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end)));
        } catch {
          report = undefined;
        }
        if (!report) continue;
        version ??= report.server.version;
        if (report.server.flavor === 'mariadb') dialect = 'mariadb';
        stamps.push(`${s.start}:${report.createdAt}`);
        if (report.plan) plans.push({ statement: s.text, plan: report.plan });
      }
    }
    // A schema read since the last analysis changes what the schema-based rules can say.
    const schema = this.schemaFor?.();
    if (schema) stamps.push(`schema:${schema.database}`);
    return { plans, version, dialect, stamp: stamps.join(',') };
  }

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
    this.docs.clear();
  }
}

export function toRange(doc: vscode.TextDocument, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}
