import { tokenize } from './lexer';

/** One statement of a script, with its offsets in the original text. */
export interface StatementRange {
  text: string;
  start: number;
  end: number;
}

/**
 * Split a script into statements on `;` (and on a `DELIMITER` change, as the mysql client
 * does). Quotes and comments are respected; empty statements are dropped.
 */
export function splitStatements(sql: string): StatementRange[] {
  const out: StatementRange[] = [];
  let delimiter = ';';
  let stmtStart = 0;
  const push = (from: number, to: number) => {
    const s = skipLeadingComments(sql, from, to);
    let e = to;
    while (e > s && /\s/.test(sql[e - 1])) e--;
    const text = sql.slice(s, e);
    if (text && !isOnlyComments(text)) out.push({ text, start: s, end: e });
  };
  const tokens = [...tokenize(sql)];
  let inExec = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    // A delimiter inside an executable comment does not end the statement (the comment goes with it).
    if (t.kind === 'open' || t.kind === 'close') {
      inExec = t.kind === 'open';
      continue;
    }
    if (inExec) continue;
    if (t.kind === 'word' && t.text.toUpperCase() === 'DELIMITER' && atLineStart(sql, t.start)) {
      const lineEnd = sql.indexOf('\n', t.end);
      const stop = lineEnd < 0 ? sql.length : lineEnd;
      const next = sql.slice(t.end, stop).trim();
      if (next) {
        push(stmtStart, t.start);
        delimiter = next;
        stmtStart = stop;
        while (k + 1 < tokens.length && tokens[k + 1].start < stop) k++;
        continue;
      }
    }
    if (t.kind === 'comment' || t.kind === 'string' || t.kind === 'quoted') continue;
    if (sql.startsWith(delimiter, t.start)) {
      push(stmtStart, t.start);
      stmtStart = t.start + delimiter.length;
      while (k + 1 < tokens.length && tokens[k + 1].start < stmtStart) k++;
    }
  }
  push(stmtStart, sql.length);
  return out;
}

/** Leading plain comments describe a statement; they are not part of it (`/*!` and `/*+` are). */
function skipLeadingComments(sql: string, from: number, to: number): number {
  for (const t of tokenize(sql.slice(from, to))) {
    if (t.kind === 'space') continue;
    if (t.kind === 'comment' && !t.text.startsWith('/*!') && !t.text.startsWith('/*M!') && !t.text.startsWith('/*+')) continue;
    return from + t.start;
  }
  return to;
}

function atLineStart(sql: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (sql[i] === ' ' || sql[i] === '\t')) i--;
  return i < 0 || sql[i] === '\n';
}

function isOnlyComments(text: string): boolean {
  return skipLeadingComments(text, 0, text.length) === text.length;
}

/**
 * The statement under the cursor: the one containing `offset`; else the one that ended
 * earlier on the cursor's line (cursor after the `;`); else the next one; else the last.
 */
export function statementAt(sql: string, offset: number): StatementRange | undefined {
  const all = splitStatements(sql);
  if (all.length === 0) return undefined;
  const inside = all.find((s) => offset >= s.start && offset <= s.end);
  if (inside) return inside;
  const before = [...all].reverse().find((s) => s.end <= offset);
  if (before && !sql.slice(before.end, offset).includes('\n')) return before;
  return all.find((s) => s.start >= offset) ?? before;
}
