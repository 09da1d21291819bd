// The baseline file of `mqt check`: per statement its file, position, fingerprint and
// normalised plan. Written the same way every time (sorted, no timestamps, one table per
// line) so that a re-run on an unchanged schema rewrites it byte for byte, and a change
// reads as a small diff.
import type { NormalPlan, NormalTable } from './normalize';

export const BASELINE_FORMAT = 'mqt-check-baseline';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** The SQL file, relative to the baseline file's folder, with `/` separators. */
  file: string;
  /** 1-based position of the statement among the file's statements. */
  position: number;
  /** Short hash of the fingerprint. */
  id: string;
  fingerprint: string;
  /** null when the statement was not explained (the reason says why). */
  plan: NormalPlan | null;
  notExplained?: string;
}

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  version: number;
  /** Flavor and major.minor of the server the plans came from, e.g. "MariaDB 10.11". */
  server: string;
  statements: BaselineEntry[];
}

export class BaselineError extends Error {}

export function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.position - b.position));
}

/** The file's text: stable key order, sorted entries, flat objects (a plan's tables) on one line. */
export function serializeBaseline(b: Baseline): string {
  const ordered = {
    format: BASELINE_FORMAT,
    version: b.version,
    server: b.server,
    statements: sortEntries(b.statements).map((e) => ({
      file: e.file,
      position: e.position,
      id: e.id,
      fingerprint: e.fingerprint,
      plan: e.plan && {
        tables: e.plan.tables.map((t) => ({ table: t.table, access: t.access, key: t.key, rows: t.rows })),
        filesort: e.plan.filesort,
        temporary: e.plan.temporary,
        cost: e.plan.cost,
        costBasis: e.plan.costBasis,
      },
      ...(e.notExplained !== undefined ? { notExplained: e.notExplained } : {}),
    })),
  };
  // JSON strings hold no raw newlines, so this only joins the lines of objects without nested objects or arrays.
  const text = JSON.stringify(ordered, null, 2).replace(
    /\{\n\s+([^{}[\]\n]+(?:\n\s+[^{}[\]\n]+)*)\n\s*\}/g,
    (_m, body: string) => `{ ${body.replace(/,\n\s+/g, ', ')} }`,
  );
  return text + '\n';
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

function readTable(v: unknown, where: string): NormalTable {
  if (!isObj(v) || typeof v.table !== 'string' || typeof v.access !== 'string' || !(v.key === null || typeof v.key === 'string') || !numOrNull(v.rows)) {
    throw new BaselineError(`${where}: a table needs "table", "access", "key" (string or null) and "rows" (number or null)`);
  }
  return { table: v.table, access: v.access, key: v.key, rows: v.rows };
}

function readPlan(v: unknown, where: string): NormalPlan | null {
  if (v === null) return null;
  if (
    !isObj(v) ||
    !Array.isArray(v.tables) ||
    typeof v.filesort !== 'boolean' ||
    typeof v.temporary !== 'boolean' ||
    !numOrNull(v.cost) ||
    (v.costBasis !== 'server' && v.costBasis !== 'rows')
  ) {
    throw new BaselineError(`${where}: "plan" needs "tables", "filesort", "temporary", "cost" and "costBasis" ("server" or "rows")`);
  }
  return {
    tables: v.tables.map((t, i) => readTable(t, `${where}, table ${i + 1}`)),
    filesort: v.filesort,
    temporary: v.temporary,
    cost: v.cost,
    costBasis: v.costBasis,
  };
}

/** Read and check a baseline file's text; a clear error names what is wrong and where. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`not JSON: ${(e as Error).message}`);
  }
  if (!isObj(data) || data.format !== BASELINE_FORMAT) throw new BaselineError(`not an mqt check baseline (no "format": "${BASELINE_FORMAT}")`);
  if (data.version !== BASELINE_VERSION)
    throw new BaselineError(
      `baseline version ${String(data.version)} is not supported (this mqt writes version ${BASELINE_VERSION}); rebuild it with --update`,
    );
  if (!Array.isArray(data.statements)) throw new BaselineError('"statements" must be an array');
  const statements = data.statements.map((s, i): BaselineEntry => {
    const where = `statement ${i + 1}`;
    if (!isObj(s) || typeof s.file !== 'string' || !Number.isInteger(s.position) || typeof s.fingerprint !== 'string' || typeof s.id !== 'string') {
      throw new BaselineError(`${where}: needs "file", "position" (a whole number), "id" and "fingerprint"`);
    }
    return {
      file: s.file,
      position: s.position as number,
      id: s.id,
      fingerprint: s.fingerprint,
      plan: readPlan(s.plan, where),
      ...(typeof s.notExplained === 'string' ? { notExplained: s.notExplained } : {}),
    };
  });
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, server: typeof data.server === 'string' ? data.server : '', statements };
}
