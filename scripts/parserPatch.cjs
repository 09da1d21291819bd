// An edit to node-sql-parser's generated parsers (build/mysql.js, build/mariadb.js) that changes
// no AST and saves a fifth of each parse (5,000 distinct statements, docs/benchmarks.md):
// peg$fail keeps only the furthest position it failed at, not the list of what was expected
// there (an object pushed for every alternative tried at the frontier, every keyword). That
// list only words a SyntaxError's message, which nothing reads (src/core/hints/parse.ts keeps
// the AST; a failed parse is just "no AST"). The columnList it also builds was left alone: it
// lands inside ASTs (subqueries), which the rules read.
// Used by scripts/build.mjs (the bundles) and, through `--require ./scripts/parserPatchHook.cjs`, by
// the tests (scripts/test.mjs), so both run the same parser. A parser whose text does not match
// fails loudly. CommonJS: a `--require` hook reaches worker threads too (`--import` does not).
'use strict';
const Module = require('node:module');

const FILE = /[/\\]node-sql-parser[/\\]build[/\\](mysql|mariadb)\.js$/;

const EDITS = [
  {
    what: 'peg$fail',
    find: /function ([\w$]+)\((\w)\)\{([\w$]+)<([\w$]+)\|\|\(\3>\4&&\(\4=\3,([\w$]+)=\[\]\),\5\.push\(\2\)\)\}/g,
    to: (_m, name, arg, pos, max) => `function ${name}(${arg}){${pos}>${max}&&(${max}=${pos})}`,
  },
];

/** The parser's source with the edits; throws unless each applies exactly once. */
function patchSqlParser(source, file) {
  let out = source;
  for (const e of EDITS) {
    let n = 0;
    out = out.replace(e.find, (...m) => (n++, e.to(...m)));
    if (n !== 1) throw new Error(`parserPatch: ${e.what} matched ${n} times in ${file} (node-sql-parser changed? see scripts/parserPatch.cjs)`);
  }
  return out;
}

/** From now on every load of the parsers in this process (and its workers' own hooks) gets the edits. */
function install() {
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    return compile.call(this, FILE.test(filename) ? patchSqlParser(content, filename) : content, filename);
  };
}

module.exports = { FILE, patchSqlParser, install };
