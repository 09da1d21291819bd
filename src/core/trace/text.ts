/**
 * From saved or fetched trace text to a JSON value. The servers print JSON with extras that
 * JSON.parse refuses: MySQL's end markers (`} /* steps *\/`), MariaDB's `\0` escapes inside
 * range strings, and, past optimizer_trace_max_mem_size, a document cut anywhere. The common
 * forms take one native pass; the rest the careful one (repair.ts); then the native parser.
 */

import { TraceError } from './error';
import { repair, tryParse } from './repair';

export { TraceError };

export interface TraceText {
  json: unknown;
  /** The text ended inside the document (it was cut). */
  cut: boolean;
  missingBytes?: number;
  query?: string;
}

/** Reads a raw trace, a `\G` or tab-separated row of information_schema.OPTIMIZER_TRACE, or either with `#` header lines. */
export function parseTraceText(input: string): TraceText {
  if (typeof input !== 'string') throw new TraceError('The trace is not text.');
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const start = text.indexOf('{');
  if (start < 0) throw new TraceError('No optimizer trace found: the text holds no JSON object.');
  // Before the trace: our fixtures' # lines, or the \G row's QUERY; after it, the \G row's MISSING_BYTES.
  const head = text.slice(0, start);
  const queryLine = /^\s*QUERY:\s*(.*)$/m.exec(head) ?? /^#\s*query:\s*(.*)$/im.exec(head);
  let missing = /^#\s*missing_bytes_beyond_max_mem_size:\s*(\d+)/im.exec(head);
  let end = text.length;
  const at = text.lastIndexOf('MISSING_BYTES_BEYOND_MAX_MEM_SIZE');
  if (at > start) {
    const m = /^MISSING_BYTES_BEYOND_MAX_MEM_SIZE\s*[:=]\s*(\d+)/.exec(text.slice(at, at + 80));
    if (m) {
      missing = m;
      end = text.lastIndexOf('\n', at);
    }
  }
  text = text.slice(start, end > start ? end : text.length);
  // A --batch row: one line, newlines escaped, columns split by tabs.
  if (!text.trimEnd().includes('\n') && /\\n/.test(text)) text = unescapeBatch(text.split('\t')[0]);
  const quickOut = quick(text);
  const out: TraceText = quickOut ?? repair(text);
  if (missing) out.missingBytes = Number(missing[1]);
  if (queryLine) out.query = queryLine[1].trim();
  if (!out.json || typeof out.json !== 'object' || Array.isArray(out.json)) throw new TraceError('The optimizer trace is not a JSON object.');
  return out;
}

/**
 * The common forms in one native pass each: MySQL's end markers (always right after a closer)
 * and MariaDB's \0 padding (dropped: it is padding). Anything else, or a cut document, goes
 * through the careful pass.
 */
function quick(text: string): TraceText | undefined {
  let t = text;
  const markers = t.includes('*/');
  const nul = t.includes('\\0');
  if (nul && t.includes('\\\\0')) return undefined; // an escaped backslash before a 0: let the careful pass decide
  if (markers || nul) t = t.replace(/(?<=[}\]])[ \t]*\/\*[^*\n"]*\*\/|(?:\\0)+/g, '');
  const json = tryParse(t);
  return json === undefined ? undefined : { json, cut: false };
}

function unescapeBatch(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === '0' ? '\\0' : c === '\\' ? '\\' : c));
}
