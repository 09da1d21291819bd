/**
 * The careful pass over trace text JSON.parse refuses: comments out, escapes JSON has no name
 * for fixed, and a cut document closed at its last complete value. One scan; the text is
 * copied in slices between the places it changes.
 */
import { TraceError } from './error';
import type { TraceText } from './text';

const MAX_DEPTH = 512;

const enum S {
  Value,
  Key,
  Colon,
  Comma,
}

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const SPECIAL = /["\\\u0000-\u001f]/g;
const BLANK = /[ \n\r\t]+/y;
const WORD = /[-+0-9.eEa-zA-Z]+/y;

export function repair(src: string): TraceText {
  return new Repair(src).run();
}

class Repair {
  private readonly parts: string[] = [];
  /** Start of the source slice not yet copied. */
  private from = 0;
  private outLen = 0;
  private readonly stack: Array<'{' | '['> = [];
  private readonly state: S[] = [];
  /** Output length at the last point where closing the open brackets gives valid JSON. */
  private safeLen = -1;
  private safeDepth = 0;
  private done = false;
  private i = 0;
  private readonly n: number;

  constructor(private readonly src: string) {
    this.n = src.length;
  }

  run(): TraceText {
    while (this.i < this.n && !this.done) this.step(this.src.charCodeAt(this.i));
    return this.finish();
  }

  private step(c: number): void {
    if (c === 0x22 /* " */) this.string();
    else if (c === 0x2f /* / */ && this.src.charCodeAt(this.i + 1) === 0x2a /* * */) this.comment();
    else if (c === 0x7b || c === 0x5b) this.open(c);
    else if (c === 0x7d || c === 0x5d) this.close(c);
    else if (c === 0x2c /* , */) this.punct(S.Comma, ',', this.top() === '{' ? S.Key : S.Value);
    else if (c === 0x3a /* : */) this.punct(S.Colon, ':', S.Value);
    else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      BLANK.lastIndex = this.i;
      BLANK.test(this.src);
      this.i = BLANK.lastIndex;
    } else this.word();
  }

  private top(): '{' | '[' | undefined {
    return this.stack[this.stack.length - 1];
  }

  private emit(upTo: number, extra?: string): void {
    if (upTo > this.from) {
      this.parts.push(this.src.slice(this.from, upTo));
      this.outLen += upTo - this.from;
    }
    if (extra !== undefined) {
      this.parts.push(extra);
      this.outLen += extra.length;
    }
  }

  private mark(): void {
    this.safeLen = this.outLen + (this.i - this.from);
    this.safeDepth = this.stack.length;
  }

  private expectValue(): void {
    if (this.stack.length === 0) return;
    if (this.state[this.state.length - 1] !== S.Value) throw new TraceError(`Unexpected value at offset ${this.i}.`);
  }

  private valueDone(): void {
    if (this.stack.length === 0) this.done = true;
    else this.state[this.state.length - 1] = S.Comma;
    this.mark();
  }

  private string(): void {
    const isKey = this.top() === '{' && this.state[this.state.length - 1] === S.Key;
    const end = this.stringEnd(this.i + 1);
    if (end < 0) {
      this.i = this.n; // cut inside the string
      return;
    }
    this.i = end + 1;
    if (isKey) {
      this.state[this.state.length - 1] = S.Colon;
      return;
    }
    this.expectValue();
    this.valueDone();
  }

  /** The closing quote of the string whose text starts at `j` (-1: cut), fixing what JSON refuses on the way. */
  private stringEnd(j: number): number {
    const src = this.src;
    for (;;) {
      // Jump to the next quote, backslash or control character (native search, not a char loop).
      SPECIAL.lastIndex = j;
      const m = SPECIAL.exec(src);
      if (!m) return -1;
      j = m.index;
      const d = src.charCodeAt(j);
      if (d === 0x22) return j;
      if (d === 0x5c /* \ */) {
        const e = src.charAt(j + 1);
        if (e === '') return -1;
        if ('"\\/bfnrt'.includes(e)) j += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) j += 6;
        else {
          // \0 and other escapes JSON has no name for.
          this.emit(j, e === '0' ? '\\u0000' : '\\\\');
          this.from = e === '0' ? j + 2 : j + 1;
          j = this.from;
        }
        continue;
      }
      this.emit(j, `\\u${d.toString(16).padStart(4, '0')}`);
      this.from = j + 1;
      j++;
    }
  }

  private comment(): void {
    const close = this.src.indexOf('*/', this.i + 2);
    this.emit(this.i);
    this.from = close < 0 ? this.n : close + 2;
    this.i = this.from;
  }

  private open(c: number): void {
    this.expectValue();
    if (this.stack.length >= MAX_DEPTH) throw new TraceError(`The trace nests deeper than ${MAX_DEPTH} levels.`);
    this.stack.push(c === 0x7b ? '{' : '[');
    this.state.push(c === 0x7b ? S.Key : S.Value);
    this.i++;
    this.mark();
  }

  private close(c: number): void {
    if (this.top() !== (c === 0x7d ? '{' : '[')) throw new TraceError(`Unexpected "${String.fromCharCode(c)}" at offset ${this.i}.`);
    // A trailing comma before the closer is dropped.
    this.stack.pop();
    this.state.pop();
    this.i++;
    this.valueDone();
  }

  /** A `,` or `:`, which must come where `want` is expected; then `next`. */
  private punct(want: S, char: string, next: S): void {
    if (this.state[this.state.length - 1] !== want) throw new TraceError(`Unexpected "${char}" at offset ${this.i}.`);
    this.state[this.state.length - 1] = next;
    this.i++;
  }

  /** A number or a literal. */
  private word(): void {
    const { src, i, n } = this;
    WORD.lastIndex = i;
    const j = WORD.test(src) ? WORD.lastIndex : i;
    if (j === i) throw new TraceError(`Unexpected character ${JSON.stringify(src.charAt(i))} at offset ${i}.`);
    const word = src.slice(i, j);
    const open = this.stack.length > 0;
    // Cut inside a number or literal (at the end, or followed by blanks only): drop it.
    if (open && (j === n || (/^\s*$/.test(src.slice(j)) && /^(t(r(ue?)?)?|f(a(l(se?)?)?)?|n(u(ll?)?)?|-?[\d.eE+-]*)$/.test(word)))) {
      this.i = n;
      return;
    }
    if (!/^(true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(word)) throw new TraceError(`Unexpected ${JSON.stringify(word.slice(0, 20))} at offset ${i}.`);
    this.expectValue();
    this.i = j;
    this.valueDone();
  }

  private finish(): TraceText {
    const cut = this.stack.length > 0 || !this.done;
    this.emit(this.i);
    let body = this.parts.join('');
    if (cut) {
      if (this.safeLen < 0) throw new TraceError('The trace is cut before its first value.');
      body = body.slice(0, this.safeLen).replace(/[\s,]+$/, '');
      for (let k = this.safeDepth - 1; k >= 0; k--) body += this.stack[k] === '{' ? '}' : ']';
    }
    // Trailing commas (never printed by the servers, common in hand edits).
    const json = tryParse(body) ?? tryParse(body.replace(/,(\s*[}\]])/g, '$1'));
    if (json === undefined) throw new TraceError('The optimizer trace is not valid JSON, even after removing comments and closing what was cut.');
    return { json, cut };
  }
}

export function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
