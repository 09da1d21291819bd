// Timing marks for the editor benchmark (scripts/bench/editor.mjs), which sets MQT_BENCH_MARKS
// to a file for the extension host it starts. Otherwise mark() does nothing and no timer runs.
import { appendFileSync } from 'node:fs';

const file = process.env.MQT_BENCH_MARKS;
const now = () => performance.timeOrigin + performance.now();

function write(name: string, at: number): void {
  try {
    appendFileSync(file!, `${JSON.stringify({ name, at })}\n`);
  } catch {
    // A benchmark aid: never an error for the user.
  }
}

/** One line `{"name":…,"at":epoch ms}` in the marks file, when the benchmark asked for one. */
export function mark(name: string): void {
  if (file) write(name, now());
}

if (file) {
  // Where the extension host's thread was busy (anyone's code): gaps in a 10 ms timer over 40 ms.
  let last = now();
  setInterval(() => {
    const t = now();
    if (t - last > 40) write(`host busy ${Math.round(t - last)} ms`, last);
    last = t;
  }, 10).unref();
}
