// What the editor offers for index advice: "Copy CREATE INDEX" for verified advice only,
// with the evidence. Kept per statement (document and whitespace-folded text) until the
// statement changes or is advised again.
import type { Advice } from './shadow';

export interface CopyIndexAction {
  title: string;
  ddl: string;
  /** The measured evidence, shown when the DDL is copied. */
  evidence: string;
}

const indexName = (ddl: string) => /^CREATE INDEX `?([^` ]+)`?/i.exec(ddl)?.[1] ?? 'index';

/** One action per verified candidate; advice that is not verified gets none. */
export function copyIndexActions(advice: readonly Advice[]): CopyIndexAction[] {
  return advice
    .filter((a) => a.status === 'verified' && a.verified)
    .map((a) => {
      const v = a.verified!;
      const after = v.pair && v.pair.after.rowsExamined < v.after.rowsExamined ? v.pair.after : v.after;
      const rows = `${v.before.rowsExamined.toLocaleString('en-US')} → ${after.rowsExamined.toLocaleString('en-US')} rows examined`;
      return { title: `Copy CREATE INDEX ${indexName(a.ddl)} (verified on the sandbox: ${rows})`, ddl: a.ddl, evidence: a.reason };
    });
}

export const statementKey = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/;$/, '').trim();

/** The last advice per document and statement. */
export class AdviceCache {
  private readonly byDoc = new Map<string, Map<string, Advice[]>>();

  set(doc: string, statement: string, advice: Advice[]): void {
    let m = this.byDoc.get(doc);
    if (!m) this.byDoc.set(doc, (m = new Map()));
    m.set(statementKey(statement), advice);
  }

  get(doc: string, statement: string): Advice[] | undefined {
    return this.byDoc.get(doc)?.get(statementKey(statement));
  }

  forget(doc: string): void {
    this.byDoc.delete(doc);
  }
}
