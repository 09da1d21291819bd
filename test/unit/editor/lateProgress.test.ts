// The progress notification of one statement opens only if the run is still going after the
// delay, with the newest message; its Cancel aborts the run. A stand-in records withProgress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Module from 'node:module';

type Reported = { message?: string; increment?: number };
const opened: Array<{ reported: Reported[]; cancel: () => void }> = [];
const api = {
  ProgressLocation: { Notification: 15 },
  window: {
    withProgress: (_o: unknown, task: (p: { report: (r: Reported) => void }, t: unknown) => Promise<unknown>) => {
      const reported: Reported[] = [];
      const listeners: Array<() => void> = [];
      opened.push({ reported, cancel: () => listeners.forEach((l) => l()) });
      return task({ report: (r) => reported.push(r) }, { onCancellationRequested: (l: () => void) => listeners.push(l) });
    },
  },
};
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = (request, ...rest) => (request === 'vscode' ? api : original(request, ...rest));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the vscode stand-in is in place
const { withLateProgress } = require('../../../src/editor/lateProgress') as typeof import('../../../src/editor/lateProgress');
loader._load = original;

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a run over before the delay opens no notification', async () => {
  opened.length = 0;
  const abort = new AbortController();
  const out = await withLateProgress({ title: 't', delayMs: 30, abort }, async (progress) => {
    progress({ message: 'Connecting' });
    return 42;
  });
  assert.equal(out, 42);
  await tick(60);
  assert.equal(opened.length, 0);
});

test('a run still going opens it once, with the newest message and increments, and Cancel aborts', async () => {
  opened.length = 0;
  const abort = new AbortController();
  let finish!: () => void;
  const done = withLateProgress({ title: 't', delayMs: 10, abort }, (progress) => {
    progress({ message: 'Connecting' });
    progress({ message: 'Running', increment: 5 });
    return new Promise<void>((r) => {
      finish = () => {
        progress({ message: 'Reading' });
        r();
      };
    });
  });
  while (opened.length === 0) await tick(5);
  assert.deepEqual(opened[0].reported, [{ message: 'Running', increment: 5 }]);
  opened[0].cancel();
  assert.equal(abort.signal.aborted, true);
  finish();
  await done;
  assert.deepEqual(opened[0].reported.at(-1), { message: 'Reading' });
  assert.equal(opened.length, 1);
});

test('a delay of 0 opens it at once (a batch shows its count from the start)', async () => {
  opened.length = 0;
  await withLateProgress({ title: 't', delayMs: 0, abort: new AbortController() }, async () => {
    assert.equal(opened.length, 1);
  });
});
