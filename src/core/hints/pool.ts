// The host side of the hint worker: one worker thread, started on first use, jobs in order.
// A large document is shared with a second thread (the helper, started with the first large
// document), where there is a second core: each checks half of the statements.
// A job that runs longer than the watchdog (a pathological statement) costs the workers, not
// the editor: the threads are terminated, the job answers with an error, the next one restarts them.
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import type { Share } from './document';
import type { PackedHints } from './packed';
import type { HintInput } from './types';

export interface WorkerRequest {
  id: number;
  /** The document as UTF-8, transferred: posting a 1 MB string took 1-30 ms of the host's thread, this under 1 ms. */
  bytes: Uint8Array;
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
 * A job's answer is one message in the packed shape (src/core/hints/packed.ts): typed arrays,
 * transferred, and one pooled string. Receiving it costs the host a copy of that string, not
 * the deserialisation of thousands of objects (node reads every queued message in one task,
 * so answering in many parts did not spread that cost).
 */
export type WorkerReply =
  | { id: number; packed: PackedHints; error?: undefined; alive?: undefined }
  | { id: number; error: string; packed?: undefined; alive?: undefined }
  /** Still working (at most once a second): the job's watchdog starts again. */
  | { id: number; alive: true; packed?: undefined; error?: undefined };

const WATCHDOG_MS = 30_000;
/** Documents from this size on are shared by two threads (below it a second thread gains little). */
const SHARE_MIN_CHARS = 64 * 1024;

export class HintWorker {
  private worker: Worker | undefined;
  private helper: Worker | undefined;
  /** Documents at least this long are shared with the helper thread (0: never). */
  shareMinChars = availableParallelism() > 1 ? SHARE_MIN_CHARS : 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: PackedHints) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  /** `options`: of the thread (tests run the TypeScript entry through tsx, with `eval`). */
  constructor(
    private readonly script: string,
    public watchdogMs = WATCHDOG_MS,
    private readonly options: WorkerOptions = {},
  ) {}

  analyze(text: string, input: Omit<HintInput, 'sql'>): Promise<PackedHints> {
    const worker = (this.worker ??= this.start());
    const shared = this.shareMinChars > 0 && text.length >= this.shareMinChars;
    const helper = shared ? (this.helper ??= this.startHelper(worker)) : undefined;
    const id = this.nextId++;
    return new Promise<PackedHints>((resolve, reject) => {
      // Jobs run one after the other, so a job's clock starts when the previous one answers.
      this.pending.set(id, { resolve, reject, timer: this.watch(this.pending.size + 1) });
      const bytes = new TextEncoder().encode(text);
      if (helper) {
        const copy = bytes.slice();
        helper.postMessage({ id, bytes: copy, input, share: { index: 1, count: 2 } } satisfies WorkerRequest, [copy.buffer as ArrayBuffer]);
      }
      worker.postMessage({ id, bytes, input, ...(helper ? { share: { index: 0, count: 2 } } : {}) } satisfies WorkerRequest, [bytes.buffer as ArrayBuffer]);
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
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.packed) p.resolve(reply.packed);
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
