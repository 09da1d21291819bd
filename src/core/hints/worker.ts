// The hint worker's thread: analyses whole documents for the editor, so that neither the
// parser nor the lexer ever runs on the extension host's thread. Bundled as dist/hintWorker.js.
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from './document';
import type { WorkerReply, WorkerRequest } from './pool';

parentPort?.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: req.id, result: analyzeDocument(req.text, req.input) };
  } catch (e) {
    reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
