import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeStatement } from '../../../../src/core/pipeline/statement';

test('a Statement is read once: kind, tokens, references, tables with ranges, selects', () => {
  const sql =
    'SELECT f.title, a.last_name FROM film f JOIN film_actor fa ON fa.film_id = f.film_id JOIN actor a ON a.actor_id = fa.actor_id WHERE f.film_id IN (SELECT film_id FROM inventory)';
  const s = makeStatement(sql);
  assert.equal(s.kind, 'read');
  assert.equal(s.count, 1);
  assert.equal(s.text, sql);
  assert.ok(s.tokens.every((t) => sql.slice(t.start, t.end) === t.text));
  assert.deepEqual(
    s.tables.map((t) => t.name),
    ['film', 'film_actor', 'actor', 'inventory'],
  );
  assert.equal(sql.slice(s.tables[2].start, s.tables[2].end), 'actor a');
  assert.equal(s.selects.length, 2);
  assert.ok(s.references.names.some((n) => n.name === 'inventory'));
});

test('an EXPLAIN prefix is dropped and every offset is into the analysed text', () => {
  const s = makeStatement('EXPLAIN FORMAT=JSON SELECT * FROM rental WHERE rental_id = 1; SELECT 2');
  assert.equal(s.text, 'SELECT * FROM rental WHERE rental_id = 1');
  assert.equal(s.count, 2);
  assert.match(s.notes[0], /2 statements/);
  assert.match(s.notes[1], /EXPLAIN prefix is dropped/);
  assert.equal(s.text.slice(s.tables[0].start, s.tables[0].end), 'rental');
  assert.ok(s.tokens.every((t) => s.text.slice(t.start, t.end) === t.text));
});

test('an empty input is kind empty, never an exception', () => {
  for (const input of ['', '  ', '-- only a comment\n', ';;']) assert.equal(makeStatement(input).kind, 'empty', JSON.stringify(input));
});
