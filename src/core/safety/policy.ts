import type { Classification } from '../sql/classify';
import type { Facts, TableFact } from './inspect';

/** Engines whose changes ROLLBACK undoes. Aria, MyISAM, MEMORY, CSV, ARCHIVE… are not. */
const TRANSACTIONAL = new Set(['INNODB', 'ROCKSDB', 'TOKUDB', 'NDBCLUSTER', 'NDB']);

export interface SafetyOptions {
  /** "Profile writes": run INSERT/UPDATE/DELETE/REPLACE and locking reads inside START TRANSACTION … ROLLBACK. */
  allowWrites?: boolean;
}

export type RunMode = 'no' | 'plain' | 'rollback';

export interface Decision {
  /** EXPLAIN may be sent (it never executes, but it may evaluate constant stored functions). */
  explain: boolean;
  run: RunMode;
  /** Why it is not run, when it is not. */
  reason?: string;
  notes: string[];
}

const name = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

function nonTransactional(t: TableFact): string | undefined {
  if (t.type === 'VIEW') return undefined; // its base tables are listed on their own
  if (t.type !== 'BASE TABLE' && t.type !== 'TEMPORARY') return `${name(t)} is a ${t.type.toLowerCase()}`;
  if (!t.engine || !TRANSACTIONAL.has(t.engine.toUpperCase()))
    return `${name(t)} (${t.engine ?? 'unknown engine'}${t.via === 'the statement' ? '' : `, reached through ${t.via}`}) is not transactional`;
  return undefined;
}

/** What may be sent to the server for this statement. Pure: every input is in the arguments. */
export function decide(cls: Classification, facts: Facts | undefined, opts: SafetyOptions = {}): Decision {
  const notes: string[] = [];
  if (cls.kind !== 'read' && cls.kind !== 'write') return { explain: cls.explainable, run: 'no', reason: cls.reason ?? 'Not executed.', notes };
  if (!facts) return { explain: false, run: 'no', reason: 'What the statement touches could not be inspected; nothing is run.', notes };
  // A routine that may change data is not even EXPLAINed: the optimizer may evaluate constant calls.
  const refused = routineRefusal(facts);
  if (refused) return { explain: false, run: 'no', reason: refused, notes };
  const explainOnly = explainOnlyReason(cls, facts);
  if (explainOnly) return { explain: true, run: 'no', reason: explainOnly, notes };
  return cls.kind === 'read' ? decideRead(cls, opts, notes) : decideWrite(cls, facts, opts, notes);
}

/** Why nothing at all may be sent: a routine that may write, or that cannot be read. */
function routineRefusal(facts: Facts): string | undefined {
  for (const r of facts.routines) {
    const what = `${r.type.toLowerCase()} ${name(r)}${r.via === 'the statement' ? '' : ` (through ${r.via})`}`;
    if (r.opaque) return `It calls ${what}, whose definition is not visible to this user; nothing is run.`;
    if (r.hazards.unbounded.length > 0) return `It calls ${what}, which uses ${r.hazards.unbounded.join(', ')}; nothing is run.`;
    if (r.type === 'PROCEDURE') return `It reaches ${what}; procedures are never run.`;
    if (r.dataAccess === 'MODIFIES SQL DATA' || r.hazards.writes.length > 0) return `It calls ${what}, which may change data; nothing is run.`;
  }
  return undefined;
}

/** Why the statement may be explained but not run: calls, triggers and inspection problems. */
function explainOnlyReason(cls: Classification, facts: Facts): string | undefined {
  const call = callProblem(cls, facts);
  if (call) return call;
  for (const t of facts.triggers) {
    if (t.hazards.unbounded.length > 0) return `Trigger ${t.schema}.${t.name} on ${t.table} uses ${t.hazards.unbounded.join(', ')}; EXPLAIN only.`;
  }
  if (facts.problems.length > 0) return `${facts.problems[0]} EXPLAIN only.`;
  const nondet = facts.routines.find((r) => !r.deterministic);
  if (nondet) return `It calls ${nondet.type.toLowerCase()} ${name(nondet)}, which is not DETERMINISTIC; EXPLAIN only.`;
  return undefined;
}

function decideRead(cls: Classification, opts: SafetyOptions, notes: string[]): Decision {
  if (!cls.safeToExecute) return { explain: true, run: 'no', reason: cls.reason ?? 'Not executed.', notes };
  if (!cls.locking) return { explain: true, run: 'plain', notes };
  if (!opts.allowWrites) {
    const reason =
      'It takes row locks (FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE) that block other sessions; EXPLAIN only. Turn on "profile writes" to run it inside a rolled-back transaction.';
    return { explain: true, run: 'no', reason, notes };
  }
  notes.push('Run inside START TRANSACTION … ROLLBACK: its row locks were held only for the statement.');
  return { explain: true, run: 'rollback', notes };
}

function decideWrite(cls: Classification, facts: Facts, opts: SafetyOptions, notes: string[]): Decision {
  if (!cls.rollbackable) return { explain: cls.explainable, run: 'no', reason: cls.reason ?? 'Not executed.', notes };
  if (!opts.allowWrites) {
    const reason = `${cls.verb} changes data; it is explained, not executed. Turn on "profile writes" to run it inside a rolled-back transaction.`;
    return { explain: true, run: 'no', reason, notes };
  }
  const bad = facts.tables.map(nonTransactional).filter((x): x is string => x !== undefined);
  if (bad.length > 0)
    return { explain: true, run: 'no', reason: `${bad.join('; ')}: a rollback could not undo the change, so it is explained, not executed.`, notes };
  if (!facts.tables.some((t) => t.type === 'BASE TABLE' || t.type === 'TEMPORARY')) {
    return { explain: true, run: 'no', reason: 'The tables it writes could not be identified; it is explained, not executed.', notes };
  }
  const written = facts.tables
    .filter((t) => t.type !== 'VIEW')
    .map(name)
    .join(', ');
  notes.push(
    `Executed inside START TRANSACTION … ROLLBACK on ${written} (all transactional): nothing was committed. Its row locks were held until the rollback; AUTO_INCREMENT counters are not rolled back.`,
  );
  return { explain: true, run: 'rollback', notes };
}

/**
 * A call the reader cannot vouch for: a loadable (UDF) function, or a name that is neither
 * built in nor a stored function this user can read. The server resolves an unqualified
 * name as built-in, then loadable, then stored, so a stored function only counts when no
 * loadable one can hide behind its name.
 */
function callProblem(cls: Classification, facts: Facts): string | undefined {
  for (const c of cls.calls) {
    const shown = `${c.schema ? `${c.schema}.` : ''}${c.name}()`;
    const lower = c.name.toLowerCase();
    if (c.schema === undefined && facts.udfs?.includes(lower))
      return `It calls ${shown}, a loadable (UDF) function: native code the server cannot keep read-only; EXPLAIN only.`;
    const schema = c.schema ?? facts.defaultSchema;
    const stored = facts.routines.find(
      (r) => r.type === 'FUNCTION' && r.name.toLowerCase() === lower && r.schema.toLowerCase() === (schema ?? '').toLowerCase(),
    );
    if (!stored) return `It calls ${shown}, which is neither a built-in function nor a stored function this user can read; EXPLAIN only.`;
    if (c.schema === undefined && facts.udfs == null) {
      return `It calls ${shown}; loadable (UDF) functions cannot be listed with this user's privileges (SELECT on mysql.func or performance_schema.user_defined_functions), and one of that name would run instead of the stored function; EXPLAIN only. Write it qualified (${schema ?? 'db'}.${c.name}()) to call the stored function.`;
    }
  }
  return undefined;
}
