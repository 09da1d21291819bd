// A statement's fingerprint: its text with literals replaced by `?`, comments and spacing
// dropped, keywords and names lower-cased, and lists of literals collapsed (the idea of
// pt-fingerprint). Two statements that differ only in constants share it; an edit of the
// query's shape changes it.
import { createHash } from 'node:crypto';
import { codeTokens } from '../sql/classify';

/** The fingerprint's tokens, in order. */
export function fingerprintTokens(sql: string): string[] {
  const out: string[] = [];
  for (const t of codeTokens(sql)) {
    if (t.kind === 'string' || t.kind === 'number') out.push('?');
    else if (t.kind === 'quoted')
      out.push(
        t.text
          .slice(1, t.text.endsWith('`') ? -1 : undefined)
          .replace(/``/g, '`')
          .toLowerCase(),
      );
    else if (t.kind === 'word') out.push(/^(true|false|null)$/i.test(t.text) ? '?' : t.text.toLowerCase());
    else out.push(t.text);
  }
  // A trailing delimiter is not part of the query.
  while (out.length && out[out.length - 1] === ';') out.pop();
  return collapseLists(out);
}

/** `(?, ?, ?)` and `(?, ?), (?, ?)` become `(?+)`: IN lists and VALUES rows of any length match. */
function collapseLists(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === '(') {
      let j = i + 1;
      let ok = tokens[j] === '?' || (tokens[j] === '-' && tokens[j + 1] === '?');
      while (ok && j < tokens.length && tokens[j] !== ')') {
        if (tokens[j] === '-') j++;
        if (tokens[j] !== '?') ok = false;
        j++;
        if (tokens[j] === ',') j++;
        else if (tokens[j] !== ')') ok = false;
      }
      if (ok && tokens[j] === ')') {
        // Several rows of literals in a row (VALUES (…), (…)) collapse to one.
        if (out.length >= 2 && out[out.length - 1] === ',' && out[out.length - 2] === '(?+)') out.pop();
        else out.push('(?+)');
        i = j;
        continue;
      }
    }
    out.push(tokens[i]);
  }
  return out;
}

/** Keywords that take a space before `(`: the other words before one are functions or table names. */
const SPACED = new Set([
  'in',
  'exists',
  'values',
  'value',
  'from',
  'join',
  'on',
  'and',
  'or',
  'not',
  'as',
  'where',
  'any',
  'all',
  'some',
  'using',
  'select',
  'union',
  'into',
  'set',
  'when',
  'then',
  'else',
  'by',
  'lateral',
]);

/** Tokens joined the way SQL is written: `c.name, count(*)`, not `c . name , count ( * )`. */
export function fingerprint(sql: string): string {
  let out = '';
  let prev = '';
  for (const t of fingerprintTokens(sql)) {
    const tight =
      t === '.' ||
      t === ',' ||
      t === ')' ||
      t === ';' ||
      prev === '.' ||
      prev === '(' ||
      prev === '' ||
      (t === '(' && /^[a-z0-9_$]+$/i.test(prev) && !SPACED.has(prev));
    out += tight ? t : ` ${t}`;
    prev = t;
  }
  return out;
}

/** A short, stable id for a fingerprint (the first 12 hex digits of its SHA-1), for reports and diffs. */
export function fingerprintId(fp: string): string {
  return createHash('sha1').update(fp).digest('hex').slice(0, 12);
}

/**
 * How alike two fingerprints are, 0..1: the Dice coefficient of their token pairs. An edited
 * statement (a column added, a condition changed) stays well above a different statement.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const pairs = (s: string) => {
    const t = fingerprintTokens(s);
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < t.length; i++) {
      const k = `${t[i]} ${t[i + 1]}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    if (t.length === 1) m.set(t[0], 1);
    return m;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let common = 0;
  let total = 0;
  for (const [k, n] of pa) {
    common += Math.min(n, pb.get(k) ?? 0);
    total += n;
  }
  for (const n of pb.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}
