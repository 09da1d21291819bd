import { classify, codeTokens, type Classification, type StatementKind } from '../sql/classify';
import type { SqlDialect } from '../sql/dialect';
import type { Token } from '../sql/lexer';
import { locateSelects, locateTables, type SelectRange, type TableRef } from '../sql/locate';
import { splitScript, type ScriptStatement } from '../sql/statements';
import { references, type References } from '../safety/references';
import type { StatementFacts } from '../report/model';

/** The SQL classifier; tests pass a deliberately wrong one (the server must hold on its own). */
export type Reader = (sql: string, dialect?: SqlDialect) => Classification;

/**
 * One statement, read once: its tokens, what kind it is, the names it refers to, its
 * SELECTs and table references with their offsets. Made by the caller (editor, CLI) and
 * carried through the pipeline into the Report, so nothing downstream lexes it again;
 * the `read` step reads it once more only when the server's dialect changes the reading.
 */
export interface Statement {
  /** The analysed text: the first statement of the input, an EXPLAIN/ANALYZE prefix removed. */
  readonly text: string;
  /** The first statement of the input as written (prefix kept), for a reading in another dialect. */
  readonly input: string;
  /** Statements in the input; only the first is analysed. */
  readonly count: number;
  /** The server's reading this was made for; none: the cautious reading (every doubt kept). */
  readonly dialect?: SqlDialect;
  /** Code tokens of `text` (executable comments opened), offsets into `text`. */
  readonly tokens: readonly Token[];
  readonly classification: Classification;
  readonly kind: StatementKind;
  /** Names that may be tables, views or routines (for the catalogue checks). */
  readonly references: References;
  /** SELECTs in written order (select#N), offsets into `text`. */
  readonly selects: readonly SelectRange[];
  /** Table references with their source ranges, offsets into `text`. */
  readonly tables: readonly TableRef[];
  /** What the reader should know about the input (several statements, a dropped prefix). */
  readonly notes: readonly string[];
}

/** Read the input once. Never throws: an empty input gives kind 'empty'. */
export function makeStatement(input: string, dialect?: SqlDialect, reader?: Reader): Statement {
  const parts = splitScript(input);
  if (!dialect && parts[0]) return statementFrom(parts[0], parts.length, reader);
  return readStatement(parts[0]?.text ?? '', parts.length, dialect, reader);
}

/** A statement of a split script (the editor's statement under the cursor), from its tokens: not lexed again. */
export function statementFrom(part: ScriptStatement, count = 1, reader?: Reader): Statement {
  return readStatement(part.text, count, undefined, reader, part);
}

/** The same statement as the server of `dialect` reads it (versioned comments, sql_mode). */
export function readAs(s: Statement, dialect: SqlDialect, reader?: Reader): Statement {
  return readStatement(s.input, s.count, dialect, reader);
}

function readStatement(first: string, count: number, dialect?: SqlDialect, reader?: Reader, read?: { tokens: Token[]; doubts: string[] }): Statement {
  const doubts = new Set<string>(read?.doubts);
  const all = read?.tokens ?? codeTokens(first, dialect, (why) => doubts.add(why));
  const classification = reader ? reader(first, dialect) : classify(first, dialect, { tokens: all, doubts: [...doubts] });
  const body = classification.bodyStart ?? 0;
  const text = first.slice(body);
  const tokens = body ? all.filter((t) => t.start >= body).map((t) => ({ ...t, start: t.start - body, end: t.end - body })) : all;
  const notes = [...classification.notes];
  if (count > 1) notes.unshift(`The input holds ${count} statements; only the first one was analysed (put the cursor in or select the one you want).`);
  return Object.freeze({
    text,
    input: first,
    count,
    ...(dialect ? { dialect } : {}),
    tokens: Object.freeze(tokens),
    classification,
    kind: classification.kind,
    references: references(text, dialect, tokens),
    selects: locateSelects(text, tokens),
    tables: locateTables(text, tokens),
    notes: Object.freeze(notes),
  });
}

export function statementFacts(s: Statement): StatementFacts {
  return { selects: [...s.selects], tables: [...s.tables] };
}
