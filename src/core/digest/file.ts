// Reads slow-log files as a stream (node only): memory stays at one chunk, one statement and
// the classes, whatever the size of the log.
import { createReadStream, statSync } from 'node:fs';
import { DigestAggregator } from './aggregate';
import { SlowLogReader } from './slowlog';

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
  const stream = createReadStream(file, { highWaterMark: 1 << 20, encoding: 'utf8' });
  const every = opts.progressMs ?? 500;
  let last = Date.now();
  try {
    for await (const chunk of stream) {
      opts.signal?.throwIfAborted();
      reader.push(chunk as string);
      if (opts.onProgress && Date.now() - last >= every) {
        last = Date.now();
        opts.onProgress({ file, bytesRead: stream.bytesRead, totalBytes: total, events: agg.events });
      }
    }
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new SlowLogFileError(`cannot read ${file}: ${code ?? (e as Error).message}`);
  } finally {
    stream.destroy();
  }
  reader.end();
  opts.onProgress?.({ file, bytesRead: total, totalBytes: total, events: agg.events });
}
