// The hint worker's thread: analyses whole documents for the editor, so that neither the
// parser nor the lexer ever runs on the extension host's thread. Bundled as dist/hintWorker.js.
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from './document';
import { packHints } from './packed';
import type { WorkerReply, WorkerRequest } from './pool';

parentPort?.on('message', (req: WorkerRequest) => {
  let packed;
  // A sign of life about once a second: the watchdog is for one statement that never ends,
  // not for a long file on a busy machine.
  let lastSign = performance.now();
  const alive = () => {
    const now = performance.now();
    if (now - lastSign < 1000) return;
    lastSign = now;
    parentPort?.postMessage({ id: req.id, alive: true } satisfies WorkerReply);
  };
  try {
    // Lone surrogates come back as U+FFFD, one UTF-16 unit each: every offset stays the same.
    const text = new TextDecoder().decode(req.bytes);
    packed = packHints(text, analyzeDocument(text, req.input, alive));
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    return;
  }
  parentPort?.postMessage({ id: req.id, packed } satisfies WorkerReply, [
    packed.findings.buffer as ArrayBuffer,
    packed.statements.buffer as ArrayBuffer,
    packed.poolEnds.buffer as ArrayBuffer,
  ]);
});
