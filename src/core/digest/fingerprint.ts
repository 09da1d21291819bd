// Statement fingerprints that put statements into the same classes as pt-query-digest does
// (Percona Toolkit 3.x, `QueryRewriter::fingerprint`, whose behaviour this reproduces, quirks
// included: digits inside names fold too, so t1 and t2 are one class; 'O''B' becomes ??; 0x1F
// becomes ?f). Two tools that disagree on classes give counts nobody can compare, so being the
// same matters more than being prettier. test/unit/core/digest/ checks the results against
// pt-query-digest's own output on recorded logs.

const MYSQLDUMP = /^SELECT \/\*!40001 SQL_NO_CACHE \*\/ \* FROM `/;
const PT_TOOL = /\/\*\w+\.\w+:[0-9]\/[0-9]\*\//;
const CALL = /^\s*(call\s+\S+)\(/i;
const MULTI_INSERT = /^((?:INSERT|REPLACE)(?: IGNORE)?\s+INTO.+?VALUES\s*\(.*?\))\s*,\s*\(/is;
const BLOCK_COMMENT = /\/\*[^!][\s\S]*?\*\//g; // not /*! versioned code */
const LINE_COMMENT = /(?:--|#)[^'"\r\n]*(?=[\r\n]|$)/g;
const USE = /^use \S+\n?$/i;
const ESCAPED_QUOTE = /\\["']/g;
const DQ_STRING = /"[\s\S]*?"/g;
const SQ_STRING = /'[\s\S]*?'/g;
const BOOLEAN = /\bfalse\b|\btrue\b/gi;
const NUMBER = /[0-9+-][0-9a-f.xb+-]*/g;
const NUMBER_PREFIX = /[xb.+-]\?/g;
const LEADING_SPACE = /^\s+/;
// Runs of whitespace other than one plain space (which stays as it is).
const SPACES = / [ \n\t\r\f]+|[\n\t\r\f][ \n\t\r\f]*/g;
const NULL = /\bnull\b/g;
const LIST = /\b(in|values?)(?:[\s,]*\([\s?,]*\))+/g;
const UNION = /\b(select\s.*?)(?:(\sunion(?:\sall)?)\s\1)+/g;
const LIMIT = /\blimit \?(?:, ?\?| offset \?)?/;
const ORDER_BY = /\border by /i;
const ASC = /(.+?)\s+asc/iy;

/** The class of a statement: literals, IN and VALUES lists, comments and whitespace folded. */
export function fingerprint(query: string): string {
  if (query.charCodeAt(0) === 83 /* S */ && MYSQLDUMP.test(query)) return 'mysqldump';
  if (query.includes('*/') && PT_TOOL.test(query)) return 'percona-toolkit';
  if (query.startsWith('administrator command: ')) return query;
  // CALL may only follow whitespace, and every \s character is at most 32 or beyond ASCII.
  const c0 = query.charCodeAt(0);
  const call = (c0 | 0x20) === 99 /* c */ || c0 <= 32 || c0 > 127 ? CALL.exec(query) : null;
  if (call) return call[1]!.toLowerCase();
  let q = query;
  // A multi-row INSERT is cut to its first row before anything else (it may be megabytes).
  if (q.length > 12 && /^(?:INSERT|REPLACE)/i.test(q)) {
    const m = MULTI_INSERT.exec(q);
    if (m) q = m[1]!;
  }
  if (q.includes('/*')) q = q.replace(BLOCK_COMMENT, '');
  if (q.includes('--') || q.includes('#')) q = q.replace(LINE_COMMENT, '');
  if (USE.test(q)) return 'use ?';
  if (q.includes('\\')) q = q.replace(ESCAPED_QUOTE, '');
  if (q.includes('"')) q = q.replace(DQ_STRING, '?');
  if (q.includes("'")) q = q.replace(SQ_STRING, '?');
  q = q.replace(BOOLEAN, '?').replace(NUMBER, '?').replace(NUMBER_PREFIX, '?');
  q = q.replace(LEADING_SPACE, '');
  if (q.endsWith('\n')) q = q.slice(0, -1);
  q = q.replace(SPACES, ' ').toLowerCase();
  if (q.includes('null')) q = q.replace(NULL, '?');
  q = q.replace(LIST, '$1(?+)');
  if (q.includes('union')) q = q.replace(UNION, '$1 /*repeat$2*/');
  q = q.replace(LIMIT, 'limit ?');
  const order = ORDER_BY.exec(q);
  if (order) q = dropAsc(q, order.index + order[0].length);
  return q;
}

/** Every `\s+asc` after ORDER BY goes, each match starting where the previous one ended. */
function dropAsc(q: string, from: number): string {
  let out = q.slice(0, from);
  let at = from;
  ASC.lastIndex = at;
  for (let m = ASC.exec(q); m; m = ASC.exec(q)) {
    out += m[1];
    at = ASC.lastIndex;
  }
  return out + q.slice(at);
}

/**
 * Fingerprints of statements seen verbatim before: a log repeats many statements exactly (the
 * same literals, health checks, USE, administrator commands). Bounded: cleared when full.
 */
export class FingerprintMemo {
  private readonly memo = new Map<string, string>();

  constructor(
    private readonly entries = 5000,
    private readonly longest = 1024,
  ) {}

  get(query: string): string {
    if (query.length > this.longest) return fingerprint(query);
    let fp = this.memo.get(query);
    if (fp === undefined) {
      // A copy: the statement is a slice of the reader's chunk, which a key would keep alive.
      const key = Buffer.from(query, 'utf8').toString('utf8');
      fp = fingerprint(key);
      if (this.memo.size >= this.entries) this.memo.clear();
      this.memo.set(key, fp);
    }
    return fp;
  }
}
