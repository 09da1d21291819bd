// The edits to node-sql-parser (scripts/parserPatch.cjs) that the bundles and these tests run:
// they apply to both builds, they are in effect here (so the golden tests check the parser the
// editor runs), and ASTs, table and column lists and failures are those of the unedited parser,
// statement after statement on one parser (nothing of one parse leaks into the next).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import * as path from 'node:path';
import { parseStatement } from '../../../../src/core/hints/parse';
import { splitStatements } from '../../../../src/core/sql/statements';
import { brokenDocument, DOCUMENTS } from './documents';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patchSqlParser } = require('../../../../scripts/parserPatch.cjs') as { patchSqlParser: (source: string, file: string) => string };
const resolve = createRequire(path.join(__dirname, '..', '..', '..', '..', 'src', 'x.js')).resolve;

type Parser = { astify(sql: string, opt: object): unknown; parse(sql: string, opt: object): unknown };

/** A private copy of a build, edited or not, compiled past the tests' hook (the module cache holds the edited one). */
function load(name: 'mysql' | 'mariadb', edited: boolean): Parser {
  const file = resolve(`node-sql-parser/build/${name}`);
  const source = readFileSync(file, 'utf8');
  const body = compileFunction(edited ? patchSqlParser(source, file) : source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const m = { exports: {} as { Parser: new () => Parser } };
  body(m.exports, createRequire(file), m, file, path.dirname(file));
  return new m.exports.Parser();
}

const outcome = (p: Parser, sql: string, database: string) => {
  try {
    return JSON.stringify(p.parse(sql, { database, parseOptions: { includeLocations: true } }));
  } catch (e) {
    // Where the parse failed and what it found there (the edits keep the furthest failure).
    const err = e as { location?: { start?: { offset?: number } }; found?: unknown };
    return `syntax error at ${err.location?.start?.offset} found ${JSON.stringify(err.found)}`;
  }
};

test('the edits apply once to each build and fail loudly on a text they do not know', () => {
  for (const name of ['mysql', 'mariadb']) {
    const file = resolve(`node-sql-parser/build/${name}`);
    const source = readFileSync(file, 'utf8');
    const edited = patchSqlParser(source, file);
    assert.notEqual(edited, source, name);
    assert.equal(edited.split('function $mqtMake(').length - 1, 1, `${name}: the parse body is made by one function`);
    assert.throws(() => patchSqlParser(edited, file), /matched 0 times/);
  }
});

test('the parser these tests load is the edited one (a syntax error names no expectations; run through scripts/test.mjs)', () => {
  const plain = load('mysql', false);
  assert.match(String(catchError(() => plain.astify('SELEC 1', { database: 'mysql' }))), /"#", "--"/);
  const { error } = parseStatement('SELEC 1', 'mysql');
  assert.ok(error && !error.includes('"#"'), error);
});

test('same ASTs, table and column lists and failures as the unedited parser, both builds, one statement after another', () => {
  const texts = [...DOCUMENTS.slice(0, 4).map((d) => d.text()), brokenDocument(3)];
  // Keywords that only toLowerCase makes ASCII (the Kelvin sign is a k, U+0130 two units), a
  // keyword cut off by the end of the text, mixed case: the keyword test must agree on each.
  const keywords = [
    "SELECT a FROM t WHERE b LI\u212AE 'x%'",
    'SELECT a FROM t WHERE b \u0130N (1, 2)',
    'SeLeCt a FrOm t WhErE b BeTwEeN 1 aNd 2 OrDeR bY a DeSc LiMiT 3',
    'SELECT a FROM t ORDER',
    'SELECT a FROM t WHERE b = 1 AN',
    "SELECT a FROM t WHERE b = 'é' AND c LIKE 'ü%' /* ☃ */",
    // spaces and comments of every kind between tokens, and failures right after them
    'SELECT\ta\r\nFROM /* x */ t -- y\nWHERE # z\n b = 1\t',
    'SELECT a FROM t WHERE /* open',
    'SELECT a FROM t WHERE b = 1 -- end',
    'SELECT a FROM t WHERE b = 1 #',
    'SELECT a FROM t WHERE b = - -1 AND c = 2-3',
    'SELECT a FROM t WHERE b = 1 / 2 AND c = 3 /* */ / 4',
    'SELECT a FROM t WHERE b = ) AND',
  ];
  const statements = [...new Set([...texts.flatMap((t) => splitStatements(t).map((s) => s.text)), ...keywords])];
  for (const name of ['mysql', 'mariadb'] as const) {
    const plain = load(name, false),
      edited = load(name, true);
    let failures = 0;
    for (const sql of statements) {
      const want = outcome(plain, sql, name);
      if (want.startsWith('syntax error')) failures++;
      assert.equal(outcome(edited, sql, name), want, sql);
    }
    assert.ok(failures > 10 && failures < statements.length / 2, `${name}: ${failures} of ${statements.length} fail`);
  }
});

test('a parse started inside a parse (an option read mid-parse) gets a body of its own: both results as unedited', () => {
  const plain = load('mysql', false),
    edited = load('mysql', true);
  const outer = 'SELECT a.x FROM t1 a JOIN t2 b ON b.id = a.id WHERE a.y > 1',
    inner = 'SELECT z FROM t3 WHERE w = 2';
  const run = (p: Parser) => {
    let nested: unknown;
    const parseOptions = {
      get includeLocations() {
        nested ??= p.parse(inner, { database: 'mysql', parseOptions: { includeLocations: true } });
        return true;
      },
    };
    return JSON.stringify([p.parse(outer, { database: 'mysql', parseOptions }), nested]);
  };
  const want = run(plain);
  assert.match(want, /t3/);
  assert.equal(run(edited), want);
  assert.equal(outcome(edited, inner, 'mysql'), outcome(plain, inner, 'mysql'), 'and the kept body still parses afterwards');
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : e;
  }
  return undefined;
}
