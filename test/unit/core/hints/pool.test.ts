// The hint worker: a real worker thread running the engine, as the editor uses it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeDocument } from '../../../../src/core/hints/document';
import { unpackHints } from '../../../../src/core/hints/packed';
import { HintWorker } from '../../../../src/core/hints/pool';
import { generateHugeStatement, generateSqlFile } from '../../../../scripts/bench/sqlfile';

const ENTRY = path.join(__dirname, '..', '..', '..', '..', 'src', 'core', 'hints', 'worker.ts');
// The TypeScript entry, through tsx's require hook (the editor runs the bundled dist/hintWorker.js).
const SCRIPT = `require('tsx/cjs'); require(${JSON.stringify(ENTRY)});`;
const worker = new HintWorker(SCRIPT, 60_000, { eval: true });
after(() => worker.dispose());
/** The worker's packed answer, as objects again. */
const analyze = async (...args: Parameters<HintWorker['analyze']>) => unpackHints(await worker.analyze(...args));

test('a document analysed in the worker gives what the engine gives in-process', async () => {
  const text = generateSqlFile(200, 11);
  const input = { dialect: 'mariadb' as const, disabled: ['select-star'] };
  const remote = await analyze(text, input);
  const local = analyzeDocument(text, input);
  assert.deepEqual(remote, local);
  assert.ok(remote.hints.length > 0);
  assert.ok(remote.hints.every((h) => h.rule !== 'select-star'));
  assert.ok(remote.statements.some((s) => s.explainable) && remote.statements.some((s) => !s.explainable), 'USE is not explainable, SELECTs are');
});

test('a document with thousands of findings comes back whole, in one packed message', async () => {
  const text = generateSqlFile(3000, 5);
  const input = { dialect: 'mysql' as const };
  const remote = await analyze(text, input);
  assert.ok(remote.hints.length > 1000, `${remote.hints.length} findings`);
  assert.deepEqual(remote, analyzeDocument(text, input));
});

test('statement ranges and kinds come back for the lenses', async () => {
  const text = "USE sakila;\nSELECT * FROM film WHERE film_id = 1;\n\n-- note\nUPDATE film SET title = 'x' WHERE film_id = 2;\nDROP TABLE t;";
  const { statements } = await analyze(text, { dialect: 'mysql' });
  assert.deepEqual(
    statements.map((s) => [text.slice(s.start, s.end).split(/\s/)[0], s.explainable]),
    [
      ['USE', false],
      ['SELECT', true],
      ['UPDATE', true],
      ['DROP', false],
    ],
  );
});

test('a 3 MB statement is checked lexically, not parsed, and answers', async () => {
  const text = generateHugeStatement(3 * 1024 * 1024);
  const { statements } = await analyze(text, { dialect: 'mariadb' });
  assert.equal(statements.length, 1);
  assert.equal(statements[0].end, text.trimEnd().length - 1);
});

test('jobs queued behind each other all answer, in order', async () => {
  const texts = [1, 2, 3].map((k) => `SELECT * FROM t${k} ORDER BY RAND();`);
  const out = await Promise.all(texts.map((t) => analyze(t, { dialect: 'mysql' })));
  out.forEach((o, k) => assert.ok(o.hints.some((h) => h.rule === 'order-by-rand' && h.range.end <= texts[k].length)));
});

test('a job past the watchdog ends the worker with an error; the next job starts a new one', async () => {
  const slow = new HintWorker(SCRIPT, 1, { eval: true });
  try {
    await assert.rejects(slow.analyze(generateSqlFile(2000, 3), { dialect: 'mysql' }), /no progress/);
    slow.watchdogMs = 60_000;
    const ok = unpackHints(await slow.analyze('SELECT 1;', { dialect: 'mysql' }));
    assert.equal(ok.statements.length, 1);
  } finally {
    slow.dispose();
  }
});
