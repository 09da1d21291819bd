/**
 * From saved or fetched trace text to a JSON value. The servers print JSON with extras that
 * JSON.parse refuses: MySQL's end markers (`} /* steps *\/`), MariaDB's `\0` escapes inside
 * range strings, and, past optimizer_trace_max_mem_size, a document cut anywhere. One pass
 * drops comments, repairs escapes and closes what was left open; then the native parser.
 */

export class TraceError extends Error {}

export interface TraceText {
  json: unknown;
  /** The text ended inside the document (it was cut). */
  cut: boolean;
  missingBytes?: number;
  query?: string;
}

const MAX_DEPTH = 512;

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

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function unescapeBatch(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === '0' ? '\\0' : c === '\\' ? '\\' : c));
}

const enum S { Value, Key, Colon, Comma }

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const SPECIAL = /["\\\u0000-\u001f]/g;
const BLANK = /[ \n\r\t]+/y;
const WORD = /[-+0-9.eEa-zA-Z]+/y;

/** The one pass: comments out, escapes fixed, a cut document closed at its last complete value. */
function repair(src: string): TraceText {
  const parts: string[] = [];
  let from = 0; // start of the source slice not yet copied
  let outLen = 0;
  const emit = (upTo: number, extra?: string) => {
    if (upTo > from) {
      parts.push(src.slice(from, upTo));
      outLen += upTo - from;
    }
    if (extra !== undefined) {
      parts.push(extra);
      outLen += extra.length;
    }
  };
  const stack: Array<'{' | '['> = [];
  const state: S[] = [];
  let safeLen = -1; // output length at the last point where closing brackets gives valid JSON
  let safeDepth = 0;
  let done = false;
  const n = src.length;
  let i = 0;
  const mark = () => {
    safeLen = outLen + (i - from);
    safeDepth = stack.length;
  };
  const valueDone = () => {
    if (stack.length === 0) done = true;
    else state[state.length - 1] = S.Comma;
  };
  while (i < n && !done) {
    const c = src.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const isKey = stack.length > 0 && stack[stack.length - 1] === '{' && state[state.length - 1] === S.Key;
      let j = i + 1;
      let closed = false;
      for (;;) {
        // Jump to the next quote, backslash or control character (native search, not a char loop).
        SPECIAL.lastIndex = j;
        const m = SPECIAL.exec(src);
        if (!m) break;
        j = m.index;
        const d = src.charCodeAt(j);
        if (d === 0x22) {
          closed = true;
          break;
        }
        if (d === 0x5c /* \ */) {
          const e = src.charAt(j + 1);
          if (e === '') break;
          if ('"\\/bfnrt'.includes(e)) j += 2;
          else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) j += 6;
          else {
            // \0 and other escapes JSON has no name for.
            emit(j, e === '0' ? '\\u0000' : '\\\\');
            from = e === '0' ? j + 2 : j + 1;
            j = from;
          }
          continue;
        }
        emit(j, `\\u${d.toString(16).padStart(4, '0')}`);
        from = j + 1;
        j++;
      }
      if (!closed) {
        i = n;
        break;
      }
      i = j + 1;
      if (isKey) state[state.length - 1] = S.Colon;
      else {
        expectValue(stack, state, i);
        valueDone();
        mark();
      }
      continue;
    }
    if (c === 0x2f /* / */ && src.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = src.indexOf('*/', i + 2);
      emit(i);
      from = close < 0 ? n : close + 2;
      i = from;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      expectValue(stack, state, i);
      if (stack.length >= MAX_DEPTH) throw new TraceError(`The trace nests deeper than ${MAX_DEPTH} levels.`);
      stack.push(c === 0x7b ? '{' : '[');
      state.push(c === 0x7b ? S.Key : S.Value);
      i++;
      mark();
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      const want = c === 0x7d ? '{' : '[';
      if (stack[stack.length - 1] !== want) throw new TraceError(`Unexpected "${String.fromCharCode(c)}" at offset ${i}.`);
      // A trailing comma before the closer is dropped.
      stack.pop();
      state.pop();
      i++;
      valueDone();
      mark();
      continue;
    }
    if (c === 0x2c /* , */) {
      if (state[state.length - 1] !== S.Comma) throw new TraceError(`Unexpected "," at offset ${i}.`);
      state[state.length - 1] = stack[stack.length - 1] === '{' ? S.Key : S.Value;
      i++;
      continue;
    }
    if (c === 0x3a /* : */) {
      if (state[state.length - 1] !== S.Colon) throw new TraceError(`Unexpected ":" at offset ${i}.`);
      state[state.length - 1] = S.Value;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      BLANK.lastIndex = i;
      BLANK.test(src);
      i = BLANK.lastIndex;
      continue;
    }
    // A number or a literal.
    WORD.lastIndex = i;
    const j = WORD.test(src) ? WORD.lastIndex : i;
    if (j === i) throw new TraceError(`Unexpected character ${JSON.stringify(src.charAt(i))} at offset ${i}.`);
    const word = src.slice(i, j);
    if (j === n && stack.length > 0) {
      i = n; // cut inside a number or literal: drop it
      break;
    }
    if (stack.length > 0 && /^\s*$/.test(src.slice(j)) && /^(t(r(ue?)?)?|f(a(l(se?)?)?)?|n(u(ll?)?)?|-?[\d.eE+-]*)$/.test(word)) {
      i = n; // cut inside a literal, then only blanks
      break;
    }
    if (!/^(true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(word)) throw new TraceError(`Unexpected ${JSON.stringify(word.slice(0, 20))} at offset ${i}.`);
    expectValue(stack, state, i);
    i = j;
    valueDone();
    mark();
  }
  const cut = stack.length > 0 || !done;
  let body: string;
  if (!cut) {
    emit(i);
    body = parts.join('');
  } else {
    if (safeLen < 0) throw new TraceError('The trace is cut before its first value.');
    emit(i);
    body = parts.join('').slice(0, safeLen);
    body = body.replace(/[\s,]+$/, '');
    for (let k = safeDepth - 1; k >= 0; k--) body += stack[k] === '{' ? '}' : ']';
  }
  // Trailing commas (never printed by the servers, common in hand edits).
  const json = tryParse(body) ?? tryParse(body.replace(/,(\s*[}\]])/g, '$1'));
  if (json === undefined) throw new TraceError('The optimizer trace is not valid JSON, even after removing comments and closing what was cut.');
  return { json, cut };
}

function expectValue(stack: string[], state: S[], at: number): void {
  if (stack.length === 0) return;
  if (state[state.length - 1] !== S.Value) throw new TraceError(`Unexpected value at offset ${at}.`);
}
