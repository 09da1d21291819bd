// One statement in, statement-relative findings out. Results are cached per statement text
// (and schema) so that re-checking a large file after an edit only re-parses what changed.
import { significantTokens, type Token } from '../sql/lexer';
import type { Plan } from '../plan/model';
import { Ctx, type LocalFinding, type Options } from './context';
import { parseStatement } from './parse';
import { collectScopes, type Scope } from './scope';
import type { ServerVersion } from './planinfo';
import type { SchemaInfo } from './schema';
import { selectRules } from './rules/select';
import { predicateRules } from './rules/predicates';
import { cartesianJoin, dmlRules, outerJoinNullified, unionDistinct } from './rules/statement';
import { createIndexOf, missingIndex } from './rules/indexes';
import { duplicateIndexAtTables, duplicateIndexOfCreate } from './rules/duplicates';
import { filesortTemporary, fullScan } from './rules/plan';
import { lexicalRules } from './rules/lexical';

export interface StatementResult {
  findings: LocalFinding[];
  /** A CREATE INDEX in the script, for cross-statement duplicate checks. */
  created?: { table: string; name: string; columns: string[] };
  parsed: boolean;
}

const DML_VERBS = new Set(['SELECT', 'WITH', 'UPDATE', 'DELETE', '(', 'TABLE', 'VALUES']);
/** Verbs whose text may hold queries even when the parser gives up (stored-program bodies). */
const LEXICAL_VERBS = new Set([...DML_VERBS, 'INSERT', 'REPLACE', 'CREATE', 'BEGIN', 'IF', 'DECLARE', 'FOR', 'WHILE', 'LOOP', 'REPEAT']);

function worthParsing(tokens: Token[]): boolean {
  const verb = tokens[0].text.toUpperCase();
  if (DML_VERBS.has(verb)) return true;
  if (verb === 'INSERT' || verb === 'REPLACE') return tokens.some((t) => t.kind === 'word' && t.text.toUpperCase() === 'SELECT');
  if (verb === 'CREATE') {
    const next = tokens.slice(1, 4).map((t) => t.text.toUpperCase());
    return next[0] === 'INDEX' || ((next[0] === 'UNIQUE' || next[0] === 'FULLTEXT') && next[1] === 'INDEX');
  }
  return false;
}

const NO_SCHEMA = {};
const cache = new WeakMap<object, Map<string, StatementResult>>();
const CACHE_LIMIT = 20000;

/** `tokens`: the statement's code tokens when the caller has them (a split script): not lexed again. */
export function analyzeStatementCached(
  text: string,
  dialect: 'mysql' | 'mariadb',
  schema: SchemaInfo | undefined,
  version: ServerVersion | undefined,
  versionKey: string,
  plan: Plan | undefined,
  tokens?: Token[],
): StatementResult {
  if (plan) return analyzeStatement(text, { dialect, schema, plan, version }, tokens);
  const bucketKey = schema ?? NO_SCHEMA;
  let bucket = cache.get(bucketKey);
  if (!bucket) cache.set(bucketKey, (bucket = new Map()));
  const key = `${dialect}|${versionKey}|${text}`;
  const hit = bucket.get(key);
  if (hit) return hit;
  const result = analyzeStatement(text, { dialect, schema, plan, version }, tokens);
  if (bucket.size >= CACHE_LIMIT) bucket.clear();
  bucket.set(key, result);
  return result;
}

export function analyzeStatement(text: string, opts: Options, given?: Token[]): StatementResult {
  const tokens = given ?? significantTokens(text);
  if (!tokens.length) return { findings: [], parsed: false };
  const parsed = worthParsing(tokens) ? parseStatement(text, opts.dialect, tokens) : undefined;
  const ast = parsed?.ast ?? null;
  let scopes: Scope[] = [];
  try {
    if (ast) scopes = collectScopes(ast, opts.schema);
  } catch {
    scopes = [];
  }
  const ctx = new Ctx(text, ast, scopes, opts, tokens);
  const result: StatementResult = { findings: ctx.findings, parsed: !!ast };
  try {
    if (ast) {
      for (const scope of scopes) {
        selectRules(ctx, scope);
        predicateRules(ctx, scope);
        cartesianJoin(ctx, scope);
        outerJoinNullified(ctx, scope);
        dmlRules(ctx, scope);
        missingIndex(ctx, scope);
      }
      unionDistinct(ctx);
      duplicateIndexAtTables(ctx, scopes);
      const created = createIndexOf(ast);
      if (created) {
        result.created = created;
        duplicateIndexOfCreate(ctx, created);
      }
    } else if (LEXICAL_VERBS.has(tokens[0].text.toUpperCase())) {
      lexicalRules(ctx);
    }
    fullScan(ctx, scopes);
    filesortTemporary(ctx, scopes);
  } catch {
    // A rule that trips over an unexpected AST must not hide the others: fall back to tokens.
    const fallback = new Ctx(text, null, [], opts, tokens);
    lexicalRules(fallback);
    const have = new Set(ctx.findings.map((f) => f.rule));
    ctx.findings.push(...fallback.findings.filter((f) => !have.has(f.rule)));
  }
  return result;
}
