// Issue 14: a statement is lexed once on its way through, and its hints are computed once.
// The lexer counts its calls and the characters it read (`lexed`); these tests read the count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../../src/core/hints/document';
import { analyzeHints, type HintFinding } from '../../../../src/core/hints';
import { lexed } from '../../../../src/core/sql/lexer';
import { splitScript } from '../../../../src/core/sql/statements';
import { significantTokens } from '../../../../src/core/sql/lexer';

const SCRIPT = [
  '-- a report query',
  "SELECT * FROM film WHERE title LIKE '%LOVE%' ORDER BY RAND();",
  '/* block */ SELECT f.title FROM film f, actor a;',
  'DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;',
  'UPDATE film SET rental_rate = 1 /*!50000 , length = 2 */;',
  "SELECT 'unterminated ",
].join('\n');

/** What `f` lexed: calls and characters. */
function counting<T>(f: () => T): { value: T; calls: number; chars: number } {
  const calls = lexed.calls,
    chars = lexed.chars;
  const value = f();
  return { value, calls: lexed.calls - calls, chars: lexed.chars - chars };
}

test('the worker lexes a document once: the split, the kinds and the engine share its tokens', () => {
  const first = counting(() => analyzeDocument(SCRIPT, { dialect: 'mysql' }));
  assert.equal(first.calls, 1);
  assert.equal(first.chars, SCRIPT.length);
  assert.ok(first.value.hints.some((h) => h.rule === 'order-by-rand'));
  assert.ok(first.value.hints.some((h) => h.rule === 'cartesian-join'));
  // A document of other statements, none in the engine's cache: still one pass.
  const other = SCRIPT.replace(/film/g, 'inventory');
  const second = counting(() => analyzeDocument(other, { dialect: 'mysql' }));
  assert.deepEqual([second.calls, second.chars], [1, other.length]);
});

test("a split statement's tokens are what lexing it alone gives", () => {
  for (const s of splitScript(SCRIPT)) assert.deepEqual(s.tokens, significantTokens(s.text), s.text);
  // A statement that starts inside a token (a delimiter glued to a word) is lexed on its own.
  const glued = 'DELIMITER $$\nSELECT 1$$SELECT 2$$\nDELIMITER ;';
  for (const s of splitScript(glued)) assert.deepEqual(s.tokens, significantTokens(s.text), s.text);
});

test("a document's check places the hints a report holds instead of computing them again", () => {
  const doc = 'SELECT 1;\nSELECT  * FROM film ORDER BY RAND();\nSELECT 2';
  const body = 'SELECT * FROM film ORDER BY RAND()';
  // As enrichReport made them for the analysed statement, with a mark no engine run would write.
  const fromReport: HintFinding[] = analyzeHints({ sql: body }).map((h) => ({ ...h, message: `${h.message} [from the report]` }));
  assert.ok(fromReport.length > 0);
  // Spacing differs from the document: matched like the report index matches, the plan used...
  const loose = analyzeDocument(doc, { reported: [{ statement: body, body, hints: fromReport }] });
  assert.ok(!loose.hints.some((h) => h.message.endsWith('[from the report]')));
  // ...and where the text is the same, the report's hints are placed at the statement.
  // (here analysed with an EXPLAIN prefix, which the report's statement does not hold).
  const sent = `EXPLAIN ${body}`;
  const exact = `SELECT 1;\n${sent};\nSELECT 2`;
  const start = exact.indexOf(sent);
  const placed = counting(() => analyzeDocument(exact, { reported: [{ statement: sent, body, hints: fromReport }] }));
  const mine = placed.value.hints.filter((h) => h.statement.start === start);
  assert.equal(mine.length, fromReport.length);
  assert.ok(mine.every((h) => h.message.endsWith('[from the report]')));
  assert.deepEqual(
    mine.map((h) => exact.slice(h.range.start, h.range.end)),
    fromReport.map((h) => body.slice(h.range.start, h.range.end)),
  );
  assert.equal(placed.calls, 1);
});
