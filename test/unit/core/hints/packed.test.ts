// The worker's packed answer: positions as VS Code gives them, and every finding back as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../../src/core/hints/document';
import { HintTable, lineStarts, packHints, positionAt, unpackHints, utf8Length } from '../../../../src/core/hints/packed';

/** VS Code's positionAt, written plainly: lines split on \r\n, \r and \n; a column never past its line's text. */
function reference(text: string, offset: number): [number, number] {
  const parts = text.split(/(\r\n|\r|\n)/);
  let start = 0;
  for (let line = 0; ; line++) {
    const body = parts[2 * line];
    const eol = parts[2 * line + 1] ?? '';
    if (offset < start + body.length + eol.length || !eol) return [line, Math.min(Math.max(0, offset - start), body.length)];
    start += body.length + eol.length;
  }
}

test('every offset of a text with \\r\\n, \\r, \\n and surrogate pairs gets the position VS Code gives', () => {
  const text = 'a\r\nbc\rd\n\n😀é\r\n\r\nx';
  const starts = lineStarts(text);
  for (let o = -1; o <= text.length + 1; o++)
    assert.deepEqual(positionAt(text, starts, o), reference(text, Math.max(0, Math.min(o, text.length))), `offset ${o}`);
});

test('a packed document reads back as the engine gave it; equal messages are one string', () => {
  const text = "SELECT * FROM film WHERE title LIKE '%😀';\nSELECT * FROM film ORDER BY RAND();\nSELECT * FROM film ORDER BY RAND();\nUSE sakila;";
  const local = analyzeDocument(text, { dialect: 'mysql' });
  const packed = packHints(text, local);
  assert.deepEqual(unpackHints(packed), local);
  const t = new HintTable(packed);
  const rand = [...Array(t.findingCount).keys()].filter((i) => t.rule(i) === 'order-by-rand');
  assert.equal(rand.length, 2);
  assert.equal(t.message(rand[0]), t.message(rand[1]));
  assert.ok(packed.messages < local.hints.length, 'messages are pooled');
  assert.deepEqual(
    t
      .findingsAt(text.indexOf('RAND'))
      .map((i) => t.finding(i).rule)
      .includes('order-by-rand'),
    true,
  );
  assert.equal(t.statementOf(text.indexOf('USE'))?.explainable, false);
});

test('the pool is sized by UTF-8 length as TextEncoder writes it: ASCII, 2-, 3- and 4-byte characters, lone surrogates', () => {
  const enc = new TextEncoder();
  for (const s of ['', 'plain', 'café', '€ and ✓', '😀 pair', 'lone \ud83d here', 'end \udc00', '\ud83d', 'mixed é😀€\ud800x'])
    assert.equal(utf8Length(s), enc.encode(s).length, JSON.stringify(s));
  // A finding whose text has every kind reads back whole (its JSON is in the pool).
  const text = "SELECT * FROM film WHERE title LIKE '%é😀€\ud83d' ORDER BY RAND();";
  const local = analyzeDocument(text, { dialect: 'mysql' });
  assert.ok(local.hints.length > 0);
  const back = unpackHints(packHints(text, local));
  assert.deepEqual(back, JSON.parse(JSON.stringify(local)));
});
