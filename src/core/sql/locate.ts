/**
 * Finds the table references of a statement (FROM/JOIN lists, UPDATE, INTO, DELETE ... USING,
 * comma joins, derived tables) with their offsets, so a plan node can be mapped back to the
 * SQL it came from. Built on the tolerant lexer: any input gives an answer, never an error.
 */
import { significantTokens, type Token } from './lexer';

/** A SELECT of a statement: its number (select#N) and its span. */
export interface SelectRange {
  id: number;
  start: number;
  end: number;
}

export interface TableRef {
  /** Table name without schema; for a derived table, its alias. */
  name: string;
  alias?: string;
  schema?: string;
  /** Offsets into the statement: from the name (or the opening parenthesis) to the alias. */
  start: number;
  end: number;
  derived?: boolean;
  /** The join condition written for this table (`ON ...`), from ON to its last token. */
  condition?: { start: number; end: number };
}

// Words that can follow a table factor and are never its alias.
const NOT_ALIAS = new Set([
  'WHERE',
  'ON',
  'USING',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'OUTER',
  'CROSS',
  'NATURAL',
  'STRAIGHT_JOIN',
  'FULL',
  'SET',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'WINDOW',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'FOR',
  'LOCK',
  'VALUES',
  'VALUE',
  'SELECT',
  'PARTITION',
  'USE',
  'FORCE',
  'IGNORE',
  'INTO',
  'FROM',
  'RETURNING',
  'AND',
  'OR',
  'AS',
  'WITH',
  'ON',
  'DUPLICATE',
  'LATERAL',
  'PROCEDURE',
  'OFFSET',
  'FETCH',
  'DEFAULT',
  'TABLE',
  'SHARE',
  'NOWAIT',
  'SKIP',
  'OUTFILE',
  'DUMPFILE',
  'CHARACTER',
  'FIELDS',
  'LINES',
  'WAIT',
  'KEY',
  'INDEX',
  'PARTITIONS',
  'QUICK',
  'LOW_PRIORITY',
]);
const JOIN_WORDS = new Set(['JOIN', 'STRAIGHT_JOIN']);
const JOIN_MODIFIERS = new Set(['INNER', 'LEFT', 'RIGHT', 'OUTER', 'CROSS', 'NATURAL', 'FULL']);
const CLAUSE_END = new Set([
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'SET',
  'WINDOW',
  'FOR',
  'LOCK',
  'INTO',
  'RETURNING',
  'SELECT',
]);
const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

type State = 'idle' | 'factor' | 'after' | 'on';
type FrameKind = 'root' | 'query' | 'group' | 'derived' | 'other';
interface Frame {
  kind: FrameKind;
  state: State;
  list: boolean;
  open: number;
  on?: { ref: TableRef; start: number };
}

/** Close an open `ON` condition at the token before `i`. */
function closeOn(frame: Frame, tokens: Token[], i: number): void {
  if (frame.on && i > 0) frame.on.ref.condition = { start: frame.on.start, end: tokens[i - 1].end };
  frame.on = undefined;
}

const upper = (t: Token | undefined): string => (t && t.kind === 'word' ? t.text.toUpperCase() : '');
const isIdent = (t: Token | undefined): boolean => !!t && (t.kind === 'quoted' || (t.kind === 'word' && !NOT_ALIAS.has(t.text.toUpperCase())));

function unquote(t: Token): string {
  if (t.kind !== 'quoted') return t.text;
  const inner = t.text.endsWith('`') && t.text.length > 1 ? t.text.slice(1, -1) : t.text.slice(1);
  return inner.replace(/``/g, '`');
}

