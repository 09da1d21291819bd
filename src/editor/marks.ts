// Timing marks for the editor benchmark (scripts/bench/editor.mjs), which sets MQT_BENCH_MARKS
// to a file for the extension host it starts. Otherwise mark() does nothing and no timer runs.
import { appendFileSync, writeFileSync } from 'node:fs';

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

// MQT_BENCH_HOST_PROFILE=FILE: a CPU profile of the extension host's thread (every extension's
// code) from this module's load for MQT_BENCH_HOST_PROFILE_MS (5 s), for finding who keeps the
// host busy in a new window.
const profileFile = file ? process.env.MQT_BENCH_HOST_PROFILE : undefined;
const profileMs = Number(process.env.MQT_BENCH_HOST_PROFILE_MS) || 5_000;
if (profileFile) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when asked: not loaded at activation
  const { Session } = require('node:inspector') as typeof import('node:inspector');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () =>
    session.post('Profiler.start', () => {
      write('host profile started', now());
      setTimeout(
        () =>
          session.post('Profiler.stop', (err, r) => {
            if (!err) writeFileSync(profileFile, JSON.stringify({ ...r.profile, epochStart: Date.now() - profileMs }));
            session.disconnect();
          }),
        profileMs,
      ).unref();
    }),
  );
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
