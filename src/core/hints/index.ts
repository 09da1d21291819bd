// The hint engine: whole scripts in, findings with offsets into the script out.
import { classify } from '../sql/classify';
import { splitScript, type StatementRange } from '../sql/statements';
import type { Token } from '../sql/lexer';
import type { Plan } from '../plan/model';
import { RULES } from './catalog';
import type { LocalFinding } from './context';
import { analyzeStatementCached, type StatementResult } from './engine';
import { parseVersion } from './planinfo';
import { createIndex } from './rules/indexes';
import { findSuppressions, lineOf, lineStarts } from './suppress';
import type { HintFinding, HintInput, Range, ReportedHints } from './types';
import { compareNames } from '../format';

export * from './types';
export { RULES, ruleDocAnchor } from './catalog';
export type { RuleMeta } from './catalog';
export { loadSchema, type SchemaInfo, type TableInfo, type ColumnInfo, type IndexInfo } from './schema';

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function analyzeHints(input: HintInput): HintFinding[] {
  const sql = typeof input.sql === 'string' ? input.sql : '';
  return analyzeStatements(sql, splitScript(sql), input);
}

/**
 * Same as analyzeHints, for callers that already split the text (the worker, the pipeline);
 * statements that carry their code tokens (splitScript, a Statement) are not lexed again.
 */
export function analyzeStatements(
  sql: string,
  statements: Array<StatementRange & { tokens?: readonly Token[] }>,
  input: Omit<HintInput, 'sql'>,
  onStatement?: () => void,
): HintFinding[] {
  return finishHints(sql, statements, checkStatements(statements, input, undefined, onStatement), input);
}

/** A finding placed in the script, with the index suggestion the script-wide pass reads. */
export type PlacedFinding = HintFinding & { index?: LocalFinding['index'] };

/** What one statement gave: its findings (script offsets) and the index it creates, if any. */
export interface CheckedStatement {
  /** Its position in the script's statement list. */
  at: number;
  findings: PlacedFinding[];
  created?: NonNullable<StatementResult['created']>;
}

/**
 * The per-statement half of analyzeStatements: every statement, or those `take` accepts (one
 * thread's share of a large document), each on its own. finishHints does the rest.
 */
export function checkStatements(
  statements: Array<StatementRange & { tokens?: readonly Token[] }>,
  input: Omit<HintInput, 'sql'>,
  take?: (at: number) => boolean,
  onStatement?: () => void,
): CheckedStatement[] {
  const dialect = input.dialect === 'mariadb' ? 'mariadb' : 'mysql';
  const version = parseVersion(input.serverVersion, dialect);
  const planOf = planLookup(statements, input);
  const reported = reportedLookup(input.reported);
  const out: CheckedStatement[] = [];
  for (let at = 0; at < statements.length; at++) {
    if (take && !take(at)) continue;
    const st = statements[at];
    const r = reported(st.text);
    const pos = r && r.body ? st.text.lastIndexOf(r.body) : -1;
    if (r && pos >= 0) {
      out.push({ at, findings: r.hints.map((h) => placeReported(h, st, pos)) });
      continue;
    }
    let res: StatementResult;
    try {
      res = analyzeStatementCached(st.text, dialect, input.schema, version, input.serverVersion ?? '', r?.plan ?? planOf(st), st.tokens as Token[] | undefined);
    } catch {
      continue; // never let one statement take the others down
    }
    onStatement?.();
    const checked: CheckedStatement = { at, findings: res.findings.map((f) => place(f, st)) };
    if (res.created) checked.created = res.created;
    out.push(checked);
  }
  return out;
}

/**
 * The script-wide half: index suggestions merged, duplicate CREATE INDEX and table findings,
 * suppression comments, disabled rules, order. `checked` in script order (see mergeChecked).
 */
export function finishHints(
  sql: string,
  statements: readonly StatementRange[],
  checked: readonly CheckedStatement[],
  input: Omit<HintInput, 'sql'>,
): HintFinding[] {
  const disabled = new Set(input.disabled ?? []);
  const out: PlacedFinding[] = [];
  const created: Array<{ st: StatementRange; c: NonNullable<StatementResult['created']> }> = [];
  for (const c of checked) {
    for (const f of c.findings) out.push(f);
    if (c.created) created.push({ st: statements[c.at], c: c.created });
  }
  crossCreateDuplicates(created, out);
  const lines = { starts: undefined as number[] | undefined };
  const lineAt = (offset: number) => lineOf((lines.starts ??= lineStarts(sql)), offset);
  mergeIndexSuggestions(out, lineAt);
  const kept = dedupeTableFindings(out);
  const suppressions = findSuppressions(sql);
  const result = kept.filter((f) => {
    if (disabled.has(f.rule)) return false;
    if (!suppressions.length) return true;
    const fl = lineAt(f.range.start),
      sl = lineAt(f.statement.start);
    return !suppressions.some((s) => (s.line === fl || s.line === sl) && (s.rules === 'all' || s.rules.has(f.rule)));
  });
  result.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || compareNames(a.rule, b.rule));
  return result.map(({ index: _index, ...f }) => f);
}

/** Two threads' shares of one script, back in script order. */
export function mergeChecked(a: readonly CheckedStatement[], b: readonly CheckedStatement[]): CheckedStatement[] {
  const out: CheckedStatement[] = [];
  let i = 0,
    j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i].at < b[j].at) ? a[i++] : b[j++]);
  return out;
}

