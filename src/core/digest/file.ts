// Reads slow-log files as a stream (node only): memory stays at one chunk, one statement and
// the classes, whatever the size of the log.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DigestAggregator } from './aggregate';
import { SlowLogReader } from './slowlog';

const CHUNK = 64 << 10;

export interface DigestProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  events: number;
}

export interface DigestFilesOptions {
  /** Called at most every `progressMs` (default 500) and once at the end of each file. */
  onProgress?: (p: DigestProgress) => void;
  progressMs?: number;
  signal?: AbortSignal;
}

export class SlowLogFileError extends Error {}

export async function digestFiles(files: string[], opts: DigestFilesOptions = {}): Promise<DigestAggregator> {
  const agg = new DigestAggregator();
  for (const file of files) await readInto(file, agg, opts);
  return agg;
}

async function readInto(file: string, agg: DigestAggregator, opts: DigestFilesOptions): Promise<void> {
  let total: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new SlowLogFileError(`${file} is not a file`);
    total = st.size;
  } catch (e) {
    if (e instanceof SlowLogFileError) throw e;
    throw new SlowLogFileError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const reader = new SlowLogReader((e) => agg.add(e));
  const every = opts.progressMs ?? 500;
  let last = Date.now();
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new SlowLogFileError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // Plain reads into one buffer, decoded up to the last line end, so no multi-byte character
  // is ever cut; a turn of the event loop between chunks keeps a host responsive and lets a
  // cancel in.
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry = 0;
  let read = 0;
  try {
    for (;;) {
      opts.signal?.throwIfAborted();
      let n: number;
      try {
        n = readSync(fd, buf, carry, CHUNK - carry, null);
      } catch (e) {
        throw new SlowLogFileError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      read += n;
      const filled = carry + n;
      if (n === 0) {
        if (filled) reader.push(buf.toString('utf8', 0, filled));
        break;
      }
      let cut = buf.lastIndexOf(10, filled - 1) + 1;
      if (cut === 0) cut = filled; // one line longer than the buffer: decode it as it is
      reader.push(buf.toString('utf8', 0, cut));
      carry = filled - cut;
      if (carry) buf.copy(buf, 0, cut, filled);
      if (opts.onProgress && Date.now() - last >= every) {
        last = Date.now();
        opts.onProgress({ file, bytesRead: read, totalBytes: total, events: agg.events });
      }
      await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    closeSync(fd);
  }
  reader.end();
  opts.onProgress?.({ file, bytesRead: total, totalBytes: total, events: agg.events });
}
