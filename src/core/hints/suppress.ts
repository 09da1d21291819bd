// Inline suppressions: `-- mqt-disable-next-line rule-a, rule-b` (no ids: every rule). The
// comment silences findings that start on the next line, and the whole statement that starts there.
import { tokenize } from '../sql/lexer';

export interface Suppression {
  /** 0-based line the comment applies to. */
  line: number;
  rules: Set<string> | 'all';
}

const MARKER = 'mqt-disable-next-line';

export function findSuppressions(sql: string): Suppression[] {
  if (!sql.includes(MARKER)) return [];
  const out: Suppression[] = [];
  const lines = lineStarts(sql);
  for (const t of tokenize(sql)) {
    if (t.kind !== 'comment') continue;
    const at = t.text.indexOf(MARKER);
    if (at < 0) continue;
    let rest = t.text.slice(at + MARKER.length).replace(/\*\/\s*$/, '');
    const dashes = rest.indexOf(' -- ');
    if (dashes >= 0) rest = rest.slice(0, dashes); // "-- mqt-disable-next-line rule -- reason"
    const ids = rest.split(/[\s,]+/).filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
    out.push({ line: lineOf(lines, t.end - 1) + 1, rules: ids.length ? new Set(ids) : 'all' });
  }
  return out;
}

export function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

export function lineOf(starts: number[], offset: number): number {
  let lo = 0,
    hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
