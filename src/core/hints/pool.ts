// The host side of the hint worker: one worker thread, started on first use, jobs in order.
// A job that runs longer than the watchdog (a pathological statement) costs the worker, not
// the editor: the thread is terminated, the job answers with an error, the next one restarts it.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { PackedHints } from './packed';
import type { HintInput } from './types';

export interface WorkerRequest {
  id: number;
  /** The document as UTF-8, transferred: posting a 1 MB string took 1-30 ms of the host's thread, this under 1 ms. */
  bytes: Uint8Array;
  input: Omit<HintInput, 'sql'>;
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

export class HintWorker {
  private worker: Worker | undefined;
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
    const id = this.nextId++;
    return new Promise<PackedHints>((resolve, reject) => {
      // Jobs run one after the other, so a job's clock starts when the previous one answers.
      this.pending.set(id, { resolve, reject, timer: this.watch(this.pending.size + 1) });
      const bytes = new TextEncoder().encode(text);
      worker.postMessage({ id, bytes, input } satisfies WorkerRequest, [bytes.buffer as ArrayBuffer]);
    });
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

  private start(): Worker {
    const w = new Worker(this.script, this.options);
    w.unref(); // never keeps the extension host (or a test) alive
    w.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      if (reply.alive) {
        // Progress: every job's clock starts again from now.
        let ahead = 0;
        for (const q of this.pending.values()) {
          clearTimeout(q.timer);
          q.timer = this.watch(++ahead);
        }
        return;
      }
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.packed) p.resolve(reply.packed);
      else p.reject(new Error(reply.error));
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => {
      if (this.worker === w) this.fail(new Error(`the hint worker stopped (exit code ${code})`));
    });
    return w;
  }

  /** Ends the worker and every job queued in it. */
  private fail(e: Error): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
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
