// node-sql-parser with a per-text cache. The MySQL build is tried first for both dialects: it
// records more locations and accepts UPDATE/DELETE ... LIMIT; the MariaDB build is the
// fallback for MariaDB-only syntax.
import { Parser as MysqlParser } from 'node-sql-parser/build/mysql';
import { Parser as MariaParser } from 'node-sql-parser/build/mariadb';
import { isObj, type Obj } from './ast';

export interface Parsed {
  ast: Obj | null;
  error?: string;
}

let mysql: MysqlParser | undefined;
let maria: MariaParser | undefined;

const CACHE_LIMIT = 20000;
const cache = new Map<string, Parsed>();
/** Statements longer than this are checked lexically only: the parser is superlinear on some inputs. */
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

export function parseStatement(text: string, dialect: 'mysql' | 'mariadb'): Parsed {
  const key = `${dialect}\0${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let result: Parsed;
  if (text.length > MAX_PARSE_LENGTH) result = { ast: null, error: 'statement too long to parse' };
  else {
    result = attempt((mysql ??= new MysqlParser()), text, 'mysql');
    if (!result.ast && dialect === 'mariadb') {
      const second = attempt((maria ??= new MariaParser()), text, 'mariadb');
      if (second.ast) result = second;
    }
  }
  if (cache.size >= CACHE_LIMIT) {
    // Drop the oldest quarter: Map iterates in insertion order.
    let n = CACHE_LIMIT / 4;
    for (const k of cache.keys()) { cache.delete(k); if (--n <= 0) break; }
  }
  cache.set(key, result);
  return result;
}
