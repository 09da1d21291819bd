/**
 * A small MySQL lexer: enough to split statements, find the one under the cursor and
 * classify it even when node-sql-parser cannot parse it. Hand-written because the parser
 * fails on some valid SQL and has no tolerant mode, and because it must read comments and
 * quotes exactly as the connected server's own lexer does (measured on MariaDB 10.11; see
 * README "What this extension will never do").
 */
import type { SqlDialect } from './dialect';

/** `open`/`close`: the edges of an executable comment (`/*!…`, `*\/`) whose content is code. */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'comment' | 'punct' | 'space' | 'open' | 'close';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

export interface LexOptions {
  /** The server's flavor, version and sql_mode; without it every server-dependent spot is a doubt. */
  dialect?: SqlDialect;
  /** Called for each place where servers could read the text differently (`at`: its offset). */
  doubt?: (why: string, at: number) => void;
}

/** Space as the server's lexer reads it (my_isspace of the ASCII set: space, \t \n \v \f \r). */
export const isSpaceCode = (k: number) => k === 32 || (k >= 9 && k <= 13);
// Char codes, not strings or a regex per character: the lexer runs over whole files (and 3 MB statements).
const isWordCode = (k: number) => (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36 || k >= 0x80;
const isDigitCode = (k: number) => k >= 48 && k <= 57;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
/** The server reads `--` as a comment when a space or any control character follows (or nothing). */
const endsDashDash = (sql: string, i: number) => i >= sql.length || sql.charCodeAt(i) <= 0x20 || sql.charCodeAt(i) === 0x7f;

/**
 * How much lexing was done (calls, characters) since the process started: tests read it to
 * prove a statement is lexed once on its way through (the worker, the pipeline).
 */
export const lexed = { calls: 0, chars: 0 };

/** Index just past a quoted run that starts at `i` with `quote`; doubled quotes, and backslashes unless told not to. */
function endOfQuoted(sql: string, i: number, quote: string, backslash: boolean): number {
  const q = quote.charCodeAt(0);
  let j = i + 1;
  while (j < sql.length) {
    const c = sql.charCodeAt(j);
    if (c === 92 /* \\ */ && backslash) {
      j += 2;
      continue;
    }
    if (c === q) {
      if (sql.charCodeAt(j + 1) === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return sql.length; // unterminated: the rest is the literal
}

/** End of a comment the server skips: the first `*\/`, allowing `nest` levels of inner `/* … *\/`. */
function endOfSkipped(sql: string, from: number, nest: number): number {
  let j = from;
  while (j < sql.length) {
    if (nest > 0 && sql[j] === '/' && sql[j + 1] === '*') {
      j = endOfSkipped(sql, j + 2, nest - 1);
      continue;
    }
    if (sql[j] === '*' && sql[j + 1] === '/') return j + 2;
    j++;
  }
  return sql.length;
}

type Block = { open: true; head: number } | { open: false; end: number };

/**
 * What the server does with the `/*` at `i`: run its content as code (`open`, content starts
 * at `head`) or skip it (`end`). MariaDB: `/*!` and `/*M!` followed by exactly 5 digits (or 6)
 * are versioned: run when the version is at most the server's, except that `/*!` versions
 * 50700…99999 (MySQL 5.7+) are always skipped; without 5 digits the content always runs.
 * A skipped versioned comment may hold one inner comment. MySQL knows only `/*!` (5 digits).
 */
function blockAt(sql: string, i: number, opts: LexOptions): Block {
  const d = opts.dialect;
  const bang = sql[i + 2] === '!';
  const maria = sql[i + 2] === 'M' && sql[i + 3] === '!';
  if (!bang && !(maria && d?.flavor !== 'mysql')) {
    const close = sql.indexOf('*/', i + 2);
    return { open: false, end: close < 0 ? sql.length : close + 2 };
  }
  const p = i + (maria ? 4 : 3);
  if (!d && maria) opts.doubt?.('MariaDB runs the content of /*M! comments, MySQL skips it', i);
  const versioned = isDigit(sql[p]) && isDigit(sql[p + 1]) && isDigit(sql[p + 2]) && isDigit(sql[p + 3]) && isDigit(sql[p + 4]);
  if (!versioned) return { open: true, head: p };
  const six = isDigit(sql[p + 5]);
  if (!d) {
    opts.doubt?.('a versioned comment is read as code or skipped depending on the server version', i);
    return { open: true, head: p + (six ? 6 : 5) };
  }
  if (d.flavor === 'mysql') {
    if (six) opts.doubt?.('MySQL releases differ on a versioned comment with six digits', i);
    const version = Number(sql.slice(p, p + 5));
    return version <= d.versionId ? { open: true, head: p + 5 } : { open: false, end: endOfSkipped(sql, p, 1) };
  }
  const len = six ? 6 : 5;
  const version = Number(sql.slice(p, p + len));
  const runs = version <= d.versionId && (version < 50700 || version > 99999 || maria);
  return runs ? { open: true, head: p + len } : { open: false, end: endOfSkipped(sql, p, 1) };
}

/** Every token of `sql`, spaces and comments included; offsets into `sql`. Never throws. */
export function tokenize(sql: string, opts: LexOptions = {}): Token[] {
  const next = tokenReader(sql, opts);
  const out: Token[] = [];
  for (let t = next(); t; t = next()) out.push(t);
  return out;
}

/**
 * The tokens of `sql` one call at a time (undefined at the end), as tokenize gives them: a
 * reader of a whole script keeps only what it still needs (splitScript: one statement's).
 */
export function tokenReader(sql: string, opts: LexOptions = {}): () => Token | undefined {
  lexed.calls++;
  lexed.chars += sql.length;
  let i = 0;
  const n = sql.length;
  const d = opts.dialect;
  const backslash = !d?.noBackslashEscapes;
  if (d?.oracle) opts.doubt?.('the session runs in sql_mode ORACLE, whose grammar this reader does not follow', 0);
  let inExec = false;
  return () => {
    if (i >= n) return undefined;
    const k = sql.charCodeAt(i);
    const start = i;
    let kind: TokenKind;
    if (isSpaceCode(k)) {
      while (i < n && isSpaceCode(sql.charCodeAt(i))) i++;
      kind = 'space';
    } else if (k === 35 /* # */ || (k === 45 /* - */ && sql.charCodeAt(i + 1) === 45 && endsDashDash(sql, i + 2))) {
      // The server's line comment stops at a newline, and at a NUL (which it then rejects).
      while (i < n && sql.charCodeAt(i) !== 10 && sql.charCodeAt(i) !== 0) i++;
      kind = 'comment';
    } else if (k === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const b = blockAt(sql, i, opts);
      if (b.open) {
        i = b.head;
        inExec = true;
        kind = 'open';
      } else {
        i = b.end;
        kind = 'comment';
      }
    } else if (k === 42 && sql.charCodeAt(i + 1) === 47 && inExec) {
      // The first `*/` outside a string or comment ends an executable comment.
      i += 2;
      inExec = false;
      kind = 'close';
    } else if (k === 39 /* ' */) {
      i = endOfQuoted(sql, i, "'", backslash);
      kind = 'string';
    } else if (k === 34 /* " */) {
      const ident = d?.ansiQuotes === true;
      i = endOfQuoted(sql, i, '"', backslash && !ident);
      kind = ident ? 'quoted' : 'string';
    } else if (k === 96 /* ` */) {
      i = endOfQuoted(sql, i, '`', false);
      kind = 'quoted';
    } else if (isDigitCode(k)) {
      for (let c = k; i < n && (isWordCode(c) || c === 46); c = sql.charCodeAt(++i));
      kind = 'number';
    } else if (isWordCode(k)) {
      while (i < n && isWordCode(sql.charCodeAt(i))) i++;
      kind = 'word';
    } else {
      if (k === 0) opts.doubt?.('it holds a NUL character outside a string', i);
      i++;
      kind = 'punct';
    }
    return { kind, text: sql.slice(start, i), start, end: i };
  };
}

/** Spaces, comments and the edges of executable comments carry no meaning of their own. */
export const isSignificant = (t: Token) => t.kind !== 'space' && t.kind !== 'comment' && t.kind !== 'open' && t.kind !== 'close';

/** Tokens that carry meaning: no spaces or comments; the content of executable comments is code. */
export function significantTokens(sql: string, opts: LexOptions = {}): Token[] {
  return tokenize(sql, opts).filter(isSignificant);
}
