// One document's hints in one call: the split, each statement's kind and the findings. This is
// what the editor's hint worker runs (src/core/hints/worker.ts), off the extension host thread.
import { classify } from '../sql/classify';
import { splitStatements } from '../sql/statements';
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

export function analyzeDocument(text: string, input: Omit<HintInput, 'sql'>): DocumentHints {
  const parts = splitStatements(text);
  const statements = parts.map((s) => ({ start: s.start, end: s.end, explainable: explainable(s.text) }));
  return { statements, hints: analyzeStatements(text, parts, input) };
}

function explainable(text: string): boolean {
  try {
    return classify(text).explainable;
  } catch {
    return false;
  }
}
