// One document's hints in one call: the split, each statement's kind and the findings. This is
// what the editor's hint worker runs (src/core/hints/worker.ts), off the extension host thread.
// A large document can be shared by two threads: each splits the text, checks its share of the
// statements (checkShare) and one of them merges both shares (analyzeDocument with `other`).
import { classify } from '../sql/classify';
import { splitScript, type ScriptStatement, type StatementRange } from '../sql/statements';
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

/**
 * `onStatement`: called after each statement is checked (the worker's sign of progress).
 * `share` and `other`: check only this thread's share, then merge the other thread's
 * (`other` is called once this share is done; it returns the other share's results).
 */
export function analyzeDocument(
  text: string,
  input: Omit<HintInput, 'sql'>,
  onStatement?: () => void,
  shared?: { share: Share; other: () => CheckedStatement[] },
): DocumentHints {
  // Lexed once: the split's tokens serve the classification and the engine.
  const parts = splitScript(text);
  const statements = parts.map((s) => ({ start: s.start, end: s.end, explainable: explainable(s) }));
  if (!shared) return { statements, hints: finishHints(text, parts, checkStatements(parts, input, undefined, onStatement), input) };
  const mine = checkStatements(parts, input, inShare(parts, shared.share), onStatement);
  return { statements, hints: finishHints(text, parts, mergeChecked(mine, shared.other()), input) };
}

/** The other thread's half of analyzeDocument: this share's statements, checked. */
export function checkShare(text: string, input: Omit<HintInput, 'sql'>, share: Share, onStatement?: () => void): CheckedStatement[] {
  const parts = splitScript(text);
  return checkStatements(parts, input, inShare(parts, share), onStatement);
}

/**
 * By a hash of the statement's text, not its position: after an edit every unchanged
 * statement stays with the thread whose cache holds its result.
 */
function inShare(parts: readonly StatementRange[], share: Share): (at: number) => boolean {
  return (at) => textHash(parts[at].text) % share.count === share.index;
}

/** FNV-1a over the UTF-16 code units. */
export function textHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function explainable(s: ScriptStatement): boolean {
  try {
    return classify(s.text, undefined, s).explainable;
  } catch {
    return false;
  }
}