/** Index just past the parenthesised group that opens at `i` (or the end). */
function skipParens(tokens: Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (tokens[j].text === '(') depth++;
    else if (tokens[j].text === ')' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

/** Index hints and PARTITION (...) after a table name: skipped, they name no table. */
function skipModifiers(tokens: Token[], i: number): number {
  for (;;) {
    const w = upper(tokens[i]);
    if (w === 'PARTITION' && tokens[i + 1]?.text === '(') i = skipParens(tokens, i + 1);
    else if ((w === 'USE' || w === 'FORCE' || w === 'IGNORE') && /^(INDEX|KEY)$/.test(upper(tokens[i + 1]))) {
      let j = i + 2;
      while (j < tokens.length && tokens[j].text !== '(' && j < i + 6) j++;
      i = tokens[j]?.text === '(' ? skipParens(tokens, j) : j;
    } else return i;
  }
}

/** Optional `[AS] alias` at `i`: the alias token and the index after it. */
function readAlias(tokens: Token[], i: number): { alias?: Token; next: number } {
  if (upper(tokens[i]) === 'AS') return isIdent(tokens[i + 1]) || tokens[i + 1]?.kind === 'string' ? { alias: tokens[i + 1], next: i + 2 } : { next: i + 1 };
  if (isIdent(tokens[i])) return { alias: tokens[i], next: i + 1 };
  return { next: i };
}

/**
 * The table the cursor at `offset` is on: inside a located reference, or on a qualifier
 * such as `c` in `c.last_name`. Answers the alias when there is one (plans name aliases).
 */
export function tableAt(sql: string, offset: number, refs: TableRef[] = locateTables(sql)): string | undefined {
  const inside = refs.filter((r) => offset >= r.start && offset <= r.end);
  // innermost first: a table inside a derived table wins over the derived table
  inside.sort((a, b) => a.end - a.start - (b.end - b.start));
  if (inside[0]) return inside[0].alias ?? inside[0].name;
  try {
    for (const t of significantTokens(sql)) {
      if (t.start > offset) break;
      if (offset > t.end || (t.kind !== 'word' && t.kind !== 'quoted')) continue;
      if (sql[t.end] !== '.') continue;
      const q = unquote(t).toLowerCase();
      const hit = refs.find((r) => (r.alias ?? r.name).toLowerCase() === q);
      if (hit) return hit.alias ?? hit.name;
    }
  } catch {
    // tolerant by design
  }
  return undefined;
}

export function locateTables(sql: string, tokens?: Token[]): TableRef[] {
  try {
    return scan(tokens ?? (typeof sql === 'string' ? significantTokens(sql) : []));
  } catch {
    return []; // a locator must never break the view it serves
  }
}

interface Scan {
  tokens: Token[];
  refs: TableRef[];
  stack: Frame[];
}

function scan(tokens: Token[]): TableRef[] {
  const st: Scan = { tokens, refs: [], stack: [{ kind: 'root', state: 'idle', list: false, open: 0 }] };
  let i = 0;
  while (i < tokens.length) {
    const frame = st.stack[st.stack.length - 1];
    const t = tokens[i];
    if (t.text === '(') i = openParen(st, frame, i);
    else if (t.text === ')') i = closeParen(st, frame, i);
    else if (frame.kind === 'other') i++;
    else if (frame.state === 'factor' && (t.kind === 'word' || t.kind === 'quoted') && upper(t) !== 'LATERAL') i = factor(st, frame, i);
    else i = clause(st, frame, i);
  }
  closeOn(st.stack[st.stack.length - 1], tokens, tokens.length);
  return st.refs.sort((a, b) => a.start - b.start);
}

function openParen({ tokens, stack }: Scan, frame: Frame, i: number): number {
  const first = upper(tokens[i + 1]);
  let kind: FrameKind = 'other';
  if (frame.state === 'factor') kind = QUERY_START.has(first) ? 'derived' : 'group';
  else if (QUERY_START.has(first)) kind = 'query';
  stack.push({ kind, state: kind === 'group' ? 'factor' : 'idle', list: frame.list, open: tokens[i].start });
  return i + 1;
}

function closeParen({ tokens, stack, refs }: Scan, frame: Frame, i: number): number {
  if (stack.length <= 1) return i + 1;
  closeOn(frame, tokens, i);
  const closed = stack.pop() as Frame;
  const outer = stack[stack.length - 1];
  if (closed.kind === 'derived') {
    const { alias, next } = readAlias(tokens, i + 1);
    const end = alias ? alias.end : tokens[i].end;
    if (alias) refs.push({ name: unquote(alias), alias: unquote(alias), start: closed.open, end, derived: true });
    outer.state = 'after';
    return next;
  }
  if (closed.kind === 'group') outer.state = 'after';
  return i + 1;
}

/** A table factor at `i`: name, or schema.name, or a table function; with modifiers and alias. */
function factor({ tokens, refs }: Scan, frame: Frame, i: number): number {
  const t = tokens[i];
  if (t.kind === 'word' && NOT_ALIAS.has(upper(t))) {
    frame.state = 'idle'; // e.g. INTO @var, INTO OUTFILE: no table here
    return i;
  }
  let nameTok = t;
  let schema: string | undefined;
  let j = i + 1;
  if (tokens[j]?.text === '.' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted')) {
    schema = unquote(t);
    nameTok = tokens[j + 1];
    j += 2;
  }
  if (tokens[j]?.text === '(' && frame.list) {
    // JSON_TABLE(...) and other table functions: skip the call, keep its alias as the name
    j = skipParens(tokens, j);
    const { alias, next } = readAlias(tokens, j);
    if (alias) refs.push({ name: unquote(alias), alias: unquote(alias), start: t.start, end: alias.end, derived: true });
    frame.state = 'after';
    return next;
  }
  j = skipModifiers(tokens, j);
  const { alias, next } = readAlias(tokens, j);
  const ref: TableRef = { name: unquote(nameTok), start: t.start, end: (alias ?? nameTok).end };
  if (schema !== undefined) ref.schema = schema;
  if (alias) ref.alias = unquote(alias);
  refs.push(ref);
  frame.state = 'after';
  return skipModifiers(tokens, next);
}

/** Clause words, commas and ON conditions: where table lists start, continue and end. */
function clause({ tokens, refs }: Scan, frame: Frame, i: number): number {
  const t = tokens[i];
  const w = upper(t);
  if (frame.state === 'on' && (JOIN_WORDS.has(w) || JOIN_MODIFIERS.has(w) || CLAUSE_END.has(w) || (t.text === ',' && frame.list))) closeOn(frame, tokens, i);
  if (w === 'FROM' || w === 'UPDATE' || w === 'USING' || w === 'INTO' || JOIN_WORDS.has(w)) {
    // JOIN t USING (cols) names columns; DELETE ... USING t1, t2 names tables.
    if (w === 'USING' && tokens[i + 1]?.text === '(') return i + 1;
    frame.state = 'factor';
    frame.list = w !== 'INTO';
    return i + 1;
  }
  if (frame.state === 'factor' && t.kind === 'punct') {
    frame.state = 'idle'; // INTO @var
    return i + 1;
  }
  if (t.text === ',' && (frame.state === 'after' || frame.state === 'on') && frame.list) {
    frame.state = 'factor';
    return i + 1;
  }
  // ON conditions may be followed by more comma-joined tables; clause words end the list.
  if (w === 'ON' && frame.state === 'after') {
    frame.state = 'on';
    const last = refs[refs.length - 1];
    if (last && last.start >= frame.open) frame.on = { ref: last, start: t.start };
  } else if (frame.state === 'after' && t.kind === 'word' && !JOIN_MODIFIERS.has(w)) frame.state = 'idle';
  else if (frame.state === 'on' && CLAUSE_END.has(w)) frame.state = 'idle';
  return i + 1;
}

/**
 * The SELECTs of a statement in written order, which is how MySQL and MariaDB number them
 * (select#N): a parenthesized one spans its parentheses, the outermost the whole statement.
 */
export function locateSelects(sql: string, given?: Token[]): SelectRange[] {
  try {
    const tokens = given ?? significantTokens(sql);
    const out: SelectRange[] = [];
    const open: number[] = [];
    const pending = new Map<number, number>(); // paren depth -> index in out awaiting its ')'
    for (const [k, t] of tokens.entries()) {
      if (t.text === '(') open.push(t.start);
      else if (t.text === ')') {
        const at = pending.get(open.length);
        if (at !== undefined) {
          out[at].end = t.end;
          pending.delete(open.length);
        }
        open.pop();
      } else if (t.kind === 'word' && t.text.toUpperCase() === 'SELECT') {
        const depth = open.length;
        const inParens = depth > 0 && tokens[k - 1]?.text === '(';
        out.push({ id: out.length + 1, start: inParens ? open[depth - 1] : 0, end: sql.length });
        if (inParens && !pending.has(depth)) pending.set(depth, out.length - 1);
      }
    }
    return out;
  } catch {
    return [];
  }
}
