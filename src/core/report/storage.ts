// Reports kept in editor state (the run history, the report panel across a window reload):
// raw server outputs dropped, huge statements cut, and the whole kept under a byte budget.
import type { Report } from './model';

/** Longest statement text kept with a stored report; the rest is cut with a note. */
export const MAX_STORED_STATEMENT = 64 * 1024;

/** The report without raw outputs (the parsed plans stay), and with a long statement cut. */
export function trimForStorage(report: Report): Report {
  const slim: Report = { ...report, raw: {} };
  if (report.statement.length > MAX_STORED_STATEMENT) {
    slim.statement = `${report.statement.slice(0, MAX_STORED_STATEMENT)}\n-- … (${report.statement.length - MAX_STORED_STATEMENT} more characters not kept)`;
  }
  return slim;
}

/** The newest entries that fit in `maxEntries` and `maxBytes` (as JSON); always at least the newest one. */
export function boundEntries<T>(entries: readonly T[], maxEntries: number, maxBytes: number): T[] {
  const out: T[] = [];
  let bytes = 0;
  for (const e of entries.slice(0, maxEntries)) {
    const size = Buffer.byteLength(JSON.stringify(e));
    if (out.length > 0 && bytes + size > maxBytes) break;
    out.push(e);
    bytes += size;
  }
  return out;
}
