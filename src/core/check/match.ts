// Which baseline entry a statement of the files is compared with. Positions shift when a
// statement is inserted or removed, and fingerprints change when one is edited, so neither
// alone identifies a statement:
//  1. per file, the longest common subsequence of fingerprints pairs the unchanged statements
//     in order (these are the anchors);
//  2. a statement whose fingerprint is found elsewhere in the file (moved) pairs with it;
//  3. between two anchors, edited statements pair with the unmatched entries of the same gap,
//     in order, when their fingerprints are alike enough (similarity >= MIN_SIMILARITY);
//  4. a statement moved to another file pairs by fingerprint;
// what is left is new (no baseline entry) or removed (no statement).
import { similarity } from './fingerprint';

export interface Located {
  file: string;
  position: number;
  fingerprint: string;
}

export type MatchHow = 'same' | 'moved' | 'edited';

export interface Match<S, E> {
  statement: S;
  entry: E | undefined;
  how?: MatchHow;
}

export interface Matching<S, E> {
  matches: Match<S, E>[];
  /** Baseline entries of the files checked that no statement matched. */
  removed: E[];
}

/** An edited statement keeps at least this much of its fingerprint's token pairs. */
export const MIN_SIMILARITY = 0.4;

/** Index pairs of a longest common subsequence of a and b (by equal strings). */
function lcs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const len: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
  }
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) out.push([i++, j++]);
    else if (len[i + 1][j] >= len[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/**
 * Ordered pairing of two short lists by similarity: the pairing with the highest total
 * similarity among pairs of at least MIN_SIMILARITY that keeps both orders (a small DP).
 */
function alignGap(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const best: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const sim = (i: number, j: number) => {
    const s = similarity(a[i], b[j]);
    return s >= MIN_SIMILARITY ? s : -1;
  };
  const memo: number[][] = Array.from({ length: n }, () => new Array<number>(m));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      memo[i][j] = sim(i, j);
      const take = memo[i][j] >= 0 ? memo[i][j] + best[i + 1][j + 1] : -Infinity;
      best[i][j] = Math.max(take, best[i + 1][j], best[i][j + 1]);
    }
  }
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (memo[i][j] >= 0 && best[i][j] === memo[i][j] + best[i + 1][j + 1]) out.push([i++, j++]);
    else if (best[i + 1][j] >= best[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/**
 * Pair the statements of the files with baseline entries. `entries` should hold only the
 * entries of the files being checked (others are not "removed", just not looked at).
 */
export function matchStatements<S extends Located, E extends Located>(statements: S[], entries: E[]): Matching<S, E> {
  const pairOf = new Map<S, { entry: E; how: MatchHow }>();
  const taken = new Set<E>();
  const files = [...new Set(statements.map((s) => s.file))];
  const byPos = <T extends Located>(xs: T[]) => [...xs].sort((x, y) => x.position - y.position);

  for (const file of files) {
    const ss = byPos(statements.filter((s) => s.file === file));
    const es = byPos(entries.filter((e) => e.file === file));
    // 1. anchors
    const anchors = lcs(
      ss.map((s) => s.fingerprint),
      es.map((e) => e.fingerprint),
    );
    for (const [i, j] of anchors) {
      pairOf.set(ss[i], { entry: es[j], how: 'same' });
      taken.add(es[j]);
    }
    // 2. moved within the file
    for (const s of ss) {
      if (pairOf.has(s)) continue;
      const e = es.find((x) => !taken.has(x) && x.fingerprint === s.fingerprint);
      if (e) {
        pairOf.set(s, { entry: e, how: 'moved' });
        taken.add(e);
      }
    }
    // 3. edited: gaps between consecutive anchors (and before the first, after the last)
    const bounds: Array<[number, number]> = [[-1, -1], ...anchors, [ss.length, es.length]];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const gs = ss.slice(bounds[k][0] + 1, bounds[k + 1][0]).filter((s) => !pairOf.has(s));
      const ge = es.slice(bounds[k][1] + 1, bounds[k + 1][1]).filter((e) => !taken.has(e));
      if (!gs.length || !ge.length) continue;
      for (const [i, j] of alignGap(
        gs.map((s) => s.fingerprint),
        ge.map((e) => e.fingerprint),
      )) {
        pairOf.set(gs[i], { entry: ge[j], how: 'edited' });
        taken.add(ge[j]);
      }
    }
  }
  // 4. moved to another file
  for (const s of statements) {
    if (pairOf.has(s)) continue;
    const e = entries.find((x) => !taken.has(x) && x.fingerprint === s.fingerprint);
    if (e) {
      pairOf.set(s, { entry: e, how: 'moved' });
      taken.add(e);
    }
  }
  const matches = statements.map((s): Match<S, E> => {
    const p = pairOf.get(s);
    return p ? { statement: s, entry: p.entry, how: p.how } : { statement: s, entry: undefined };
  });
  return { matches, removed: entries.filter((e) => !taken.has(e)) };
}
