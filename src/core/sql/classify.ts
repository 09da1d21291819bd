import { routineCalls, unquote, type RoutineCall } from './calls';
import type { SqlDialect } from './dialect';
import { significantTokens, type Token } from './lexer';

export type StatementKind = 'read' | 'write' | 'ddl' | 'session' | 'other' | 'empty';

export interface Classification {
  kind: StatementKind;
  /** First keyword, upper-cased (the main verb after a WITH clause or an EXPLAIN/ANALYZE prefix). */
  verb: string;
  /** EXPLAIN accepts it (SELECT, TABLE, VALUES, INSERT, UPDATE, DELETE, REPLACE). */
  explainable: boolean;
  /** It may run without changing data or holding resources past the statement. */
  safeToExecute: boolean;
  /** Why it will not be executed, when it will not. */
  reason?: string;
  notes: string[];
  /** A write that START TRANSACTION … ROLLBACK can undo on transactional tables. */
  rollbackable?: boolean;
  /** SELECT … FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE: takes row locks. */
  locking?: boolean;
  /**
   * The statement was wrapped in EXPLAIN / ANALYZE / EXPLAIN ANALYZE: the wrapped statement
   * starts at this offset, and it is what gets analysed (ANALYZE executes it).
   */
  bodyStart?: number;
  wrapper?: string;
  /** Calls the server resolves as stored or loadable functions (not built-ins): each must be checked. */
  calls: RoutineCall[];
  /** Places where servers could read the text differently: any one makes it EXPLAIN only. */
  doubts: string[];
}

const READ_VERBS = new Set(['SELECT', 'TABLE', 'VALUES']);
const WRITE_VERBS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'LOAD']);
const DDL_VERBS = new Set([
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'RENAME',
  'GRANT',
  'REVOKE',
  'ANALYZE',
  'OPTIMIZE',
  'REPAIR',
  'LOCK',
  'UNLOCK',
  'FLUSH',
  'INSTALL',
  'UNINSTALL',
]);
const SESSION_VERBS = new Set([
  'SET',
  'USE',
  'BEGIN',
  'START',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'XA',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'DO',
  'CALL',
  'HANDLER',
  'KILL',
  'SHUTDOWN',
  'RESET',
  'PURGE',
  'CHANGE',
  'SHOW',
  'DESCRIBE',
  'DESC',
  'EXPLAIN',
  'HELP',
  'CHECKSUM',
  'CHECK',
  'CACHE',
  'BINLOG',
]);
/** Functions whose effects outlive the statement or touch the outside world. */
export const SIDE_EFFECT_FUNCTIONS = new Set([
  'GET_LOCK',
  'RELEASE_LOCK',
  'RELEASE_ALL_LOCKS',
  'NEXTVAL',
  'SETVAL',
  'LASTVAL',
  'LOAD_FILE',
  'SYS_EXEC',
  'SYS_EVAL',
  'MASTER_POS_WAIT',
  'MASTER_GTID_WAIT',
  'SOURCE_POS_WAIT',
  'WAIT_FOR_EXECUTED_GTID_SET',
]);
/** Built-ins that only cost time; the time limit bounds them. */
const SLOW_FUNCTIONS = new Set(['SLEEP', 'BENCHMARK']);

/**
 * The tokens the server runs as code: executable comments (`/*!50000 … *\/`, `/*M!100000 … *\/`)
 * opened or skipped as the given server would, quotes read under its sql_mode. Without a
 * dialect every versioned comment is opened (and reported through `doubt`).
 */
export function codeTokens(sql: string, dialect?: SqlDialect, doubt?: (why: string) => void): Token[] {
  return significantTokens(sql, { ...(dialect ? { dialect } : {}), ...(doubt ? { doubt } : {}) });
}

/** The main verb: skips leading parentheses and a WITH [RECURSIVE] clause. */
function mainVerb(tokens: Token[], from = 0): { verb: string; index: number } {
  let i = from;
  while (i < tokens.length && tokens[i].text === '(') i++;
  const first = tokens[i]?.text.toUpperCase() ?? '';
  if (first !== 'WITH') return { verb: first, index: i };
  // Skip `name [(cols)] AS ( ... )` groups separated by commas, at depth 0.
  let depth = 0;
  for (let k = i + 1; k < tokens.length; k++) {
    const t = tokens[k].text;
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (depth === 0 && tokens[k].kind === 'word') {
      const up = t.toUpperCase();
      if (READ_VERBS.has(up) || WRITE_VERBS.has(up)) return { verb: up, index: k };
    }
  }
  return { verb: 'WITH', index: i };
}

