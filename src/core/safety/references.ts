import { codeTokens, SIDE_EFFECT_FUNCTIONS } from '../sql/classify';
import type { SqlDialect } from '../sql/dialect';
import type { Token } from '../sql/lexer';

/** A possibly schema-qualified name as written in SQL. */
export interface Name {
  schema?: string;
  name: string;
}

export interface References {
  /** Every identifier that might name a table or view (an over-approximation: columns too). */
  names: Name[];
  /** Identifiers followed by `(`, and CALL targets: candidate stored routines. */
  calls: Name[];
}

const isIdent = (t: Token | undefined) => t !== undefined && (t.kind === 'word' || t.kind === 'quoted');
const unquote = (t: Token) => (t.kind === 'quoted' ? t.text.slice(1, t.text.endsWith('`') && t.text.length > 1 ? -1 : undefined).replace(/``/g, '`') : t.text);
const key = (n: Name) => `${n.schema ?? ''}\u0000${n.name}`;

/**
 * Words reserved in MySQL and in MariaDB alike: unquoted, they never name a table, so the
 * catalogue is not asked about them (a reserved word after a `.` is a name, and is kept).
 */
const RESERVED = new Set(('ALL AND AS ASC BETWEEN BY CASE CROSS DELETE DESC DISTINCT DIV ELSE EXISTS FALSE FOR FORCE FROM GROUP HAVING IGNORE IN ' +
  'INDEX INNER INSERT INTERVAL INTO IS JOIN KEY LEFT LIKE LIMIT LOCK MATCH MOD NATURAL NOT NULL ON OR ORDER OUTER REGEXP RIGHT RLIKE ' +
  'SELECT SET STRAIGHT_JOIN THEN TRUE UNION UPDATE USING VALUES WHEN WHERE WITH XOR').split(' '));

/** Names a statement (or a view, trigger or routine body) may refer to. Never throws. */
export function references(sql: string, dialect?: SqlDialect, tokens: Token[] = codeTokens(sql, dialect)): References {
  const names = new Map<string, Name>();
  const calls = new Map<string, Name>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (!isIdent(t)) continue;
    const qualified = tokens[k + 1]?.text === '.' && isIdent(tokens[k + 2]);
    const n: Name = qualified ? { schema: unquote(t), name: unquote(tokens[k + 2]) } : { name: unquote(t) };
    if (!n.name) continue;
    // `a.b`: a may be a table (a.column) or a schema (schema.table); both are looked up.
    const reserved = t.kind === 'word' && RESERVED.has(t.text.toUpperCase());
    if (tokens[k - 1]?.text !== '.' && !reserved) names.set(key({ name: unquote(t) }), { name: unquote(t) });
    if (qualified) names.set(key(n), n);
    const after = tokens[qualified ? k + 3 : k + 1];
    const isCall = after?.text === '(' || tokens[k - 1]?.text.toUpperCase() === 'CALL';
    if (isCall && tokens[k - 1]?.text !== '.') calls.set(key(n), n);
    if (qualified) k += 2;
  }
  return { names: [...names.values()], calls: [...calls.values()] };
}

/** What makes a routine or trigger body unsafe to run even inside a rolled-back transaction. */
const UNBOUNDED_WORDS = new Set(['COMMIT', 'ROLLBACK', 'PREPARE', 'EXECUTE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'RENAME', 'GRANT', 'REVOKE',
  'LOCK', 'UNLOCK', 'FLUSH', 'KILL', 'SHUTDOWN', 'GLOBAL', 'PERSIST', 'XA', 'HANDLER', 'OUTFILE', 'DUMPFILE', 'LOAD', 'SAVEPOINT', 'INSTALL', 'UNINSTALL', 'PURGE', 'RESET']);
const DATA_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE']);

export interface BodyHazards {
  /** Changes data (DML): fine inside a rollback on transactional tables, never in a read. */
  writes: string[];
  /** Effects no rollback bounds: commits, DDL, dynamic SQL, global state, files, locks. */
  unbounded: string[];
}

export function bodyHazards(body: string): BodyHazards {
  const tokens = codeTokens(body);
  const writes = new Set<string>();
  const unbounded = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    const up = t.text.toUpperCase();
    if (tokens[k - 1]?.text === '.') continue;
    if (DATA_WORDS.has(up)) writes.add(up);
    else if (UNBOUNDED_WORDS.has(up)) unbounded.add(up);
    else if (SIDE_EFFECT_FUNCTIONS.has(up) && tokens[k + 1]?.text === '(') unbounded.add(`${up}()`);
    else if (up === 'NEXT' && tokens[k + 1]?.text.toUpperCase() === 'VALUE') unbounded.add('NEXT VALUE FOR');
  }
  return { writes: [...writes], unbounded: [...unbounded] };
}
