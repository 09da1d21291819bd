// `mqt check` without the I/O: statements of SQL files -> their plans now -> compared with
// the baseline (or a new baseline). The EXPLAIN itself is a function the caller passes.
import type { Report } from '../report/model';
import { splitStatements } from '../sql/statements';
import { BASELINE_FORMAT, BASELINE_VERSION, sortEntries, type Baseline, type BaselineEntry } from './baseline';
import { comparePlans, type PlanChange } from './compare';
import { fingerprint, fingerprintId } from './fingerprint';
import { matchStatements, type MatchHow } from './match';
import { normalizePlan, type NormalPlan } from './normalize';

export interface CheckStatement {
  /** Key of the file in the baseline (relative to the baseline's folder). */
  file: string;
  /** The file as the user named it, for messages. */
  display: string;
  position: number;
  /** 1-based line where the statement starts. */
  line: number;
  text: string;
  fingerprint: string;
  id: string;
}

/** What EXPLAIN gave for one statement. */
export type Explained =
  | { kind: 'plan'; plan: NormalPlan }
  /** The safety decision (or the statement kind) says it is not even EXPLAINed: nothing was sent. */
  | { kind: 'skipped'; reason: string }
  /** EXPLAIN failed (server error, unreadable plan, lost connection, time limit). */
  | { kind: 'error'; message: string };

export type Status = 'regressed' | 'improved' | 'changed' | 'unchanged' | 'new' | 'skipped' | 'error';

export interface StatementResult {
  file: string;
  line: number;
  position: number;
  id: string;
  /** The statement on one line, shortened. */
  snippet: string;
  status: Status;
  changes: PlanChange[];
  /** The baseline entry it was compared with, and how it was found. */
  baseline?: { position: number; id: string; how: MatchHow };
  /** For skipped and error. */
  message?: string;
}

export interface CheckResult {
  statements: StatementResult[];
  removed: Array<{ file: string; position: number; id: string; fingerprint: string }>;
  counts: Record<Status | 'removed', number>;
  /** Facts the reader should know (a server different from the baseline's…). */
  notes: string[];
}

/** The statements of one SQL file, with their position, line and fingerprint. */
export function statementsOf(text: string, file: string, display = file): CheckStatement[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return splitStatements(text).map((s, i) => {
    const fp = fingerprint(s.text);
    return { file, display, position: i + 1, line: lineOf(s.start), text: s.text, fingerprint: fp, id: fingerprintId(fp) };
  });
}

/**
 * What an explain-only analysis report says. A statement the analysis did not send has a
 * plan error without a server error number and no raw EXPLAIN output.
 */
export function explainedFrom(report: Report): Explained {
  const plan = normalizePlan(report.classicPlan, report.plan);
  if (plan) return { kind: 'plan', plan };
  const err = report.planError;
  const sent = err?.errno !== undefined || report.raw.explainJson !== undefined || report.raw.explainRows !== undefined;
  if (!sent) return { kind: 'skipped', reason: err?.message ?? report.execution.reason ?? 'Not explained.' };
  return { kind: 'error', message: err ? `${err.message}${err.errno !== undefined ? ` (error ${err.errno})` : ''}` : 'EXPLAIN gave no plan.' };
}

export function snippetOf(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Flavor and major.minor, e.g. "MariaDB 10.11". */
export function serverLabel(flavor: 'mariadb' | 'mysql', version: string): string {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return `${flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} ${m ? `${m[1]}.${m[2]}` : version}`;
}

function emptyCounts(): CheckResult['counts'] {
  return { regressed: 0, improved: 0, changed: 0, unchanged: 0, new: 0, skipped: 0, error: 0, removed: 0 };
}

/** Compare the plans now with the baseline's entries for the same files. */
export function compareWithBaseline(statements: CheckStatement[], explained: Explained[], baseline: Baseline, server?: string): CheckResult {
  const files = new Set(statements.map((s) => s.file));
  const entries = baseline.statements.filter((e) => files.has(e.file));
  const { matches, removed } = matchStatements(statements, entries);
  const results: StatementResult[] = matches.map((m, i) => {
    const s = m.statement;
    const now = explained[i];
    const base: StatementResult = {
      file: s.display,
      line: s.line,
      position: s.position,
      id: s.id,
      snippet: snippetOf(s.text),
      status: 'unchanged',
      changes: [],
    };
    if (m.entry && m.how) base.baseline = { position: m.entry.position, id: m.entry.id, how: m.how };
    if (now.kind === 'error') return { ...base, status: 'error', message: now.message };
    if (now.kind === 'skipped') return { ...base, status: 'skipped', message: now.reason };
    if (!m.entry) return { ...base, status: 'new' };
    if (!m.entry.plan)
      return { ...base, status: 'new', message: `the baseline has no plan for it (${m.entry.notExplained ?? 'not explained'}): run with --update to add it` };
    const changes = comparePlans(m.entry.plan, now.plan);
    const status: Status = changes.some((c) => c.verdict === 'worse')
      ? 'regressed'
      : changes.some((c) => c.verdict === 'better')
        ? 'improved'
        : changes.length
          ? 'changed'
          : 'unchanged';
    return { ...base, status, changes };
  });
  const counts = emptyCounts();
  for (const r of results) counts[r.status]++;
  counts.removed = removed.length;
  const notes: string[] = [];
  if (server && baseline.server && server !== baseline.server) notes.push(`The baseline was made on ${baseline.server}; this server is ${server}.`);
  return {
    statements: results,
    removed: sortEntries(removed).map((e) => ({ file: e.file, position: e.position, id: e.id, fingerprint: e.fingerprint })),
    counts,
    notes,
  };
}

/**
 * The baseline after --update: the files checked now replace their old entries; entries of
 * other files are kept. Undefined when a statement failed (a broken query is not recorded).
 */
export function buildBaseline(statements: CheckStatement[], explained: Explained[], server: string, previous?: Baseline): Baseline | undefined {
  if (explained.some((x) => x.kind === 'error')) return undefined;
  const files = new Set(statements.map((s) => s.file));
  const kept = (previous?.statements ?? []).filter((e) => !files.has(e.file));
  const fresh = statements.map((s, i): BaselineEntry => {
    const x = explained[i];
    return {
      file: s.file,
      position: s.position,
      id: s.id,
      fingerprint: s.fingerprint,
      plan: x.kind === 'plan' ? x.plan : null,
      ...(x.kind === 'skipped' ? { notExplained: x.reason } : {}),
    };
  });
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, server, statements: sortEntries([...kept, ...fresh]) };
}

/** 0: no regression; 1: a plan got worse; 3: a statement could not be explained. */
export function exitCodeOf(result: CheckResult): 0 | 1 | 3 {
  if (result.counts.error > 0) return 3;
  return result.counts.regressed > 0 ? 1 : 0;
}
