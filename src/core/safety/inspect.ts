import type { RoutineCall } from '../sql/calls';
import type { SqlDialect } from '../sql/dialect';
import { bodyHazards, references, type BodyHazards, type Name } from './references';

/** Runs one read-only catalogue query (information_schema) and returns its rows. */
export type CatalogQuery = (sql: string, values: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface TableFact {
  schema: string;
  name: string;
  /** BASE TABLE, VIEW, SYSTEM VIEW, SEQUENCE, TEMPORARY … */
  type: string;
  engine: string | null;
  /** How the statement reaches it: "the statement", "trigger s.t on s.x", "ON DELETE CASCADE from s.x", … */
  via: string;
}

export interface RoutineFact {
  schema: string;
  name: string;
  type: string;
  deterministic: boolean;
  /** Declared CONTAINS SQL / NO SQL / READS SQL DATA / MODIFIES SQL DATA. */
  dataAccess: string;
  /** No definition visible (privileges): nothing can be said about it. */
  opaque: boolean;
  hazards: BodyHazards;
  via: string;
}

export interface TriggerFact {
  schema: string;
  name: string;
  table: string;
  hazards: BodyHazards;
}

export interface Facts {
  defaultSchema: string | null;
  tables: TableFact[];
  routines: RoutineFact[];
  triggers: TriggerFact[];
  /** Things that could not be inspected; each one blocks execution. */
  problems: string[];
  /**
   * Loadable (UDF) function names, lower case, when the statement makes an unqualified call;
   * null when this user cannot list them (mysql.func, performance_schema.user_defined_functions).
   */
  udfs?: string[] | null;
}

/** Follow triggers and FK cascades (needed before a write runs). */
export interface InspectOptions {
  writeClosure: boolean;
  /** How the server reads the statement (its bodies are read without one: over-approximated). */
  dialect?: SqlDialect;
  /** The statement's calls to non-built-in functions (see sql/calls). */
  calls?: RoutineCall[];
  /** DATABASE() when the session knows it already (one round trip less). */
  defaultSchema?: string | null;
}

const MAX_OBJECTS = 300;
const MAX_NAMES = 4000;
const CHUNK = 400;

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const id = (schema: string, name: string) => `${schema}.${name}`;

interface Body {
  text: string;
  schema: string | null;
  via: string;
  write: boolean;
}

/**
 * What a statement touches, read from information_schema: its tables and views (with
 * engines), the stored routines it calls, and, for writes, the triggers and FK cascades
 * that fire, followed through view, routine and trigger bodies.
 */
export async function inspect(q: CatalogQuery, statement: string, opts: InspectOptions): Promise<Facts> {
  const db = opts.defaultSchema !== undefined ? { db: opts.defaultSchema } : (await q('SELECT DATABASE() AS db', []))[0];
  const facts: Facts = { defaultSchema: db?.db == null ? null : s(db.db), tables: [], routines: [], triggers: [], problems: [] };
  const seenTables = new Set<string>();
  const seenRoutines = new Set<string>();
  const queue: Body[] = [{ text: statement, schema: facts.defaultSchema, via: 'the statement', write: opts.writeClosure }];
  if (opts.calls?.some((c) => c.schema === undefined)) facts.udfs = await loadableFunctions(q, opts.dialect?.flavor ?? 'mariadb');

  const addTable = async (t: TableFact, write: boolean): Promise<void> => {
    const k = id(t.schema, t.name);
    if (seenTables.has(k)) return;
    seenTables.add(k);
    facts.tables.push(t);
    if (t.type === 'VIEW') {
      const [v] = await q('SELECT VIEW_DEFINITION AS d FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [t.schema, t.name]);
      if (!v || !s(v.d)) facts.problems.push(`The definition of view ${k} is not visible (SHOW VIEW privilege), so what it calls is unknown.`);
      else queue.push({ text: s(v.d), schema: t.schema, via: `view ${k}`, write });
      return;
    }
    if (!write || t.type !== 'BASE TABLE') return;
    const chain = t.via === 'the statement' ? '' : ` ← ${t.via}`;
    if (!(await triggersVisible(q, t.schema, t.name))) facts.problems.push(`Triggers on ${k} cannot be listed without the TRIGGER privilege.`);
    const triggers = await q('SELECT TRIGGER_SCHEMA AS s, TRIGGER_NAME AS n, ACTION_STATEMENT AS b FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ?', [t.schema, t.name]);
    for (const r of triggers) {
      const body = s(r.b);
      facts.triggers.push({ schema: s(r.s), name: s(r.n), table: k, hazards: bodyHazards(body) });
      queue.push({ text: body, schema: s(r.s), via: `trigger ${s(r.n)} on ${k}${chain}`, write: true });
    }
    // Children whose rows an ON DELETE/UPDATE CASCADE or SET NULL changes (RESTRICT children only block).
    const children = await q(
      `SELECT rc.CONSTRAINT_SCHEMA AS s, rc.TABLE_NAME AS n, rc.DELETE_RULE AS d, rc.UPDATE_RULE AS u, t.TABLE_TYPE AS ty, t.ENGINE AS e
         FROM information_schema.REFERENTIAL_CONSTRAINTS rc
         LEFT JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = rc.CONSTRAINT_SCHEMA AND t.TABLE_NAME = rc.TABLE_NAME
        WHERE rc.UNIQUE_CONSTRAINT_SCHEMA = ? AND rc.REFERENCED_TABLE_NAME = ?`, [t.schema, t.name]);
    for (const c of children) {
      const rules = [s(c.d) !== 'RESTRICT' && s(c.d) !== 'NO ACTION' ? `ON DELETE ${s(c.d)}` : '', s(c.u) !== 'RESTRICT' && s(c.u) !== 'NO ACTION' ? `ON UPDATE ${s(c.u)}` : ''].filter(Boolean);
      if (rules.length === 0) continue;
      await addTable({ schema: s(c.s), name: s(c.n), type: s(c.ty) || 'BASE TABLE', engine: c.e == null ? null : s(c.e), via: `${rules.join(', ')} from ${k}${chain}` }, true);
    }
  };

  while (queue.length > 0) {
    if (seenTables.size + seenRoutines.size > MAX_OBJECTS) {
      facts.problems.push(`More than ${MAX_OBJECTS} tables, views and routines are involved; they were not all inspected.`);
      break;
    }
    const body = queue.shift()!;
    const refs = references(body.text, body.via === 'the statement' ? opts.dialect : undefined);
    if (refs.names.length > MAX_NAMES) {
      facts.problems.push(`Too many names (${refs.names.length}) in ${body.via} to look them all up.`);
      continue;
    }
    for (const t of await lookupTables(q, refs.names, body.schema)) await addTable({ ...t, via: body.via }, body.write);
    for (const r of await lookupRoutines(q, refs.calls, body.schema)) {
      const k = id(r.schema, r.name);
      if (seenRoutines.has(k)) continue;
      seenRoutines.add(k);
      const fact: RoutineFact = { ...r, via: body.via };
      facts.routines.push(fact);
      if (!r.opaque) queue.push({ text: r.definition, schema: r.schema, via: `${r.type.toLowerCase()} ${k}`, write: body.write });
    }
  }
  return facts;
}

async function lookupTables(q: CatalogQuery, names: Name[], schema: string | null): Promise<Array<Omit<TableFact, 'via'>>> {
  const pairs = names.map((n) => [n.schema ?? schema, n.name] as const).filter((p): p is readonly [string, string] => p[0] !== null);
  const out: Array<Omit<TableFact, 'via'>> = [];
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    const rows = await q(
      `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n, TABLE_TYPE AS t, ENGINE AS e FROM information_schema.TABLES WHERE ${chunk.map(() => '(TABLE_SCHEMA = ? AND TABLE_NAME = ?)').join(' OR ')}`,
      chunk.flat());
    for (const r of rows) out.push({ schema: s(r.s), name: s(r.n), type: s(r.t), engine: r.e == null ? null : s(r.e) });
  }
  return out;
}

interface RoutineRow extends Omit<RoutineFact, 'via'> {
  definition: string;
}

async function lookupRoutines(q: CatalogQuery, calls: Name[], schema: string | null): Promise<RoutineRow[]> {
  const pairs = calls.map((n) => [n.schema ?? schema, n.name] as const).filter((p): p is readonly [string, string] => p[0] !== null);
  const out: RoutineRow[] = [];
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const chunk = pairs.slice(i, i + CHUNK);
    const rows = await q(
      `SELECT ROUTINE_SCHEMA AS s, ROUTINE_NAME AS n, ROUTINE_TYPE AS t, IS_DETERMINISTIC AS d, SQL_DATA_ACCESS AS a, ROUTINE_DEFINITION AS b
         FROM information_schema.ROUTINES WHERE ${chunk.map(() => '(ROUTINE_SCHEMA = ? AND ROUTINE_NAME = ?)').join(' OR ')}`,
      chunk.flat());
    for (const r of rows) {
      const definition = r.b == null ? '' : s(r.b);
      out.push({
        schema: s(r.s), name: s(r.n), type: s(r.t), deterministic: s(r.d) === 'YES', dataAccess: s(r.a),
        opaque: definition === '', hazards: bodyHazards(definition), definition,
      });
    }
  }
  return out;
}

