// The host side of the hint worker: one worker thread, started on first use, jobs in order.
// A large document is shared with a second thread (the helper, started with the first large
// document), where there is a second core: each checks half of the statements.
// A job that runs longer than the watchdog (a pathological statement) costs the workers, not
// the editor: the threads are terminated, the job answers with an error, the next one restarts them.
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import type { DocumentHints, DocumentStatement, Share } from './document';
import type { HintFinding, HintInput } from './types';

export interface WorkerRequest {
  id: number;
  text: string;
  input: Omit<HintInput, 'sql'>;
  /** This thread's share of a document two threads check (index 0: the one that answers). */
  share?: Share;
}

/** Sent once to each of the two threads: their channel, and a counter to wake the waiting one. */
export interface PeerSetup {
  peer: MessagePort;
  wake: Int32Array;
}

/**
 * A job's answer comes in parts, each one message: the host reads (deserializes) each in its own
 * task, so a document with thousands of findings never holds the host's thread for long.
 * The last part carries the statements, packed as [start, end, explainable 0/1] triples.
 */
export type WorkerReply =
  | { id: number; hints: HintFinding[]; statements?: Int32Array; error?: undefined; alive?: undefined }
  | { id: number; error: string; hints?: undefined; statements?: undefined; alive?: undefined }
  /** Still working (at most once a second): the job's watchdog starts again. */
  | { id: number; alive: true; hints?: undefined; statements?: undefined; error?: undefined };

/** Findings per message (100 long findings take a few ms to read). */
export const HINTS_PER_PART = 100;

export function packStatements(statements: DocumentStatement[]): Int32Array {
  const out = new Int32Array(statements.length * 3);
  statements.forEach((s, i) => out.set([s.start, s.end, s.explainable ? 1 : 0], i * 3));
  return out;
}

export function unpackStatements(packed: Int32Array): DocumentStatement[] {
  const out: DocumentStatement[] = [];
  for (let i = 0; i < packed.length; i += 3) out.push({ start: packed[i], end: packed[i + 1], explainable: packed[i + 2] === 1 });
  return out;
}

const WATCHDOG_MS = 30_000;
/** Documents from this size on are shared by two threads (below it a second thread gains little). */
const SHARE_MIN_CHARS = 64 * 1024;

export class HintWorker {
  private worker: Worker | undefined;
  private helper: Worker | undefined;
  /** Documents at least this long are shared with the helper thread (0: never). */
  shareMinChars = availableParallelism() > 1 ? SHARE_MIN_CHARS : 0;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: DocumentHints) => void; reject: (e: Error) => void; timer: NodeJS.Timeout; hints: HintFinding[][] }
  >();

  /** `options`: of the thread (tests run the TypeScript entry through tsx, with `eval`). */
  constructor(
    private readonly script: string,
    public watchdogMs = WATCHDOG_MS,
    private readonly options: WorkerOptions = {},
  ) {}

  analyze(text: string, input: Omit<HintInput, 'sql'>): Promise<DocumentHints> {
    const worker = (this.worker ??= this.start());
    const shared = this.shareMinChars > 0 && text.length >= this.shareMinChars;
    const helper = shared ? (this.helper ??= this.startHelper(worker)) : undefined;
    const id = this.nextId++;
    return new Promise<DocumentHints>((resolve, reject) => {
      // Jobs run one after the other, so a job's clock starts when the previous one answers.
      this.pending.set(id, { resolve, reject, timer: this.watch(this.pending.size + 1), hints: [] });
      worker.postMessage({ id, text, input, ...(helper ? { share: { index: 0, count: 2 } } : {}) } satisfies WorkerRequest);
      helper?.postMessage({ id, text, input, share: { index: 1, count: 2 } } satisfies WorkerRequest);
    });
  }

  /** Threads running now (the worker, and the helper once a large document came). */
  get threads(): number {
    return (this.worker ? 1 : 0) + (this.helper ? 1 : 0);
  }

  /** The watchdog of a job with `ahead` jobs to wait for (itself included). */
  private watch(ahead: number): NodeJS.Timeout {
    const timer = setTimeout(
      () => this.fail(new Error(`hint analysis made no progress for ${this.watchdogMs / 1000} s; the worker was restarted`)),
      this.watchdogMs * ahead,
    );
    timer.unref();
    return timer;
  }

  /** Progress: every job's clock starts again from now. */
  private progress(): void {
    let ahead = 0;
    for (const q of this.pending.values()) {
      clearTimeout(q.timer);
      q.timer = this.watch(++ahead);
    }
  }

  private spawn(): Worker {
    const w = new Worker(this.script, this.options);
    w.unref(); // never keeps the extension host (or a test) alive
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (this.worker === w || this.helper === w) this.fail(new Error(`the hint worker stopped (exit code ${code})`));
    });
    return w;
  }

  /** The second thread, joined to `worker` by a channel of their own; it only signs progress here. */
  private startHelper(worker: Worker): Worker {
    const { port1, port2 } = new MessageChannel();
    const wake = new Int32Array(new SharedArrayBuffer(4));
    worker.postMessage({ peer: port1, wake } satisfies PeerSetup, [port1]);
    const h = this.spawn();
    h.postMessage({ peer: port2, wake } satisfies PeerSetup, [port2]);
    h.on('message', (reply: WorkerReply) => {
      if (reply.alive && this.pending.has(reply.id)) this.progress();
    });
    return h;
  }

  private start(): Worker {
    const w = this.spawn();
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      if (reply.alive) {
        this.progress();
        return;
      }
      if (reply.hints) p.hints.push(reply.hints);
      if (reply.hints && !reply.statements) return; // more parts follow
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.statements) p.resolve({ statements: unpackStatements(reply.statements), hints: p.hints.flat() });
      else p.reject(new Error(reply.error));
    });
    return w;
  }

  /** Ends the workers and every job queued in them. */
  private fail(e: Error): void {
    const w = this.worker,
      h = this.helper;
    this.worker = undefined;
    this.helper = undefined;
    void w?.terminate();
    void h?.terminate();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
  }

  dispose(): void {
    this.fail(new Error('disposed'));
  }
}
