// mqt digest FILE...: the slow query log grouped into statement classes, most total time first.
import { parseArgs } from 'node:util';
import { renderDigestText } from '../core/digest';
import { digestFiles, SlowLogFileError, type DigestProgress } from '../core/digest/file';
import { UsageError } from './errors';
import { DIGEST_USAGE } from './help';

function mb(n: number): string {
  return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
}

export async function runDigestCommand(
  args: string[],
  write: (text: string) => void = (t) => {
    process.stdout.write(t);
  },
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, limit: { type: 'string' }, progress: { type: 'boolean' }, 'no-progress': { type: 'boolean' } },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`);
  if (positionals.length === 0) throw new UsageError(`give at least one slow log file; usage: ${DIGEST_USAGE}`);
  const limit = values.limit !== undefined ? Number(values.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError('--limit must be a whole number of at least 1');
  // Progress goes to stderr, on a terminal unless asked otherwise.
  const showProgress = values['no-progress'] ? false : values.progress === true || process.stderr.isTTY === true;
  const t0 = Date.now();
  const onProgress = showProgress
    ? (p: DigestProgress) => {
        const s = (Date.now() - t0) / 1000;
        const pct = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 100;
        process.stderr.write(
          `mqt digest: ${p.file}: ${pct}% (${mb(p.bytesRead)} of ${mb(p.totalBytes)}, ${p.events} statements, ${s > 0 ? (p.bytesRead / 1e6 / s).toFixed(0) : '-'} MB/s)\n`,
        );
      }
    : undefined;
  let agg;
  try {
    agg = await digestFiles(positionals, onProgress ? { onProgress, progressMs: 1000 } : {});
  } catch (e) {
    if (e instanceof SlowLogFileError) throw new UsageError(e.message);
    throw e;
  }
  const classes = agg.result();
  const shown = limit !== undefined ? classes.slice(0, limit) : classes;
  write(format === 'json' ? JSON.stringify(shown, null, 2) + '\n' : renderDigestText(classes, agg.events, limit ?? classes.length));
}
