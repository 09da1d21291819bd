/**
 * A small MySQL lexer: enough to split statements, find the one under the cursor and
 * classify it even when node-sql-parser cannot parse it. Hand-written because the parser
 * fails on some valid SQL and has no tolerant mode.
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'comment' | 'punct' | 'space';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
// Char codes, not a regex per character: the lexer runs over whole files (and 3 MB statements).
const isWordChar = (c: string) => {
  const k = c === undefined ? 0 : c.charCodeAt(0);
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36 || k >= 0x80;
};
const isDigit = (c: string) => c >= '0' && c <= '9';

/** Index just past a quoted run that starts at `i` with `quote`; MySQL doubles or backslash-escapes. */
function endOfQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j];
    if (c === '\\' && quote !== '`') {
      j += 2;
      continue;
    }
    if (c === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length; // unterminated: the rest is the literal
}

export function* tokenize(sql: string): Generator<Token> {
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const start = i;
    let kind: TokenKind;
    if (isSpace(c)) {
      while (i < n && isSpace(sql[i])) i++;
      kind = 'space';
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-' && (i + 2 >= n || isSpace(sql[i + 2])))) {
      while (i < n && sql[i] !== '\n') i++;
      kind = 'comment';
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      kind = 'comment';
    } else if (c === "'" || c === '"') {
      i = endOfQuoted(sql, i, c);
      kind = 'string';
    } else if (c === '`') {
      i = endOfQuoted(sql, i, c);
      kind = 'quoted';
    } else if (isDigit(c)) {
      while (i < n && (isWordChar(sql[i]) || sql[i] === '.')) i++;
      kind = 'number';
    } else if (isWordChar(c)) {
      while (i < n && isWordChar(sql[i])) i++;
      kind = 'word';
    } else {
      i++;
      kind = 'punct';
    }
    yield { kind, text: sql.slice(start, i), start, end: i };
  }
}

/** Tokens that carry meaning (no spaces or comments, except MySQL executable comments). */
export function significantTokens(sql: string): Token[] {
  const out: Token[] = [];
  for (const t of tokenize(sql)) {
    if (t.kind === 'space') continue;
    if (t.kind === 'comment' && !t.text.startsWith('/*!') && !t.text.startsWith('/*M!')) continue;
    out.push(t);
  }
  return out;
}