/** The current user holds TRIGGER on the table (else information_schema.TRIGGERS silently hides its rows). */
async function triggersVisible(q: CatalogQuery, schema: string, table: string): Promise<boolean> {
  const [u] = await q('SELECT CURRENT_USER() AS u', []);
  const cu = s(u?.u);
  const at = cu.lastIndexOf('@');
  const grantee = `'${cu.slice(0, at)}'@'${cu.slice(at + 1)}'`;
  const rows = await q(
    `SELECT 1 AS x FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ? AND PRIVILEGE_TYPE = 'TRIGGER'
     UNION ALL SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ? AND PRIVILEGE_TYPE = 'TRIGGER' AND ? LIKE TABLE_SCHEMA
     UNION ALL SELECT 1 FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ? AND PRIVILEGE_TYPE = 'TRIGGER' AND TABLE_SCHEMA = ? AND TABLE_NAME = ?
     LIMIT 1`,
    [grantee, grantee, schema, grantee, schema, table]);
  return rows.length > 0;
}

/** Loadable (UDF) function names: they run as native code, and win over a stored function of the same name. */
async function loadableFunctions(q: CatalogQuery, flavor: 'mysql' | 'mariadb'): Promise<string[] | null> {
  try {
    const rows = await q(flavor === 'mariadb' ? 'SELECT name AS n FROM mysql.func' : 'SELECT UDF_NAME AS n FROM performance_schema.user_defined_functions', []);
    return rows.map((r) => s(r.n).toLowerCase());
  } catch (e) {
    if ((e as { errno?: number }).errno === undefined) throw e; // a lost connection, not a refusal
    return null;
  }
}
