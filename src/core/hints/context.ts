import { significantTokens, type Token } from '../sql/lexer';
import type { Plan } from '../plan/model';
import type { Obj } from './ast';
import { locOf } from './ast';
import { RULES } from './catalog';
import type { ServerVersion } from './planinfo';
import type { SchemaInfo } from './schema';
import type { Scope } from './scope';
import type { Range, RuleId, Severity } from './types';

/** An index the engine would create; merged per table across a script before it is shown. */
export interface IndexSuggestion {
  table: string;
  columns: string[];
  /** What it serves: "filter on a, b; sort on c". */
  serves: string;
  /** How many leading columns are equality columns (their order is free). */
  eqCount: number;
}

/** A finding with statement-relative offsets. */
export interface LocalFinding {
  rule: RuleId;
  severity: Severity;
  message: string;
  range: Range;
  fix?: string;
  edit?: Range & { text: string };
  ddl?: string;
  evidence?: string[];
  index?: IndexSuggestion;
}

export type Extra = Partial<Pick<LocalFinding, 'fix' | 'edit' | 'ddl' | 'evidence' | 'index'>>;

export interface Options {
  dialect: 'mysql' | 'mariadb';
  schema: SchemaInfo | undefined;
  plan: Plan | undefined;
  version: ServerVersion | undefined;
}

/** One statement under analysis. */
export class Ctx {
  readonly findings: LocalFinding[] = [];
  private toks: Token[] | undefined;

  constructor(
    readonly text: string,
    readonly ast: Obj | null,
    readonly scopes: Scope[],
    readonly opts: Options,
    tokens?: Token[],
  ) {
    this.toks = tokens;
  }

  get tokens(): Token[] {
    return (this.toks ??= significantTokens(this.text));
  }

  emit(rule: RuleId, range: Range, message: string, extra: Extra = {}, severity: Severity = RULES[rule].severity): void {
    this.findings.push({ rule, severity, message, range: this.trim(range), ...extra });
  }

  /** Range of a node, trimmed of the trailing blanks the parser includes; else the whole statement. */
  rangeOf(node: unknown, fallback?: Range): Range {
    const r = locOf(node);
    if (r && r.end <= this.text.length && r.start <= r.end) return this.trim(r);
    return fallback ?? { start: 0, end: this.text.length };
  }

  slice(r: Range): string {
    return this.text.slice(r.start, r.end);
  }

  /** Source text of a node, or undefined when the parser did not record where it is. */
  source(node: unknown): string | undefined {
    const r = locOf(node);
    return r && r.end <= this.text.length ? this.slice(this.trim(r)) : undefined;
  }

  trim(r: Range): Range {
    let end = Math.min(r.end, this.text.length);
    let start = Math.max(0, Math.min(r.start, end));
    while (end > start && /\s/.test(this.text[end - 1])) end--;
    while (start < end && /\s/.test(this.text[start])) start++;
    return { start, end };
  }

  /** First significant token at or after `from` whose upper-case text is `word`. */
  findWord(word: string, from = 0, to = this.text.length): Token | undefined {
    return this.tokens.find((t) => t.start >= from && t.end <= to && t.kind === 'word' && t.text.toUpperCase() === word);
  }
}
