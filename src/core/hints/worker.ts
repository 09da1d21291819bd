// The hint worker's thread: analyses whole documents for the editor, so that neither the
// parser nor the lexer ever runs on the extension host's thread. Bundled as dist/hintWorker.js.
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from './document';
import { HINTS_PER_PART, packStatements, type WorkerReply, type WorkerRequest } from './pool';

parentPort?.on('message', (req: WorkerRequest) => {
  let result;
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
    result = analyzeDocument(req.text, req.input, alive);
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    return;
  }
  const { hints } = result;
  for (let i = 0; i + HINTS_PER_PART < hints.length; i += HINTS_PER_PART)
    parentPort?.postMessage({ id: req.id, hints: hints.slice(i, i + HINTS_PER_PART) } satisfies WorkerReply);
  const statements = packStatements(result.statements);
  const last = hints.length ? hints.slice(Math.floor((hints.length - 1) / HINTS_PER_PART) * HINTS_PER_PART) : [];
  parentPort?.postMessage({ id: req.id, hints: last, statements } satisfies WorkerReply, [statements.buffer as ArrayBuffer]);
});
