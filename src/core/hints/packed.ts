// The hint worker's answer in a shape that costs the extension host almost nothing to receive
// and keep: numbers in typed arrays and every string in one pooled UTF-8 buffer, all transferred
// (not cloned). A document's 6,000 findings as objects were 60,000 small objects that the host
// deserialised in one task and then carried through every young-generation GC; here they are
// a few arrays. A finding becomes an object again only when a hover or a quick fix asks for it.
import type { DocumentHints, DocumentStatement } from './document';
import type { HintFinding, Severity } from './types';

/** Fields of one finding in `PackedHints.findings` (positions are VS Code's: line, UTF-16 column). */
export const F = {
  start: 0,
  end: 1,
  stmtStart: 2,
  stmtEnd: 3,
  line: 4,
  char: 5,
  endLine: 6,
  endChar: 7,
  /** The statement's start: findings of one statement stay together, in document order. */
  stmtLine: 8,
  stmtChar: 9,
  rule: 10,
  severity: 11,
  /** Index of the diagnostic's text (`title: message`, shared by equal findings) in the pool. */
  message: 12,
  size: 13,
} as const;

/** Fields of one statement in `PackedHints.statements`. */
export const S = { start: 0, end: 1, explainable: 2, line: 3, char: 4, endLine: 5, endChar: 6, size: 7 } as const;

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface PackedHints {
  findings: Int32Array;
  statements: Int32Array;
  rules: string[];
  /** Every string end to end, UTF-8: the distinct messages, then each finding as JSON (string `messages + i`). */
  pool: Uint8Array;
  /** Where each string of the pool ends (bytes). */
  poolEnds: Int32Array;
  messages: number;
}

/** Start offset of every line, with VS Code's line breaks (\r\n, \r, \n). */
export function lineStarts(text: string): Int32Array {
  const out: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    }
  }
  return Int32Array.from(out);
}

/**
 * What `TextDocument.positionAt` answers: the line holding `offset` and the column, clamped to
 * the line's text (an offset inside a line break is the end of that line).
 */
