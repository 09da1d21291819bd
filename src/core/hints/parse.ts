// node-sql-parser with a cache. The MySQL build is tried first for both dialects: it records
// more locations and accepts UPDATE/DELETE ... LIMIT; the MariaDB build is the fallback for
// MariaDB-only syntax. Parsing is most of the cost of a large file, and scripts repeat the
// same statement with different constants, so literals are replaced by same-length
// placeholders before the cache lookup (locations stay valid) and put back afterwards.
import type { Parser as MysqlParser } from 'node-sql-parser/build/mysql';
import type { Parser as MariaParser } from 'node-sql-parser/build/mariadb';
import type { Token } from '../sql/lexer';
import { isObj, type Obj } from './ast';

export interface Parsed {
  ast: Obj | null;
  error?: string;
}

let mysql: MysqlParser | undefined;
let maria: MariaParser | undefined;

// Loaded on first use: the parsers are the biggest part of the bundle, and the extension
// should not pay for them while activating.
/* eslint-disable @typescript-eslint/no-require-imports */
const newMysqlParser = (): MysqlParser => new (require('node-sql-parser/build/mysql') as typeof import('node-sql-parser/build/mysql')).Parser();
const newMariaParser = (): MariaParser => new (require('node-sql-parser/build/mariadb') as typeof import('node-sql-parser/build/mariadb')).Parser();
/* eslint-enable @typescript-eslint/no-require-imports */

let warmed = false;

/**
 * For idle time before a first analysis, in two steps (two blocks of the thread, not one): `load`
 * the MySQL build (26-40 ms here), then `parse` one statement with it, once (its code compiled on
 * first use, 10-15 ms). The parse is not cached.
 */
export function preloadParser(step: 'load' | 'parse'): void {
  mysql ??= newMysqlParser();
  if (step === 'parse' && !warmed) {
    warmed = true;
    attempt(mysql, 'SELECT a.b, COUNT(*) FROM t a JOIN u ON u.id = a.id WHERE a.x = 1 AND a.y IN (1, 2) GROUP BY a.b ORDER BY 1 LIMIT 1', 'mysql');
  }
}

const CACHE_LIMIT = 20000;
/**
 * A text's parse is kept from its second sighting on; the first leaves a mark (null). A file of
 * statements that are all different otherwise keeps every AST (about 7 KB each, 35 MB for 5,000,
 * per worker thread) for sightings that never come; a repeated shape pays one more parse.
 */
const cache = new Map<string, Parsed | null>();
/** Statements longer than this are checked lexically only: the parser is slow on huge inputs. */
const MAX_PARSE_LENGTH = 100_000;

function attempt(parser: MysqlParser | MariaParser, text: string, database: string): Parsed {
  try {
    const out: unknown = parser.astify(text, { database, parseOptions: { includeLocations: true } });
    const first = Array.isArray(out) ? out[0] : out;
    return isObj(first) ? { ast: first } : { ast: null, error: 'empty parse' };
  } catch (e) {
    return { ast: null, error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e) };
  }
}

/** The parse of `text`; `kept`: the cache holds it (shared: not to be changed). */
function parseText(text: string, dialect: 'mysql' | 'mariadb'): Parsed & { kept: boolean } {
  const key = `${dialect}\0${text}`;
  const hit = cache.get(key);
  if (hit) return { ...hit, kept: true };
  const seen = hit === null;
  let result: Parsed;
  if (text.length > MAX_PARSE_LENGTH) result = { ast: null, error: 'statement too long to parse' };
  else {
    result = attempt((mysql ??= newMysqlParser()), text, 'mysql');
    if (!result.ast && dialect === 'mariadb') {
      const second = attempt((maria ??= newMariaParser()), text, 'mariadb');
      if (second.ast) result = second;
    }
  }
  if (cache.size >= CACHE_LIMIT) {
    let n = CACHE_LIMIT / 4; // drop the oldest quarter (Map iterates in insertion order)
    for (const k of cache.keys()) {
      cache.delete(k);
      if (--n <= 0) break;
    }
  }
  cache.set(key, seen ? result : null);
  return { ...result, kept: seen };
}

/** Parses one statement; `tokens` (its significant tokens) enable the literal-normalized cache. */
export function parseStatement(text: string, dialect: 'mysql' | 'mariadb', tokens?: Token[]): Parsed {
  if (text.length > MAX_PARSE_LENGTH) return { ast: null, error: 'statement too long to parse' };
  const norm = tokens ? normalizeLiterals(text, tokens) : undefined;
  if (!norm) return parsed(parseText(text, dialect));
  const shared = parseText(norm.text, dialect);
  if (shared.ast) {
    // A parse the cache does not hold is this statement's alone: its literals go back in place.
    const state = { used: 0, inPlace: !shared.kept };
    const ast = hydrate(shared.ast, norm, state) as Obj;
    if (state.used === norm.count) return { ast };
  }
  return parsed(parseText(text, dialect)); // the placeholders changed the parse: use the real text
}

