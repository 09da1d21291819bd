// Sandbox start times: cold (fresh data dir: install-db, first start, users, sakila load) and
// warm (second start on that data dir), in a temp dir on a free port; then stopped and deleted.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox, stopSandbox } from '../../src/sandbox/index';
import { reported, type Figure } from './stats';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function benchSandboxStart(): Promise<Figure[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mqt-bench-sandbox-'));
  const opts = { dir, port: await freePort() };
  try {
    let t0 = performance.now();
    await startSandbox(opts);
    const cold = performance.now() - t0;
    await stopSandbox(opts);
    t0 = performance.now();
    await startSandbox(opts);
    const warm = performance.now() - t0;
    return [
      reported('sandbox start, cold (new data dir, sakila load)', cold / 1000, 's', 'fresh temp dir and free port'),
      reported('sandbox start, warm (existing data dir)', warm / 1000, 's', 'second start after a clean stop'),
    ];
  } finally {
    await stopSandbox(opts).catch(() => false);
    rmSync(dir, { recursive: true, force: true });
  }
}
