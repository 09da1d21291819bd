import { significantTokens, type Token } from './lexer';

export type StatementKind = 'read' | 'write' | 'ddl' | 'session' | 'other' | 'empty';

export interface Classification {
  kind: StatementKind;
  /** First keyword, upper-cased (the main verb after a WITH clause). */
  verb: string;
  /** EXPLAIN accepts it (SELECT, TABLE, VALUES, INSERT, UPDATE, DELETE, REPLACE). */
  explainable: boolean;
  /** It may run without changing data or holding resources past the statement. */
  safeToExecute: boolean;
  /** Why it will not be executed, when it will not. */
  reason?: string;
  notes: string[];
}

const READ_VERBS = new Set(['SELECT', 'TABLE', 'VALUES']);
const WRITE_VERBS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'LOAD']);
const DDL_VERBS = new Set(['CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME', 'GRANT', 'REVOKE', 'ANALYZE', 'OPTIMIZE', 'REPAIR', 'LOCK', 'UNLOCK', 'FLUSH', 'INSTALL', 'UNINSTALL']);
const SESSION_VERBS = new Set(['SET', 'USE', 'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'XA', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'DO', 'CALL', 'HANDLER', 'KILL', 'SHUTDOWN', 'RESET', 'PURGE', 'CHANGE', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'HELP', 'CHECKSUM', 'CHECK', 'CACHE', 'BINLOG']);
/** Functions whose effects outlive the statement or touch the outside world. */
const SIDE_EFFECT_FUNCTIONS = new Set(['GET_LOCK', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS', 'NEXTVAL', 'SETVAL', 'LASTVAL', 'LOAD_FILE', 'SYS_EXEC', 'SYS_EVAL']);

/** The main verb: skips leading parentheses and a WITH [RECURSIVE] clause. */
function mainVerb(tokens: Token[]): { verb: string; index: number } {
  let i = 0;
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

export function classify(sql: string): Classification {
  const tokens = significantTokens(sql);
  if (tokens.length === 0) {
    return { kind: 'empty', verb: '', explainable: false, safeToExecute: false, reason: 'The selection holds no SQL statement.', notes: [] };
  }
  const { verb } = mainVerb(tokens);
  const notes: string[] = [];
  const words = tokens.filter((t) => t.kind === 'word').map((t) => t.text.toUpperCase());
  const has = (w: string) => words.includes(w);

  if (READ_VERBS.has(verb)) {
    const c: Classification = { kind: 'read', verb, explainable: true, safeToExecute: true, notes };
    for (let k = 0; k + 1 < tokens.length; k++) {
      if (tokens[k].kind !== 'word') continue;
      const up = tokens[k].text.toUpperCase();
      if (SIDE_EFFECT_FUNCTIONS.has(up) && tokens[k + 1].text === '(') {
        return { ...c, safeToExecute: false, reason: `It calls ${up}(), whose effect outlives the statement; EXPLAIN only.` };
      }
    }
    if (has('INTO')) {
      const intoIdx = words.indexOf('INTO');
      const target = words[intoIdx + 1];
      if (target === 'OUTFILE' || target === 'DUMPFILE') {
        return { ...c, safeToExecute: false, reason: `SELECT ... INTO ${target} writes a file on the server; EXPLAIN only.` };
      }
      return { ...c, safeToExecute: false, reason: 'SELECT ... INTO assigns variables; EXPLAIN only.' };
    }
    if (has('FOR') && has('UPDATE')) notes.push('FOR UPDATE takes row locks; they are released when the statement ends (autocommit).');
    if (has('LOCK') && has('SHARE')) notes.push('LOCK IN SHARE MODE takes shared row locks until the statement ends (autocommit).');
    return c;
  }
  if (WRITE_VERBS.has(verb)) {
    return {
      kind: 'write', verb, explainable: verb !== 'LOAD', safeToExecute: false, notes,
      reason: `${verb} changes data; it is explained, not executed.`,
    };
  }
  if (DDL_VERBS.has(verb)) {
    return { kind: 'ddl', verb, explainable: false, safeToExecute: false, notes, reason: `${verb} is DDL or administration; it is never executed.` };
  }
  if (SESSION_VERBS.has(verb)) {
    return { kind: 'session', verb, explainable: false, safeToExecute: false, notes, reason: `${verb} is not a query that EXPLAIN can analyse.` };
  }
  return { kind: 'other', verb, explainable: false, safeToExecute: false, notes, reason: `Unrecognised statement (${verb || '?'}); nothing is run.` };
}
