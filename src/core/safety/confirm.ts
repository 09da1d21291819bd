// The server's own word on what a statement is, from its EXPLAIN, compared with the reader's.
// Measured on MariaDB 10.11: in a read-only session EXPLAIN of anything that writes (a DML
// statement, FOR UPDATE, a stored function that writes) fails with error 1792, before any
// of it is evaluated; the JSON plan marks single-table writes with "delete": 1 / "update": 1.
// MySQL marks them in the JSON ("delete": true …) and in the classic select_type.
import type { Classification } from '../sql/classify';

/** ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION */
export const ER_READ_ONLY_TRANSACTION = 1792;

const WRITE_NODES = ['delete', 'update', 'insert', 'replace'];
const WRITE_SELECT_TYPES = new Set(['DELETE', 'UPDATE', 'INSERT', 'REPLACE']);

/** A write node of the plan the server printed, if it shows one. */
export function writeNodeOf(json: string | undefined, classic: Array<Record<string, unknown>> | undefined): string | undefined {
  for (const r of classic ?? []) {
    const t = String(r.select_type ?? '').toUpperCase();
    if (WRITE_SELECT_TYPES.has(t)) return `select_type ${t}`;
  }
  if (!json) return undefined;
  let found: string | undefined;
  const walk = (v: unknown, depth: number): void => {
    if (found || depth > 200 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (WRITE_NODES.includes(k) && (x === true || x === 1)) {
        found = `"${k}" node`;
        return;
      }
      walk(x, depth + 1);
    }
  };
  try {
    walk(JSON.parse(json.replace(/\/\*[^]*?\*\//g, '')), 0);
  } catch {
    // not JSON: nothing to say
  }
  return found;
}

/** Classic EXPLAIN rows that are a plan (DESCRIBE of a table has Field/Type columns instead). */
export function looksLikePlan(rows: Array<Record<string, unknown>> | undefined): boolean {
  return !rows || rows.length === 0 || 'select_type' in rows[0];
}

export interface ExplainOutcome {
  /** The server's error number when EXPLAIN failed. */
  errno?: number;
  json?: string;
  classic?: Array<Record<string, unknown>>;
}

/**
 * Disagreement between the reader and the server's EXPLAIN in the read-only session, as a
 * reason for the report; undefined when they agree (or the server said nothing either way).
 */
export function disagreement(cls: Classification, ro: ExplainOutcome): string | undefined {
  const node = writeNodeOf(ro.json, ro.classic);
  if (cls.kind === 'read') {
    if (ro.errno === ER_READ_ONLY_TRANSACTION && !cls.locking)
      return `The server refuses this statement in a read-only session (error ${ER_READ_ONLY_TRANSACTION}): it writes, although it reads as ${cls.verb} here. Nothing was run.`;
    if (node) return `The server's EXPLAIN shows a write (${node}) for what reads as ${cls.verb} here; nothing was run.`;
    if (!looksLikePlan(ro.classic)) return "The server's EXPLAIN did not answer with a query plan; nothing was run.";
    return undefined;
  }
  // MariaDB refuses EXPLAIN of every write in a read-only session, MySQL shows its write node: a bare plan is a read.
  if (cls.kind === 'write' && ro.errno === undefined && ro.classic !== undefined && !node) {
    return `The server explains this statement in a read-only session as a read, although it reads as ${cls.verb} here; it is explained, not executed.`;
  }
  return undefined;
}
