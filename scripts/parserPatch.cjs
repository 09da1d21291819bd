// Edits to node-sql-parser's generated parsers (build/mysql.js, build/mariadb.js) that change no
// AST; together they halve a parse (5,000 distinct statements, docs/benchmarks.md):
// - peg$fail keeps only the furthest position it failed at, not the list of what was expected
//   there (an object pushed for every alternative tried at the frontier, every keyword). That
//   list only words a SyntaxError's message, which nothing reads (src/core/hints/parse.ts keeps
//   the AST; a failed parse is just "no AST"). The columnList it also builds was left alone: it
//   lands inside ASTs (subqueries), which the rules read.
// - One parser per process: peg$parse is a 270 KB function whose body declares ~1,500 closures
//   (every rule, every action), ~500 expectation objects and the reserved-word map, all built
//   again at every call: 0.2 ms of a 0.35 ms parse, and most of the garbage. The edit builds
//   that body once and keeps it; a call resets what pegjs and the grammar keep per parse (the
//   position, the failure and location caches, the table and column lists) and runs the start
//   rule. A call made while another runs (none is known) gets a body of its own.
// Used by scripts/build.mjs (the bundles) and, through `--require ./scripts/parserPatchHook.cjs`, by
// the tests (scripts/test.mjs), so both run the same parser. A parser whose text does not match
// fails loudly. CommonJS: a `--require` hook reaches worker threads too (`--import` does not).
'use strict';
const Module = require('node:module');

const FILE = /[/\\]node-sql-parser[/\\]build[/\\](mysql|mariadb)\.js$/;

/** A keyword that a case-insensitive test can compare by character codes. */
const LOWER_ASCII = /^[\x20-\x40\x5b-\x7e]+$/;

/**
 * `s.substr(p, k.length).toLowerCase() === k` for a lower-case ASCII `k`, without making the two
 * strings: ASCII compared code by code, and the original test wherever a character is not ASCII
 * (toLowerCase maps a few of them to ASCII, the Kelvin sign to k) or the input ends first.
 */
const KEYWORD_TEST =
  'function $mqtCi(s,p,k){var n=k.length;if(p+n>s.length)return s.substr(p,n).toLowerCase()===k;' +
  'for(var i=0;i<n;i++){var c=s.charCodeAt(p+i);if(c>127)return s.substr(p,n).toLowerCase()===k;' +
  'if(c>64&&c<91)c+=32;if(c!==k.charCodeAt(i))return!1}return!0}';

const esc = (name) => name.replace(/\$/g, '\\$');

/** The text of `function name(){...}` in `source` (braces counted; the parser's rule functions hold no brace in a string). */
function functionText(source, name) {
  const at = source.indexOf(`function ${name}(){`);
  if (at < 0) return undefined;
  for (let k = source.indexOf('{', at), depth = 0; k < source.length; k++) {
    if (source[k] === '{') depth++;
    else if (source[k] === '}' && --depth === 0) return source.slice(at, k + 1);
  }
  return undefined;
}

