// The edit to node-sql-parser (scripts/parserPatch.cjs) that the bundles and these tests run:
// it applies to both builds, it is in effect here (so the golden tests check the parser the
// editor runs), and ASTs and failures are those of the unedited parser.
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

type Parser = { astify(sql: string, opt: object): unknown };

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
    return JSON.stringify(p.astify(sql, { database, parseOptions: { includeLocations: true } }));
  } catch {
    return 'syntax error';
  }
};

test('the edit applies once to each build and fails loudly on a text it does not know', () => {
  for (const name of ['mysql', 'mariadb']) {
    const file = resolve(`node-sql-parser/build/${name}`);
    const source = readFileSync(file, 'utf8');
    const edited = patchSqlParser(source, file);
    assert.ok(edited.length < source.length, name);
    assert.throws(() => patchSqlParser(edited, file), /matched 0 times/);
  }
});

test('the parser these tests load is the edited one (a syntax error names no expectations; run through scripts/test.mjs)', () => {
  const plain = load('mysql', false);
  assert.match(String(catchError(() => plain.astify('SELEC 1', { database: 'mysql' }))), /"#", "--"/);
  const { error } = parseStatement('SELEC 1', 'mysql');
  assert.ok(error && !error.includes('"#"'), error);
});

test('same ASTs and the same failures as the unedited parser, both builds', () => {
  const texts = [...DOCUMENTS.slice(0, 4).map((d) => d.text()), brokenDocument(3)];
  const statements = [...new Set(texts.flatMap((t) => splitStatements(t).map((s) => s.text)))];
  for (const name of ['mysql', 'mariadb'] as const) {
    const plain = load(name, false),
      edited = load(name, true);
    let failures = 0;
    for (const sql of statements) {
      const want = outcome(plain, sql, name);
      if (want === 'syntax error') failures++;
      assert.equal(outcome(edited, sql, name), want, sql);
    }
    assert.ok(failures > 10 && failures < statements.length / 2, `${name}: ${failures} of ${statements.length} fail`);
  }
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : e;
  }
  return undefined;
}
