import { isSignificant, tokenize, tokenReader, type Token } from './lexer';

/** One statement of a script, with its offsets in the original text. */
export interface StatementRange {
  text: string;
  start: number;
  end: number;
}

/** A statement of a script as the lexer read it: the script is lexed once, for all of them. */
export interface ScriptStatement extends StatementRange {
  /** Its code tokens (no spaces or comments, executable comments opened), offsets into `text`. */
  tokens: Token[];
  /** Places where servers could read it differently (the cautious reading: no server known). */
  doubts: string[];
}

interface Doubt {
  at: number;
  why: string;
}

/** Leading plain comments describe a statement; they are not part of it (`/*!` and `/*+` are). */
const leading = (t: Token) =>
  t.kind === 'space' || (t.kind === 'comment' && !t.text.startsWith('/*!') && !t.text.startsWith('/*M!') && !t.text.startsWith('/*+'));

/**
 * The statement made of tokens[lo..hi) (offsets + `base` into `sql`): leading comments and
 * trailing spaces dropped; undefined when nothing is left. Its code tokens are the split's own,
 * moved to offsets into its text (they were copies: a fifth of a split's time and garbage).
 * `doubts` are in text order; `seen.i` is where this statement's search starts and is left
 * after it (the next statement starts later), so a file full of doubts is not read per statement.
 */
function statementOf(
  sql: string,
  tokens: Token[],
  lo: number,
  hi: number,
  base: number,
  doubts: Doubt[],
  seen = { i: 0 },
  keep?: (text: string) => boolean,
): ScriptStatement | StatementRange | undefined {
  let a = lo;
  while (a < hi && leading(tokens[a])) a++;
  let b = hi;
  while (b > a && tokens[b - 1].kind === 'space') b--;
  if (a >= b) return undefined;
  const shift = tokens[a].start;
  const from = base + shift,
    to = base + tokens[b - 1].end;
  const text = sql.slice(from, to);
  if (keep && !keep(text)) {
    while (seen.i < doubts.length && doubts[seen.i].at + base < to) seen.i++;
    return { text, start: from, end: to };
  }
  const code: Token[] = [];
  for (let k = a; k < b; k++) {
    const t = tokens[k];
    if (!isSignificant(t)) continue;
    t.start -= shift;
    t.end -= shift;
    code.push(t);
  }
  const why = new Set<string>();
  for (; seen.i < doubts.length && doubts[seen.i].at + base < to; seen.i++) if (doubts[seen.i].at + base >= from) why.add(doubts[seen.i].why);
  return { text, start: from, end: to, tokens: code, doubts: [...why] };
}

/**
 * The script's tokens by index, read as they are asked for; those before `drop(j)`'s index are
 * let go, so a whole file's tokens are never all alive at once (they were most of the split's
 * garbage collection: every one survived to the end).
 */
function tokenWindow(sql: string, doubt: (why: string, at: number) => void) {
  const next = tokenReader(sql, { doubt });
  let buf: Token[] = [];
  let base = 0;
  let done = false;
  const at = (j: number): Token | undefined => {
    while (!done && j - base >= buf.length) {
      const t = next();
      if (t) buf.push(t);
      else done = true;
    }
    return buf[j - base];
  };
  return {
    at,
    /** The tokens still held and the index of the first (`tokens[k]` is `arr[k - off]`). */
    view: (): { arr: Token[]; off: number } => ({ arr: buf, off: base }),
    drop(j: number): void {
      if (j - base < 4096) return; // in batches: each drop copies what is kept
      buf = buf.slice(j - base);
      base = j;
    },
    /** The count of all tokens (reads to the end). */
    count(): number {
      at(Number.MAX_SAFE_INTEGER);
      return base + buf.length;
    },
  };
}

/** The index of the last token from `k` on that starts before `offset`: a delimiter's own tokens. */
function lastBefore(at: (j: number) => Token | undefined, k: number, offset: number): number {
  for (let t = at(k + 1); t && t.start < offset; t = at(k + 1)) k++;
  return k;
}

/**
 * Split a script into statements on `;` (and on a `DELIMITER` change, as the mysql client
 * does). Quotes and comments are respected; empty statements are dropped. The script is
 * lexed once: each statement carries its tokens, so nothing downstream lexes it again.
 */