const EDITS = [
  {
    what: 'peg$fail',
    find: /function ([\w$]+)\((\w)\)\{([\w$]+)<([\w$]+)\|\|\(\3>\4&&\(\4=\3,([\w$]+)=\[\]\),\5\.push\(\2\)\)\}/g,
    to: (_m, name, arg, pos, max) => `function ${name}(${arg}){${pos}>${max}&&(${max}=${pos})}`,
  },
  {
    what: 'spaces and comments: the common case first',
    // `__ = (whitespace / comment)*` is tried between every two tokens, and most often finds
    // neither. Where the next character cannot start either (not space, tab, line break, `/`,
    // `-` or `#`), both fail at once: the same answer (an empty list) and the same failure
    // record (peg$fail, as edited above, keeps only the position), without the two rule calls.
    // The rule's own locals hide the input's name: it is read as $mqtIn (set with the body below).
    find: /function ([\w$]+)\(\)\{var ([\w$]+),([\w$]+);for\(\2=\[\],\(\3=([\w$]+)\(\)\)===s&&\(\3=([\w$]+)\(\)\);\3!==s;\)\2\.push\(\3\),\(\3=\4\(\)\)===s&&\(\3=\5\(\)\);return \2\}/g,
    to: (m, name, _list, _item, space, comment, _at, source) => {
      const ws = new RegExp(
        String.raw`function ${esc(space)}\(\)\{var t;return ([\w$]+)\.test\(r\.charAt\(([\w$]+)\)\)\?\(t=r\.charAt\(\2\),\2\+\+\):\(t=s,0===([\w$]+)&&([\w$]+)\([\w$]+\)\),t\}`,
      ).exec(source);
      const cls = ws && new RegExp(String.raw`[,;]${esc(ws[1])}=(/[^/]*/)[,;]`).exec(source);
      const body = functionText(source, comment);
      const starts = body && (body.match(/"\/\*"===r\.substr\(|"--"===r\.substr\(|35===r\.charCodeAt\(/g) ?? []).length;
      if (!ws || !cls || cls[1] !== String.raw`/^[ \t\n\r]/` || starts !== 3 || (body.match(/t=function\(\)\{var t,e,n,o,u,a;/g) ?? []).length !== 3)
        throw new Error(`parserPatch: the rules of ${name} are not the whitespace and comment rules this edit knows`);
      const [, , pos, silent, fail] = ws;
      const fast = `var $mqtC=$mqtIn.charCodeAt(${pos});if($mqtC!==32&&$mqtC!==9&&$mqtC!==10&&$mqtC!==13&&$mqtC!==47&&$mqtC!==45&&$mqtC!==35){0===${silent}&&${fail}();return[]}`;
      return m.replace('(){', `(){${fast}`);
    },
  },
  {
    what: 'one peg$parse body per process',
    find: new RegExp(
      [
        String.raw`parse:function\(r,t\)\{t=void 0!==t\?t:\{\};var e,s=\{\},u=\{start:(?<start>[\w$]+)\},a=\k<start>,(?<consts>[\s\S]*?)`,
        // pegjs's per-parse state: position, saved position, location cache, furthest failure, its list, silence
        String.raw`,(?<pos>[\w$]+)=0,(?<saved>[\w$]+)=0,(?<loc>[\w$]+)=\[\{line:1,column:1\}\],(?<fail>[\w$]+)=0,(?<expected>[\w$]+)=\[\],(?<silent>[\w$]+)=0;`,
        String.raw`(?<startRule>if\("startRule"in t\)\{if\(!\(t\.startRule in u\)\)throw new Error\([^;]*\);a=u\[t\.startRule\]\})`,
        String.raw`(?<body>[\s\S]*?)`,
        // the grammar's own per-parse state: its list, the tables and columns seen, the aliases
        String.raw`let (?<list>[\w$]+)=\[\];const (?<tables>[\w$]+)=new Set,(?<columns>[\w$]+)=new Set,(?<aliases>[\w$]+)=\{\};`,
        String.raw`(?<run>if\(\(e=a\(\)\)!==s&&\k<pos>===r\.length\)return e;throw [\s\S]*?)\}(?<after>\}\},function\(r,t,e\)\{r\.exports=e\(3\)\})`,
      ].join(''),
      'g',
    ),
    to: (...m) => {
      const g = m[m.length - 1];
      const reset = `${g.pos}=0;${g.saved}=0;${g.loc}=[{line:1,column:1}];${g.fail}=0;${g.expected}=[];${g.silent}=0;a=${g.start};`;
      const grammarState = `${g.list}=[];${g.tables}=new Set;${g.columns}=new Set;${g.aliases}={};`;
      const make =
        `function $mqtMake(){var r,t,$mqtIn;var e,s={},u={start:${g.start}},a=${g.start},${g.consts},${g.pos}=0,${g.saved}=0,` +
        `${g.loc}=[{line:1,column:1}],${g.fail}=0,${g.expected}=[],${g.silent}=0;${g.body}` +
        `let ${g.list}=[],${g.tables}=new Set,${g.columns}=new Set,${g.aliases}={};` +
        `return function($mqtR,$mqtT){r=$mqtIn=$mqtR;t=void 0!==$mqtT?$mqtT:{};${reset}${g.startRule}${grammarState}${g.run}}}`;
      const call = `return function($mqtR,$mqtT){if($mqtBusy)return $mqtMake()($mqtR,$mqtT);$mqtBusy=!0;try{return($mqtOne||($mqtOne=$mqtMake()))($mqtR,$mqtT)}finally{$mqtBusy=!1}}`;
      return `parse:function(){var $mqtOne,$mqtBusy=!1;${KEYWORD_TEST}${make}${call}}()${g.after}`;
    },
  },
  {
    what: 'keyword tests without new strings',
    // `"kw"===r.substr(pos,n).toLowerCase()`: two strings made per keyword tried, hundreds per
    // statement. The same test by character codes ($mqtCi, defined with the body above). The
    // leading space: a test may follow `return`.
    find: /"([^"\\]*)"===r\.substr\(([\w$]+),(\d+)\)\.toLowerCase\(\)/g,
    to: (m, kw, pos, n) => (Number(n) === kw.length && LOWER_ASCII.test(kw) ? ` $mqtCi(r,${pos},"${kw}")` : m),
    many: true,
  },
  {
    what: 'literal tests without new strings',
    find: /"([^"\\]*)"===r\.substr\(([\w$]+),(\d+)\)(?![.\w$])/g,
    to: (m, lit, pos, n) => (Number(n) === lit.length && lit.length > 0 ? ` r.startsWith("${lit}",${pos})` : m),
    many: true,
  },
];

/** The parser's source with the edits; throws unless each applies where it should (once, or many times). */
function patchSqlParser(source, file) {
  let out = source;
  for (const e of EDITS) {
    let n = 0;
    out = out.replace(e.find, (...m) => {
      const to = e.to(...m);
      if (to !== m[0]) n++;
      return to;
    });
    // One place, or (`many`) the many places of one kind: fewer means the parser's text changed.
    if (e.many ? n < 10 : n !== 1)
      throw new Error(`parserPatch: ${e.what} matched ${n} times in ${file} (node-sql-parser changed? see scripts/parserPatch.cjs)`);
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
