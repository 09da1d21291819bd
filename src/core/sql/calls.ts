import { BUILTIN_FUNCTIONS, NON_CALL_KEYWORDS } from './builtins';
import type { Token } from './lexer';

/** A call the server resolves as a stored function or a loadable (UDF) one, not as a built-in. */
export interface RoutineCall {
  schema?: string;
  name: string;
  /** Written with quotes: `f`() is never a built-in keyword function. */
  quoted: boolean;
}

const isName = (t: Token | undefined) => t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || (t.kind === 'number' && /[^0-9.]/.test(t.text)));
export const unquote = (t: Token) =>
  t.kind === 'quoted'
    ? t.text
        .slice(1, t.text.length > 1 && t.text.endsWith(t.text[0]) ? -1 : undefined)
        .split(t.text[0] + t.text[0])
        .join(t.text[0])
    : t.text;
const up = (t: Token | undefined) => (t && t.kind === 'word' ? t.text.toUpperCase() : '');

/** Before a name followed by `(`, these make it a table, a type or an alias, not a call. */
const TABLE_BEFORE = new Set(['INTO', 'INSERT', 'REPLACE', 'IGNORE', 'LOW_PRIORITY', 'HIGH_PRIORITY', 'DELAYED', 'TABLE', 'AS']);

/** Words that are calls in an expression but grammar in their place (measured: `SELECT of(1)` calls db.of). */
function contextKeyword(word: string, prev: Token | undefined): boolean {
  const p = prev?.text.toUpperCase();
  switch (word) {
    case 'AGAINST':
      return p === ')';
    case 'COLUMNS':
      return prev?.kind === 'string';
    case 'OF':
      return p === 'AS';
    case 'SYSTEM_TIME':
      return p === 'FOR';
    case 'JSON_TABLE':
    case 'LATERAL':
      return p === 'FROM' || p === 'JOIN' || p === ',';
    default:
      return false;
  }
}

/** Token indexes of CTE names whose column list follows: `WITH [RECURSIVE] c (a, b) AS (…), d (x) AS (…)`. */
function cteNames(tokens: Token[]): Set<number> {
  const out = new Set<number>();
  const close = (k: number) => {
    let depth = 0;
    for (let j = k; j < tokens.length; j++) {
      if (tokens[j].text === '(') depth++;
      else if (tokens[j].text === ')' && --depth === 0) return j;
    }
    return tokens.length;
  };
  for (let k = 0; k < tokens.length; k++) {
    if (up(tokens[k]) !== 'WITH') continue;
    let j = k + 1;
    if (up(tokens[j]) === 'RECURSIVE') j++;
    while (isName(tokens[j])) {
      if (tokens[j + 1]?.text === '(') {
        out.add(j);
        j = close(j + 1) + 1;
      } else j++;
      if (up(tokens[j]) !== 'AS' || tokens[j + 1]?.text !== '(') break;
      j = close(j + 1) + 1;
      if (tokens[j]?.text !== ',') break;
      j++;
    }
  }
  return out;
}

/**
 * The names followed by `(` that the server would look up as stored or loadable functions:
 * a quoted name (`f`() or "f"() under ANSI_QUOTES), a qualified one (db.f()), or a word
 * that is neither a built-in function nor grammar. Over-approximates: that is the safe side.
 */
export function routineCalls(tokens: Token[]): RoutineCall[] {
  const ctes = cteNames(tokens);
  const out: RoutineCall[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (!isName(t) || tokens[k - 1]?.text === '.') continue;
    const qualified = tokens[k + 1]?.text === '.' && isName(tokens[k + 2]) && tokens[k + 3]?.text === '(';
    if (!qualified && tokens[k + 1]?.text !== '(') continue;
    const prev = tokens[k - 1];
    if (TABLE_BEFORE.has(up(prev)) || ctes.has(k)) continue;
    if (qualified) {
      out.push({ schema: unquote(t), name: unquote(tokens[k + 2]), quoted: tokens[k + 2].kind === 'quoted' });
      k += 2;
      continue;
    }
    if (t.kind === 'word') {
      const w = t.text.toUpperCase();
      if (BUILTIN_FUNCTIONS.has(w) || NON_CALL_KEYWORDS.has(w) || contextKeyword(w, prev)) continue;
    }
    out.push({ name: unquote(t), quoted: t.kind === 'quoted' });
  }
  return out;
}
