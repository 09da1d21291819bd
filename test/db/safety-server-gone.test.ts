// The server goes away during a long query: a private, temporary sandbox is stopped under a
// running analysis (never the shared one), then restarted; the same session reconnects by itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProfilerSession } from '../../src/core/session/profiler';
import { AnalysisError } from '../../src/core/session/errors';
import { startSandbox, stopSandbox, type SandboxInfo } from '../../src/sandbox';
import { freePort } from '../support/freePort';
import { sandboxSpec } from './helpers';

let dir: string;
let port: number;
let info: SandboxInfo;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqt-gone-'));
  port = await freePort();
  info = await startSandbox({ dir, port });
  assert.equal(info.port, port, 'our own sandbox, not the shared one');
});
after(async () => {
  await stopSandbox({ dir, port }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('server stopped mid-query: a clear error within seconds, then the next analysis reconnects', async () => {
  const session = new ProfilerSession(sandboxSpec(info));
  try {
    assert.equal((await session.analyze('SELECT 1')).execution.executed, true);
    let stopAt = 0;
    let stopping: Promise<boolean> | undefined;
    const running = session.analyze('SELECT SLEEP(60)', {
      timeoutMs: 120_000,
      onProgress: (step) => {
        if (step !== 'Running') return;
        setTimeout(() => {
          stopAt = Date.now();
          stopping = stopSandbox({ dir, port });
        }, 300);
      },
    });
    await assert.rejects(running, (e: unknown) => {
      assert.ok(e instanceof AnalysisError, String(e));
      assert.match(e.message, /Lost the connection to .* during the statement.*The next analysis reconnects/);
      return true;
    });
    const took = Date.now() - stopAt;
    console.log(`# server stopped under a running query: error ${took} ms after the stop began`);
    assert.ok(took < 5000, `${took} ms`);
    await stopping;

    // Down: a fast, clear failure.
    const t0 = Date.now();
    await assert.rejects(session.analyze('SELECT 1'), /connection refused/);
    assert.ok(Date.now() - t0 < 2000);

    await startSandbox({ dir, port });
    const r = await session.analyze('SELECT COUNT(*) FROM actor');
    assert.equal(r.execution.executed, true);
    assert.equal(r.execution.rows, 1);
  } finally {
    await session.close();
  }
});
