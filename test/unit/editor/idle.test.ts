// whenIdle: the driver and the report page are loaded once the extension host is quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { whenIdle } from '../../../src/editor/idle';

test('runs once, after the thread was quiet', async () => {
  let calls = 0;
  await new Promise<void>((resolve) =>
    whenIdle(
      () => {
        calls++;
        resolve();
      },
      { quietMs: 30, maxMs: 60_000 },
    ),
  );
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(calls, 1);
});

test('runs after maxMs on a thread that never goes quiet', async () => {
  // Busy for 50 ms in every 60: no tick of the idle timer comes on time.
  const busy = setInterval(() => {
    const end = performance.now() + 50;
    while (performance.now() < end);
  }, 10);
  let ranWhileBusy = false;
  await new Promise<void>((resolve) =>
    whenIdle(
      () => {
        ranWhileBusy = true;
        resolve();
      },
      { quietMs: 60_000, maxMs: 300 },
    ),
  );
  clearInterval(busy);
  assert.equal(ranWhileBusy, true);
});

test('dispose: never runs', async () => {
  let calls = 0;
  const idle = whenIdle(() => calls++, { quietMs: 10, maxMs: 20 });
  idle.dispose();
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(calls, 0);
});