function place(f: LocalFinding, st: StatementRange): PlacedFinding {
  const shift = (r: Range): Range => ({ start: r.start + st.start, end: r.end + st.start });
  const h: PlacedFinding = {
    rule: f.rule,
    severity: f.severity,
    title: RULES[f.rule].title,
    message: f.message,
    range: shift(f.range),
    statement: { start: st.start, end: st.end },
  };
  if (f.fix) h.fix = f.fix;
  if (f.edit) h.edit = { ...shift(f.edit), text: f.edit.text };
  if (f.ddl) h.ddl = f.ddl;
  if (f.evidence?.length) h.evidence = [...f.evidence];
  if (f.index) h.index = f.index;
  return h;
}

function reportedLookup(list: readonly ReportedHints[] | undefined): (text: string) => ReportedHints | undefined {
  if (!list?.length) return () => undefined;
  const byText = new Map(list.map((r) => [normalize(r.statement), r]));
  return (text) => byText.get(normalize(text));
}

/** A report's hint (offsets into its analysed text) placed at `at` in the script statement `st`. */
function placeReported(h: HintFinding, st: StatementRange, at: number): HintFinding {
  const base = st.start + at;
  const out: HintFinding = { ...h, range: { start: h.range.start + base, end: h.range.end + base }, statement: { start: st.start, end: st.end } };
  if (h.edit) out.edit = { start: h.edit.start + base, end: h.edit.end + base, text: h.edit.text };
  return out;
}

function planLookup(
  statements: Array<StatementRange & { tokens?: readonly Token[] }>,
  input: Omit<HintInput, 'sql'>,
): (st: StatementRange) => Plan | undefined {
  const byText = new Map<string, Plan>();
  for (const p of input.plans ?? []) byText.set(normalize(p.statement), p.plan);
  let single: StatementRange | undefined;
  if (input.plan) {
    if (statements.length === 1) single = statements[0];
    else {
      const explainable = statements.filter((s) => classify(s.text, undefined, s.tokens ? { tokens: s.tokens as Token[], doubts: [] } : undefined).explainable);
      if (explainable.length === 1) single = explainable[0];
    }
  }
  if (!byText.size && !single) return () => undefined;
  return (st) => (st === single ? input.plan : byText.size ? byText.get(normalize(st.text)) : undefined);
}

/** A table's redundant index is reported once per script, at the table's first mention. */
function dedupeTableFindings<T extends HintFinding>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    if (f.rule !== 'duplicate-index' || !f.ddl) return true;
    if (seen.has(f.ddl)) return false;
    seen.add(f.ddl);
    return true;
  });
}

/** Two CREATE INDEX statements of the script where one is a left prefix of the other. */
function crossCreateDuplicates(created: Array<{ st: StatementRange; c: { table: string; name: string; columns: string[] } }>, out: HintFinding[]): void {
  for (const a of created) {
    for (const b of created) {
      if (a === b || a.c.table.toLowerCase() !== b.c.table.toLowerCase() || b.c.columns.length < a.c.columns.length) continue;
      if (!a.c.columns.every((c, k) => b.c.columns[k] === c)) continue;
      if (a.c.columns.length === b.c.columns.length && a.st.start < b.st.start) continue; // report the later copy
      out.push({
        rule: 'duplicate-index',
        severity: 'warning',
        title: RULES['duplicate-index'].title,
        message: `${a.c.name} (${a.c.columns.join(', ')}) is a left prefix of ${b.c.name} (${b.c.columns.join(', ')}), created in this script too: every lookup it serves, the longer index serves; it only adds write cost.`,
        range: { start: a.st.start, end: a.st.end },
        statement: { start: a.st.start, end: a.st.end },
        fix: `Drop the CREATE INDEX ${a.c.name} statement.`,
      });
      break;
    }
  }
}

/** Per table, an index suggestion that is a prefix of another one's is served by the longer one. */
function mergeIndexSuggestions(out: PlacedFinding[], lineAt: (o: number) => number): void {
  const withIndex = out.filter((f) => f.rule === 'missing-index' && f.index);
  if (withIndex.length < 2) return;
  const byTable = new Map<string, typeof withIndex>();
  for (const f of withIndex) {
    const k = f.index!.table.toLowerCase();
    byTable.set(k, [...(byTable.get(k) ?? []), f]);
  }
  for (const group of byTable.values()) {
    if (group.length < 2) continue;
    for (const f of group) {
      const s = f.index!;
      let best: (typeof group)[number] | undefined;
      for (const g of group) {
        if (g === f) continue;
        const t = g.index!;
        if (t.columns.length < s.columns.length) continue;
        if (t.columns.length === s.columns.length && g.range.start > f.range.start) continue; // the first of equals stays
        if (!servesPrefix(t, s)) continue;
        if (!best || t.columns.length > best.index!.columns.length) best = g;
      }
      if (!best) continue;
      const t = best.index!;
      const cols = t.columns.slice(0, t.eqCount).sort().join(',') === s.columns.slice(0, t.eqCount).sort().join(',') ? t.columns : t.columns;
      f.ddl = createIndex(t.table, cols);
      f.fix = f.ddl;
      f.message += ` One index serves this and the query on line ${lineAt(best.range.start) + 1}: (${t.columns.join(', ')}), which makes (${s.columns.join(', ')}) redundant.`;
      f.evidence = [...(f.evidence ?? []), `merged with the suggestion on line ${lineAt(best.range.start) + 1}`];
    }
  }
}

/** Does index t serve everything s would? Equality columns may be in any order. */
function servesPrefix(t: { columns: string[]; eqCount: number }, s: { columns: string[]; eqCount: number }): boolean {
  if (s.columns.every((c, k) => t.columns[k] === c)) return true;
  const n = s.eqCount;
  if (n === 0 || t.eqCount < n) return false;
  const head = new Set(t.columns.slice(0, n));
  return s.columns.slice(0, n).every((c) => head.has(c)) && s.columns.slice(n).every((c, k) => t.columns[n + k] === c);
}