export function splitScript(sql: string): ScriptStatement[] {
  return splitShare(sql) as ScriptStatement[];
}

/**
 * splitScript for a thread that checks only some statements: those `keep` refuses come without
 * their tokens and doubts (a file's tokens, all kept to the end, were most of a split's garbage
 * collection).
 */
export function splitShare(sql: string, keep?: (text: string) => boolean): Array<ScriptStatement | StatementRange> {
  const out: Array<ScriptStatement | StatementRange> = [];
  const doubts: Doubt[] = [];
  const tokens = tokenWindow(sql, (why, at) => doubts.push({ why, at }));
  const seen = { i: 0 };
  let delimiter = ';';
  let stmtStart = 0;
  let lo = 0;
  // tokens[lo..hi) lie in [stmtStart, to); a token across stmtStart (after DELIMITER x, or a
  // delimiter that ends inside a word) makes that one statement lexed again on its own.
  const push = (hi: number, to: number) => {
    let s: ScriptStatement | StatementRange | undefined;
    if (lo > 0 && tokens.at(lo - 1)!.end > stmtStart) {
      const own: Doubt[] = [];
      const part = tokenize(sql.slice(stmtStart, to), { doubt: (why, at) => own.push({ why, at }) });
      s = statementOf(sql, part, 0, part.length, stmtStart, own, undefined, keep);
    } else {
      const { arr, off } = tokens.view();
      s = statementOf(sql, arr, lo - off, hi - off, 0, doubts, seen, keep);
    }
    if (s) out.push(s);
  };
  let inExec = false;
  for (let k = 0, t = tokens.at(0); t; t = tokens.at(++k)) {
    // A delimiter inside an executable comment does not end the statement (the comment goes with it).
    if (t.kind === 'open' || t.kind === 'close') {
      inExec = t.kind === 'open';
      continue;
    }
    if (inExec) continue;
    if (t.kind === 'word' && t.text.length === 9 && t.text.toUpperCase() === 'DELIMITER' && atLineStart(sql, t.start)) {
      const lineEnd = sql.indexOf('\n', t.end);
      const stop = lineEnd < 0 ? sql.length : lineEnd;
      const next = sql.slice(t.end, stop).trim();
      if (next) {
        push(k, t.start);
        delimiter = next;
        stmtStart = stop;
        k = lastBefore(tokens.at, k, stop);
        lo = k + 1;
        tokens.drop(lo - 1);
        continue;
      }
    }
    if (t.kind === 'comment' || t.kind === 'string' || t.kind === 'quoted' || t.kind === 'space') continue;
    if (sql.startsWith(delimiter, t.start)) {
      push(k, t.start);
      stmtStart = t.start + delimiter.length;
      k = lastBefore(tokens.at, k, stmtStart);
      lo = k + 1;
      tokens.drop(lo - 1);
    }
  }
  push(tokens.count(), sql.length);
  return out;
}

/** The statements of a script with their offsets (see splitScript). */
export function splitStatements(sql: string): StatementRange[] {
  return splitScript(sql);
}

function atLineStart(sql: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (sql[i] === ' ' || sql[i] === '\t')) i--;
  return i < 0 || sql[i] === '\n';
}

/** The statement under the cursor among `all` (see statementAt). */
export function statementIn<T extends StatementRange>(all: readonly T[], sql: string, offset: number): T | undefined {
  if (all.length === 0) return undefined;
  const inside = all.find((s) => offset >= s.start && offset <= s.end);
  if (inside) return inside;
  const before = [...all].reverse().find((s) => s.end <= offset);
  if (before && !sql.slice(before.end, offset).includes('\n')) return before;
  return all.find((s) => s.start >= offset) ?? before;
}

/**
 * The statement under the cursor: the one containing `offset`; else the one that ended
 * earlier on the cursor's line (cursor after the `;`); else the next one; else the last.
 * It comes with its tokens: the caller's Statement is made from them, not lexed again.
 */
export function statementAt(sql: string, offset: number): ScriptStatement | undefined {
  return statementIn(splitScript(sql), sql, offset);
}
