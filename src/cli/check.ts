// mqt check: EXPLAIN every statement of some SQL files (never run them) and compare each plan
// with a saved baseline; exit 1 when one got worse. See docs/ci.md.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BaselineError,
  buildBaseline,
  compareWithBaseline,
  exitCodeOf,
  explainedFrom,
  parseBaseline,
  renderCheckJson,
  renderCheckMarkdown,
  renderCheckText,
  serializeBaseline,
  serverLabel,
  statementsOf,
  type Baseline,
  type CheckResult,
  type CheckStatement,
  type Explained,
} from '../core/check';
import type { ConnectionSpec } from '../core/session/connection';
import { AnalysisError } from '../core/session/errors';
import { ProfilerSession } from '../core/session/profiler';
import { CONNECTION_OPTIONS, connectionSpec } from './connect';
import { readInput, UsageError } from './errors';
import { CHECK_HELP, CHECK_USAGE } from './help';

/** Exit code when a statement could not be explained. */
export const EXIT_ERROR = 3;

/** EXPLAIN each statement on one session; two lost connections in a row end the run. */
async function explainAll(spec: ConnectionSpec, statements: CheckStatement[], timeoutMs: number): Promise<{ explained: Explained[]; server?: string }> {
  const session = new ProfilerSession(spec);
  const explained: Explained[] = [];
  let server: string | undefined;
  let failedInARow = 0;
  let lastFailure = '';
  try {
    for (const s of statements) {
      if (failedInARow >= 2) {
        explained.push({ kind: 'error', message: `not explained: ${lastFailure}` });
        continue;
      }
      try {
        const report = await session.analyze(s.text, { explainOnly: true, timeoutMs });
        server = serverLabel(report.server.flavor, report.server.version);
        explained.push(explainedFrom(report));
        failedInARow = 0;
      } catch (e) {
        if (!(e instanceof AnalysisError)) throw e;
        lastFailure = e.message.replace(/\s*\n\s*/g, ' ');
        failedInARow++;
        explained.push({ kind: 'error', message: lastFailure });
      }
    }
  } finally {
    await session.close();
  }
  return { explained, ...(server ? { server } : {}) };
}

/** The baseline file, or undefined when it does not exist yet and --update will write it. */
function readBaseline(file: string, update: boolean): Baseline | undefined {
  if (!existsSync(resolve(file))) {
    if (update) return undefined;
    throw new UsageError(`${file} does not exist: create it with --update`);
  }
  try {
    return parseBaseline(readInput(file, false));
  } catch (e) {
    if (e instanceof BaselineError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}

/** --update: writes the new baseline when every statement was explained; says so in the notes. */
function updateBaseline(file: string, result: CheckResult, next: Baseline | undefined): boolean {
  if (!next) {
    result.notes.push(`Baseline ${file} NOT written: some statements could not be explained.`);
    return false;
  }
  writeFileSync(resolve(file), serializeBaseline(next));
  for (const r of result.statements) if (r.status === 'new') r.message = 'added to the baseline';
  result.notes.push(`Baseline ${file} written: ${next.statements.length} statement(s).`);
  return true;
}

/** Runs the command; returns the exit code. `write` defaults to standard output (tests pass their own). */
export async function runCheckCommand(
  args: string[],
  write: (text: string) => void = (t) => {
    process.stdout.write(t);
  },
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      file: { type: 'string', multiple: true },
      baseline: { type: 'string' },
      update: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      timeout: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    write(`${CHECK_HELP}\n`);
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'md' && format !== 'json') throw new UsageError(`--format must be one of text, md, json (got "${format}")`);
  const files = [...new Set(values.file ?? [])];
  if (!files.length) throw new UsageError(`--file is required; usage: ${CHECK_USAGE}`);
  if (!values.baseline) throw new UsageError(`--baseline is required; usage: ${CHECK_USAGE}`);
  const timeoutMs = (values.timeout !== undefined ? Number(values.timeout) : 30) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive number of seconds');

  const baselinePath = resolve(values.baseline);
  const previous = readBaseline(values.baseline, values.update === true);

  // Files are keyed relative to the baseline's folder, so the check runs from any directory.
  const statements = files.flatMap((f) => statementsOf(readInput(f, false), relative(dirname(baselinePath), resolve(f)).split(sep).join('/'), f));
  if (!statements.length) throw new UsageError('no SQL statement in the files');
  let spec: ConnectionSpec;
  try {
    spec = await connectionSpec(values);
  } catch (e) {
    if (!(e instanceof AnalysisError)) throw e;
    process.stderr.write(`mqt: ${e.message}\n`); // no connection: exit 3, as a statement not explained
    return EXIT_ERROR;
  }
  const { explained, server } = await explainAll(spec, statements, timeoutMs);

  const empty: Baseline = { format: 'mqt-check-baseline', version: 1, server: '', statements: [] };
  const result: CheckResult = compareWithBaseline(statements, explained, previous ?? empty, server);
  let code = exitCodeOf(result);
  if (values.update && updateBaseline(values.baseline, result, buildBaseline(statements, explained, server ?? previous?.server ?? '', previous))) code = 0;
  const text =
    format === 'json' ? renderCheckJson(result) : format === 'md' ? renderCheckMarkdown(result) : renderCheckText(result, { verbose: values.verbose === true });
  if (values.out) writeFileSync(values.out, text);
  else write(text);
  return code;
}