/** EXPLAIN [EXTENDED|PARTITIONS|FORMAT=x|ANALYZE] stmt, DESCRIBE stmt, ANALYZE [FORMAT=x] stmt. */
function unwrap(tokens: Token[]): { index: number; wrapper: string } | undefined {
  const first = tokens[0]?.text.toUpperCase();
  if (first !== 'EXPLAIN' && first !== 'DESCRIBE' && first !== 'DESC' && first !== 'ANALYZE') return undefined;
  const words = [first === 'ANALYZE' ? 'ANALYZE' : 'EXPLAIN'];
  let i = 1;
  for (;;) {
    const up = tokens[i]?.text.toUpperCase();
    if (up === 'EXTENDED' || up === 'PARTITIONS') i++;
    else if (up === 'ANALYZE') {
      words.push('ANALYZE');
      i++;
    } else if (up === 'FORMAT' && tokens[i + 1]?.text === '=') i += 3;
    else break;
  }
  const next = mainVerb(tokens, i).verb;
  if (!READ_VERBS.has(next) && !WRITE_VERBS.has(next)) return undefined;
  if (first === 'ANALYZE' && i === 1 && next === 'TABLE') return undefined; // ANALYZE TABLE: the admin command
  return { index: i, wrapper: words.join(' ') };
}

/**
 * classify(...).explainable without the rest (reasons, notes, calls): the editor asks it of
 * every statement of a file, for its lenses.
 */
export function isExplainable(tokens: Token[]): boolean {
  if (tokens.length === 0) return false;
  const wrapped = unwrap(tokens);
  const { verb } = mainVerb(wrapped ? tokens.slice(wrapped.index) : tokens);
  return READ_VERBS.has(verb) || (WRITE_VERBS.has(verb) && verb !== 'LOAD');
}

/**
 * What kind of statement this is, read as the server of `dialect` reads it. Without a
 * dialect (no server yet) the reading is the cautious one: anything that depends on the
 * server is a doubt, and a doubt means the statement is explained, never run.
 *
 * `read`: the statement's codeTokens and doubts when the caller has them already (a Statement).
 */
export function classify(sql: string, dialect?: SqlDialect, read?: { tokens: Token[]; doubts: readonly string[] }): Classification {
  const doubts = new Set<string>(read?.doubts ?? []);
  const all = read?.tokens ?? codeTokens(sql, dialect, (why) => doubts.add(why));
  if (all.length === 0) {
    return {
      kind: 'empty',
      verb: '',
      explainable: false,
      safeToExecute: false,
      reason: 'The selection holds no SQL statement.',
      notes: [],
      calls: [],
      doubts: [...doubts],
    };
  }
  const wrapped = unwrap(all);
  const tokens = wrapped ? all.slice(wrapped.index) : all;
  const c = classifyTokens(tokens);
  c.calls = routineCalls(tokens);
  c.doubts = [...doubts];
  if (c.doubts.length > 0) {
    const why = `How the server reads it is not certain (${c.doubts.join('; ')})`;
    if (c.kind === 'read' && c.safeToExecute) {
      c.safeToExecute = false;
      c.reason = `${why}; EXPLAIN only.`;
    } else if (c.kind === 'write' && c.rollbackable) {
      c.rollbackable = false;
      c.reason = `${why}; it is explained, not executed.`;
    }
  }
  if (!wrapped) return c;
  const executes = wrapped.wrapper.includes('ANALYZE');
  c.bodyStart = tokens[0].start;
  c.wrapper = wrapped.wrapper;
  c.notes.unshift(
    executes
      ? `${wrapped.wrapper} executes the statement, so it is treated as running the ${c.verb} itself.`
      : `The ${wrapped.wrapper} prefix is dropped: the ${c.verb} is analysed as usual.`,
  );
  return c;
}

/** What classification reads of a statement's tokens. */
interface Reading {
  tokens: Token[];
  verb: string;
  words: string[];
  notes: string[];
  has: (w: string) => boolean;
}

/** The words appear in this order, one after the other. */
const hasRun = (words: string[], ...run: string[]) => words.some((_, k) => run.every((w, j) => words[k + j] === w));
const nextValueFor = (words: string[]) => hasRun(words, 'NEXT', 'VALUE', 'FOR');

/**
 * The names the statement calls, upper-cased, in order. A quoted name is a call too
 * (`get_lock`('a', 1) is the built-in); a qualified one (db.f) is not a built-in.
 */
