// One document's hints in one call: the split, each statement's kind and the findings. This is
// what the editor's hint worker runs (src/core/hints/worker.ts), off the extension host thread.
// A large document can be shared by two threads: each splits the text, checks its share of the
// statements (checkShare) and one of them merges both shares (analyzeDocument with `other`).
import { isExplainable } from '../sql/classify';
import { splitScript, splitShare } from '../sql/statements';
import { checkStatements, finishHints, mergeChecked, type CheckedStatement } from './index';
import type { HintFinding, HintInput } from './types';

export interface DocumentStatement {
  start: number;
  end: number;
  /** EXPLAIN applies (the editor's "Explain & Profile" lens). */
  explainable: boolean;
}

export interface DocumentHints {
  statements: DocumentStatement[];
  hints: HintFinding[];
}

/** Which statements a thread checks: those whose text hashes to `index` of `count`. */
export interface Share {
  index: number;
  count: number;
}

/** What one thread gives for its share of a document: its statements checked, and which of them EXPLAIN applies to. */
export interface ShareResult {
  checked: CheckedStatement[];
  /** Positions (in the script's statement list) of the share's explainable statements. */
  explainable: number[];
}

/**
 * `onStatement`: called after each statement is checked (the worker's sign of progress).
 * `share` and `other`: check only this thread's share, then merge the other thread's
 * (`other` is called once this share is done; it returns the other share's results).
 */
export function analyzeDocument(
  text: string,
  input: Omit<HintInput, 'sql'>,
  onStatement?: () => void,
  shared?: { share: Share; other: () => ShareResult },
): DocumentHints {
  if (!shared) {
    // Lexed once: the split's tokens serve the classification and the engine.
    const parts = splitScript(text);
    const statements = parts.map((s) => ({ start: s.start, end: s.end, explainable: isExplainable(s.tokens) }));
    return { statements, hints: finishHints(text, parts, checkStatements(parts, input, undefined, onStatement), input) };
  }
  const { parts, result } = checkOwn(text, input, shared.share, onStatement);
  const other = shared.other();
  const explainable = new Set([...result.explainable, ...other.explainable]);
  const statements = parts.map((s, at) => ({ start: s.start, end: s.end, explainable: explainable.has(at) }));
  return { statements, hints: finishHints(text, parts, mergeChecked(result.checked, other.checked), input) };
}

/** The other thread's half of analyzeDocument: this share's statements, checked. */
export function checkShare(text: string, input: Omit<HintInput, 'sql'>, share: Share, onStatement?: () => void): ShareResult {
  return checkOwn(text, input, share, onStatement).result;
}

/**
 * The split (tokens kept for this share only) and this share's statements checked. Shares go by
 * a hash of the statement's text, not its position: after an edit every unchanged statement
 * stays with the thread whose cache holds its result.
 */
function checkOwn(text: string, input: Omit<HintInput, 'sql'>, share: Share, onStatement?: () => void) {
  const parts = splitShare(text, (t) => textHash(t) % share.count === share.index);
  const own = (at: number) => 'tokens' in parts[at];
  const explainable: number[] = [];
  parts.forEach((s, at) => {
    if ('tokens' in s && isExplainable(s.tokens)) explainable.push(at);
  });
  return { parts, result: { checked: checkStatements(parts, input, own, onStatement), explainable } };
}

/** FNV-1a over the UTF-16 code units. */
export function textHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
