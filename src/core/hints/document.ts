// One document's hints in one call: the split, each statement's kind and the findings. This is
// what the editor's hint worker runs (src/core/hints/worker.ts), off the extension host thread.
import { classify } from '../sql/classify';
import { splitScript, type ScriptStatement } from '../sql/statements';
import { analyzeStatements } from './index';
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

/** `onStatement`: called after each statement is checked (the worker's sign of progress). */
export function analyzeDocument(text: string, input: Omit<HintInput, 'sql'>, onStatement?: () => void): DocumentHints {
  // Lexed once: the split's tokens serve the classification and the engine.
  const parts = splitScript(text);
  const statements = parts.map((s) => ({ start: s.start, end: s.end, explainable: explainable(s) }));
  return { statements, hints: analyzeStatements(text, parts, input, onStatement) };
}

function explainable(s: ScriptStatement): boolean {
  try {
    return classify(s.text, undefined, s).explainable;
  } catch {
    return false;
  }
}