const parsed = ({ ast, error }: Parsed): Parsed => (error === undefined ? { ast } : { ast, error });

interface Normalized {
  text: string;
  /** placeholder value -> original number text */
  numbers: Map<string, string>;
  /** placeholder content -> original string content (raw, as the parser reports it) */
  strings: Map<string, string>;
  count: number;
}

const PLAIN_NUMBER = /^\d{1,15}(?:\.\d{1,15})?$/;
const TYPED = new Set(['DATE', 'TIME', 'TIMESTAMP', 'INTERVAL', 'ESCAPE', 'COLLATE', 'CHARACTER', 'CHARSET', 'NAMES']);

function normalizeLiterals(text: string, tokens: Token[]): Normalized | undefined {
  const numbers = new Map<string, string>();
  const strings = new Map<string, string>();
  let out = '',
    pos = 0,
    count = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let placeholder: string | undefined;
    if (t.kind === 'number' && PLAIN_NUMBER.test(t.text)) {
      placeholder = numberPlaceholder(t.text, numbers);
      if (placeholder) numbers.set(placeholder, t.text);
    } else if (t.kind === 'string' && t.text.length > 2 && (t.text[0] === "'" || t.text[0] === '"') && t.text.endsWith(t.text[0])) {
      const prev = tokens[i - 1];
      if (prev && (prev.end === t.start || TYPED.has(prev.text.toUpperCase()))) continue; // x'..', _utf8'..', DATE '..'
      const content = t.text.slice(1, -1);
      const p = stringPlaceholder(content.length, strings);
      if (p) {
        strings.set(p, content);
        placeholder = `${t.text[0]}${p}${t.text[0]}`;
      }
    }
    if (!placeholder) continue;
    if (placeholder === t.text) {
      count++;
      continue;
    }
    out += text.slice(pos, t.start) + placeholder;
    pos = t.end;
    count++;
  }
  if (count === 0) return undefined;
  return { text: out + text.slice(pos), numbers, strings, count };
}

function numberPlaceholder(shape: string, used: Map<string, string>): string | undefined {
  const [int, frac] = shape.split('.');
  const lo = int.length === 1 ? 0 : 10 ** (int.length - 1);
  const hi = 10 ** int.length;
  for (let n = lo; n < hi && n < lo + 5000; n++) {
    const p = frac === undefined ? String(n) : `${n}.${'0'.repeat(frac.length)}`;
    if (!used.has(p)) return p;
  }
  return undefined;
}

function stringPlaceholder(length: number, used: Map<string, string>): string | undefined {
  for (let n = 0; n < 5000; n++) {
    let s = '',
      k = n;
    do {
      s = String.fromCharCode(97 + (k % 26)) + s;
      k = Math.floor(k / 26);
    } while (k > 0);
    if (s.length > length) return undefined;
    const p = s.padStart(length, 'q');
    if (!used.has(p)) return p;
  }
  return undefined;
}

/**
 * The AST with the original literal values put back: a copy of a shared one (locations are
 * shared), or the AST itself changed in place when nothing else holds it (`state.inPlace`).
 */
function hydrate(n: unknown, norm: Normalized, state: { used: number; inPlace: boolean }): unknown {
  if (Array.isArray(n)) {
    if (!state.inPlace) return n.map((x) => hydrate(x, norm, state));
    for (let i = 0; i < n.length; i++) n[i] = hydrate(n[i], norm, state);
    return n;
  }
  if (!isObj(n)) return n;
  const out: Obj = state.inPlace ? n : {};
  for (const k in n) {
    const v = n[k];
    out[k] = k === 'loc' || v === null || typeof v !== 'object' ? v : hydrate(v, norm, state);
  }
  if (n.type === 'number') {
    const raw = typeof n.value === 'number' || typeof n.value === 'string' ? String(n.value) : undefined;
    const neg = raw?.startsWith('-');
    const orig = raw !== undefined ? norm.numbers.get(neg ? raw.slice(1) : raw) : undefined;
    if (orig !== undefined) {
      const v = /^\d+$/.test(orig) ? Number(orig) : orig;
      out.value = neg ? (typeof v === 'number' ? -v : `-${v}`) : v;
      state.used++;
    }
  } else if ((n.type === 'single_quote_string' || n.type === 'double_quote_string' || n.type === 'string') && typeof n.value === 'string') {
    const orig = norm.strings.get(n.value);
    if (orig !== undefined) {
      out.value = orig;
      state.used++;
    }
  }
  return out;
}
