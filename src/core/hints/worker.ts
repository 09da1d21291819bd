// The hint worker's thread: analyses whole documents for the editor, so that neither the
// parser nor the lexer ever runs on the extension host's thread. Bundled as dist/hintWorker.js.
// Two of them can share a large document (pool.ts): the helper checks its share and hands it
// to the main worker over their own channel; the main worker merges and answers the host.
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { analyzeDocument, checkShare, type ShareResult } from './document';
import { packHints } from './packed';
import type { PeerSetup, WorkerReply, WorkerRequest } from './pool';

/** What the helper hands the main worker for one job. */
type ShareReply = { id: number; result: ShareResult; error?: undefined } | { id: number; error: string; result?: undefined };

let peer: { port: MessagePort; wake: Int32Array } | undefined;

parentPort?.on('message', (req: WorkerRequest | PeerSetup) => {
  if ('peer' in req) {
    peer = { port: req.peer, wake: req.wake };
    return;
  }
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
  // Lone surrogates come back as U+FFFD, one UTF-16 unit each: every offset stays the same.
  const text = new TextDecoder().decode(req.bytes);
  if (req.share && req.share.index > 0) return helpShare(req, text, alive);
  try {
    const p = peer;
    const shared = req.share && p ? { share: req.share, other: () => waitForShare(p, req.id) } : undefined;
    packed = packHints(text, analyzeDocument(text, req.input, alive, shared));
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

/** The helper's part of a shared job: its share checked, handed to the main worker. */
function helpShare(req: WorkerRequest, text: string, alive: () => void): void {
  if (!peer || !req.share) return;
  let reply: ShareReply;
  try {
    reply = { id: req.id, result: checkShare(text, req.input, req.share, alive) };
  } catch (e) {
    reply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
  peer.port.postMessage(reply);
  Atomics.add(peer.wake, 0, 1);
  Atomics.notify(peer.wake, 0);
}

/**
 * The main worker waits for the helper's share of job `id`, blocked (it has nothing else to do:
 * jobs run one after the other). No sign of life meanwhile: the helper gives its own, and a
 * helper that makes no progress lets the host's watchdog end both threads.
 */
function waitForShare(p: { port: MessagePort; wake: Int32Array }, id: number): ShareResult {
  for (;;) {
    const seen = Atomics.load(p.wake, 0);
    const m = receiveMessageOnPort(p.port) as { message: ShareReply } | undefined;
    if (m) {
      if (m.message.id !== id) continue; // an earlier job's share, whose job already failed
      if (m.message.error !== undefined) throw new Error(m.message.error);
      return m.message.result;
    }
    Atomics.wait(p.wake, 0, seen, 1000);
  }
}