export function positionAt(text: string, starts: Int32Array, offset: number): [number, number] {
  const at = Math.max(0, Math.min(offset, text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  let lineEnd = lo + 1 < starts.length ? starts[lo + 1] - 1 : text.length;
  if (lo + 1 < starts.length && text.charCodeAt(lineEnd) === 10 && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  return [lo, Math.min(at, lineEnd) - starts[lo]];
}

/** In the worker: a document's hints for the host, positions included (the worker has the text). */
export function packHints(text: string, { hints, statements }: DocumentHints): PackedHints {
  const starts = lineStarts(text);
  // Written field by field: arrays spread per finding were most of a 7,000-finding pack.
  const put = (out: Int32Array, at: number, offset: number) => {
    const [line, char] = positionAt(text, starts, offset);
    out[at] = line;
    out[at + 1] = char;
  };
  const rules: string[] = [];
  const messageIndex = new Map<string, number>();
  const strings: string[] = [];
  const findings = new Int32Array(hints.length * F.size);
  hints.forEach((h, i) => {
    const message = `${h.title}: ${h.message}`;
    let m = messageIndex.get(message);
    if (m === undefined) messageIndex.set(message, (m = strings.push(message) - 1));
    let rule = rules.indexOf(h.rule);
    if (rule < 0) rule = rules.push(h.rule) - 1;
    const at = i * F.size;
    findings[at + F.start] = h.range.start;
    findings[at + F.end] = h.range.end;
    findings[at + F.stmtStart] = h.statement.start;
    findings[at + F.stmtEnd] = h.statement.end;
    put(findings, at + F.line, h.range.start);
    put(findings, at + F.endLine, h.range.end);
    put(findings, at + F.stmtLine, h.statement.start);
    findings[at + F.rule] = rule;
    findings[at + F.severity] = SEVERITIES.indexOf(h.severity);
    findings[at + F.message] = m;
  });
  const messages = strings.length;
  for (const h of hints) strings.push(JSON.stringify(h));
  const { pool, poolEnds } = encodePool(strings);
  const packedStatements = new Int32Array(statements.length * S.size);
  statements.forEach((s, i) => {
    const at = i * S.size;
    packedStatements[at + S.start] = s.start;
    packedStatements[at + S.end] = s.end;
    packedStatements[at + S.explainable] = s.explainable ? 1 : 0;
    put(packedStatements, at + S.line, s.start);
    put(packedStatements, at + S.endLine, s.end);
  });
  return { findings, statements: packedStatements, rules, pool, poolEnds, messages };
}

/**
 * The strings end to end in one UTF-8 buffer of the exact size, encoded in place (not one array
 * per string, then copied; nor a buffer of three bytes per unit: fresh memory is slow to touch).
 */
function encodePool(strings: readonly string[]): { pool: Uint8Array; poolEnds: Int32Array } {
  const poolEnds = new Int32Array(strings.length);
  let end = 0;
  strings.forEach((s, i) => (poolEnds[i] = end += utf8Length(s)));
  const pool = new Uint8Array(end);
  const encoder = new TextEncoder();
  strings.forEach((s, i) => encoder.encodeInto(s, pool.subarray(i ? poolEnds[i - 1] : 0)));
  return { pool, poolEnds };
}

const NON_ASCII = /[^\0-\x7f]/;

/** Bytes of `s` in UTF-8 (a lone surrogate becomes U+FFFD, 3 bytes, as TextEncoder writes it). */
export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The host's reading of a packed answer: numbers in place, strings and findings on demand. */
export class HintTable {
  readonly findingCount: number;
  readonly statementCount: number;
  private readonly messageCache: (string | undefined)[] = [];
  private readonly decoder = new TextDecoder();

  constructor(readonly packed: PackedHints) {
    this.findingCount = packed.findings.length / F.size;
    this.statementCount = packed.statements.length / S.size;
  }

  /** Field `field` (of F) of finding `i`. */
  at(i: number, field: number): number {
    return this.packed.findings[i * F.size + field];
  }

  /** Field `field` (of S) of statement `i`. */
  statementAt(i: number, field: number): number {
    return this.packed.statements[i * S.size + field];
  }

  rule(i: number): string {
    return this.packed.rules[this.at(i, F.rule)];
  }

  severity(i: number): Severity {
    return SEVERITIES[this.at(i, F.severity)];
  }

  /** The diagnostic's text; equal texts are one string. */
  message(i: number): string {
    const m = this.at(i, F.message);
    return (this.messageCache[m] ??= this.string(m));
  }

  /** Finding `i` as the engine gave it (a new object each call). */
  finding(i: number): HintFinding {
    return JSON.parse(this.string(this.packed.messages + i)) as HintFinding;
  }

  /** Indices of the findings whose range holds `offset` (ends included), in the engine's order. */
  findingsAt(offset: number): number[] {
    const out: number[] = [];
    const f = this.packed.findings;
    for (let i = 0; i < f.length; i += F.size) if (f[i + F.start] <= offset && offset <= f[i + F.end]) out.push(i / F.size);
    return out;
  }

  /** The first statement holding `offset` (ends included). */
  statementOf(offset: number): DocumentStatement | undefined {
    const s = this.packed.statements;
    for (let i = 0; i < s.length; i += S.size)
      if (s[i + S.start] <= offset && offset <= s[i + S.end]) return { start: s[i + S.start], end: s[i + S.end], explainable: s[i + S.explainable] === 1 };
    return undefined;
  }

  private string(k: number): string {
    const { pool, poolEnds } = this.packed;
    return this.decoder.decode(pool.subarray(k ? poolEnds[k - 1] : 0, poolEnds[k]));
  }
}

/** Back to objects (tests, and any caller that wants them all). */
export function unpackHints(packed: PackedHints): DocumentHints {
  const t = new HintTable(packed);
  const hints = Array.from({ length: t.findingCount }, (_, i) => t.finding(i));
  const statements = Array.from({ length: t.statementCount }, (_, i) => ({
    start: t.statementAt(i, S.start),
    end: t.statementAt(i, S.end),
    explainable: t.statementAt(i, S.explainable) === 1,
  }));
  return { statements, hints };
}