function* calledNames(tokens: Token[]): Generator<string> {
  for (let k = 0; k + 1 < tokens.length; k++) {
    const t = tokens[k];
    if ((t.kind === 'word' || t.kind === 'quoted') && tokens[k + 1].text === '(' && tokens[k - 1]?.text !== '.') yield unquote(t).toUpperCase();
  }
}

/** A statement that is never executed: DDL, session and unknown statements. */
function notRun(kind: StatementKind, verb: string, notes: string[], reason: string): Classification {
  return { kind, verb, explainable: false, safeToExecute: false, notes, calls: [], doubts: [], reason };
}

function classifyTokens(tokens: Token[]): Classification {
  const { verb } = mainVerb(tokens);
  const words = tokens.filter((t) => t.kind === 'word').map((t) => t.text.toUpperCase());
  const r: Reading = { tokens, verb, words, notes: [], has: (w) => words.includes(w) };
  if (READ_VERBS.has(verb)) return classifyRead(r);
  if (WRITE_VERBS.has(verb)) return classifyWrite(r);
  if (DDL_VERBS.has(verb)) return notRun('ddl', verb, r.notes, `${verb} is DDL or administration; it is never executed.`);
  if (SESSION_VERBS.has(verb)) return notRun('session', verb, r.notes, `${verb} is not a query that EXPLAIN can analyse; it is never executed.`);
  return notRun('other', verb, r.notes, `Unrecognised statement (${verb || '?'}); nothing is run.`);
}

function classifyRead({ tokens, verb, words, notes, has }: Reading): Classification {
  const c: Classification = { kind: 'read', verb, explainable: true, safeToExecute: true, notes, calls: [], doubts: [] };
  for (const up of calledNames(tokens)) {
    if (SIDE_EFFECT_FUNCTIONS.has(up)) {
      return { ...c, safeToExecute: false, reason: `It calls ${up}(), whose effect outlives the statement; EXPLAIN only.` };
    }
    if (SLOW_FUNCTIONS.has(up) && !notes.some((n) => n.startsWith(up))) notes.push(`${up}() only spends time; the time limit stops it.`);
  }
  if (nextValueFor(words)) {
    return { ...c, safeToExecute: false, reason: 'NEXT VALUE FOR advances a sequence, which no rollback undoes; EXPLAIN only.' };
  }
  if (has('INTO')) {
    const intoIdx = words.indexOf('INTO');
    const target = words[intoIdx + 1];
    if (target === 'OUTFILE' || target === 'DUMPFILE') {
      return { ...c, safeToExecute: false, reason: `SELECT ... INTO ${target} writes a file on the server; EXPLAIN only.` };
    }
    return { ...c, safeToExecute: false, reason: 'SELECT ... INTO assigns variables; EXPLAIN only.' };
  }
  const forUpdate = hasRun(words, 'FOR', 'UPDATE') || hasRun(words, 'FOR', 'SHARE');
  const shareMode = hasRun(words, 'LOCK', 'IN', 'SHARE');
  if (forUpdate) notes.push('FOR UPDATE takes row locks; they are released when the statement ends (autocommit).');
  if (shareMode) notes.push('LOCK IN SHARE MODE takes shared row locks until the statement ends (autocommit).');
  if (forUpdate || shareMode) c.locking = true;
  return c;
}

function classifyWrite({ tokens, verb, words, notes, has }: Reading): Classification {
  const c: Classification = {
    kind: 'write',
    verb,
    explainable: verb !== 'LOAD',
    safeToExecute: false,
    notes,
    calls: [],
    doubts: [],
    reason: `${verb} changes data; it is explained, not executed.`,
    rollbackable: verb !== 'LOAD' && !has('DELAYED'),
  };
  if (verb === 'LOAD') c.reason = 'LOAD reads files and changes data; it is never executed.';
  else if (has('DELAYED')) c.reason = 'INSERT DELAYED is queued by the server outside any transaction; it is never executed.';
  else if (has('OUTFILE') || has('DUMPFILE')) {
    c.rollbackable = false;
    c.reason = 'It writes a file on the server; it is never executed.';
  } else {
    const up = [...calledNames(tokens)].find((name) => SIDE_EFFECT_FUNCTIONS.has(name));
    if (up !== undefined) {
      c.rollbackable = false;
      c.reason = `It calls ${up}(), whose effect no rollback undoes; it is explained, not executed.`;
    }
    if (nextValueFor(words)) {
      c.rollbackable = false;
      c.reason = 'NEXT VALUE FOR advances a sequence, which no rollback undoes; it is explained, not executed.';
    }
  }
  return c;
}
