import { parseArgs } from 'node:util';
import { AnalysisError } from '../core/session/errors';
import { ProfilerSession } from '../core/session/profiler';
import { readTrace, TraceError, type Trace } from '../core/trace';
import { renderTraceText } from '../core/trace/render';
import { CONNECTION_OPTIONS, connectionSpec } from './connect';
import { readInput, UsageError } from './errors';

/** `mqt trace`: a saved trace (MySQL or MariaDB, any form), or one taken now around an EXPLAIN. */
export async function runTraceCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, sql: { type: 'string' }, input: { type: 'string' }, format: { type: 'string' }, timeout: { type: 'string' } },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be one of text, json (got "${format}")`);
  let trace: Trace | null = null;
  let note: string | undefined;
  if (values.input !== undefined) {
    if (values.sql !== undefined) throw new UsageError('give --input FILE or --sql TEXT, not both');
    const text = readInput(values.input);
    try {
      trace = readTrace(text);
    } catch (e) {
      if (e instanceof TraceError) throw new UsageError(`${values.input}: ${e.message}`);
      throw e;
    }
    note = trace.truncated ? trace.notes[0] : undefined;
  } else {
    if (values.sql === undefined) throw new UsageError('--input FILE or --url URL --sql TEXT is required');
    const timeout = values.timeout !== undefined ? Number(values.timeout) : 30;
    if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');
    const session = new ProfilerSession(await connectionSpec(values));
    try {
      const report = await session.analyze(values.sql, { timeoutMs: timeout * 1000, explainOnly: true, trace: 'auto' });
      trace = report.trace ?? null;
      note = report.traceNote ?? (report.planError ? `EXPLAIN failed: ${report.planError.message}` : undefined);
    } finally {
      await session.close();
    }
    if (!trace) throw new AnalysisError(note ?? 'No optimizer trace.');
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(trace, null, 2)}\n` : `${renderTraceText({ trace, ...(note ? { traceNote: note } : {}) })}\n`);
}
