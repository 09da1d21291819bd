// Read a 5 MB optimizer trace: the recorded MariaDB four-table join (its \0-padded range
// strings) and a MySQL trace with end markers, their steps repeated until the text weighs
// 5 MB, as one document the way the servers print it. The floor is JSON.parse of the same
// document without the comments (what the reader must add to it: the repair pass, the model).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readTrace } from '../../src/core/trace';
import { parseTraceText } from '../../src/core/trace/text';
import { below, median, reported } from './stats';

const SOURCES = ['test/fixtures/trace/mariadb-join-four.txt', 'test/fixtures/trace/mysql/mysqlserver-opttrace-range_no_prot-8.txt'];
export const TRACE_BYTES = 5 * 1024 * 1024;

/** The text between a trace's outer "steps": [ and its closing ]. */
function innerSteps(text: string): string {
  const body = text.slice(text.indexOf('{'));
  const open = body.indexOf('[', body.indexOf('"steps"'));
  const close = body.lastIndexOf(']');
  return body.slice(open + 1, close).trim();
}

export function bigTrace(): string {
  const parts = SOURCES.map((f) => innerSteps(readFileSync(f, 'utf8')));
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < TRACE_BYTES; i++) {
    const p = parts[i % parts.length];
    out.push(p);
    size += p.length + 2;
  }
  return `{\n  "steps": [\n${out.join(',\n')}\n  ] /* steps */\n}`;
}

export function benchTrace(reps: number) {
  const text = bigTrace();
  if (text.length < TRACE_BYTES) throw new Error(`the generated trace is only ${text.length} bytes`);
  // The same document as plain JSON, pretty-printed the same way: what any JSON trace costs to parse.
  const clean = JSON.stringify(parseTraceText(text).json, null, 2);
  const tables = readTrace(text).tables.length;
  if (tables < 5) throw new Error(`the generated trace read into ${tables} tables`);
  for (let i = 0; i < 3; i++) readTrace(text); // warm the JIT, as a long-running extension host is
  const times: number[] = [];
  const floor: number[] = [];
  // Each in its own loop, so that one's garbage is not collected during the other's timing.
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    JSON.parse(clean);
    floor.push(performance.now() - t0);
  }
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    readTrace(text);
    times.push(performance.now() - t0);
  }
  const mb = (text.length / 1048576).toFixed(1);
  return [
    below('read a 5 MB optimizer trace (readTrace)', median(times), 'ms', 100, {
      note: `${mb} MB with end markers and \\0 escapes, ${tables} tables, median of ${reps}, after 3 warm-up reads`,
    }),
    reported('5 MB trace read / JSON.parse of it', median(times) / median(floor), '×', `JSON.parse alone: ${median(floor).toFixed(1)} ms`),
  ];
}
