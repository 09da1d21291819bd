// mqt analyze: explain, measure and profile each statement, then print the reports.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ProfilerSession } from '../core/session/profiler';
import { splitStatements } from '../core/sql/statements';
import {
  REPORT_FORMATS,
  renderBatchMarkdown,
  renderBatchText,
  renderHtmlDocument,
  renderMarkdown,
  renderText,
  type Report,
  type ReportFormat,
} from '../core/report';
import { repeatRuns } from '../core/session/repeat';
import { normalize, type TunerConfig } from '../core/config';
import { analyze } from '../core/pipeline/analyze';
import { policyFrom } from '../core/pipeline/policy';
import { makeStatement } from '../core/pipeline/statement';
import type * as Standalone from '../core/report/standalone';
import type { CopyRows } from '../core/advise/shadow';
import { CONNECTION_OPTIONS, connectionSpec } from './connect';
import { colorizeReport } from './color';
import { progressSink } from './progress';
import { formatOf, oneLineMessage, readInput, UsageError } from './errors';
import type * as Advise from './advise';

/** Why a report counts as a failure for the exit code: the server refused it, or nobody could read it. */
export function failureOf(r: Report): string | undefined {
  if (r.statementKind === 'other' && !r.execution.executed)
    return `the statement could not be read: ${r.execution.reason ?? r.planError?.message ?? 'unknown statement'}`;
  // A server error carries its number; a planError without one is our own "not explained" reason.
  const e = [r.execution.error, r.planError].find((x) => x && (x.errno !== undefined || x.sqlState !== undefined));
  return e ? `the server rejected the statement: ${e.message}` : undefined;
}

export function render(reports: Report[], format: ReportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n';
    case 'md':
      return (reports.length > 1 ? renderBatchMarkdown(reports) + '\n' : '') + reports.map(renderMarkdown).join('\n');
    case 'html': {
      // The interactive page (plan graph and all) when the built webview is next to the CLI.
      const root = [join(__dirname, '..'), join(__dirname, '..', '..')].find(
        (r) => existsSync(join(r, 'dist', 'webview.js')) && existsSync(join(r, 'media', 'export.css')),
      );
      if (!root) return renderHtmlDocument(reports);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { loadStandaloneAssets, renderStandaloneHtml } = require('../core/report/standalone') as typeof Standalone;
      return renderStandaloneHtml(reports, loadStandaloneAssets(root));
    }
    case 'text':
      return (reports.length > 1 ? renderBatchText(reports) + '\n' : '') + reports.map(renderText).join('\n');
  }
}

/** The flags are the settings' keys: one normalize and one set of defaults with the editor. */
function configFrom(values: { timeout?: string; actuals?: string; trace?: string; 'allow-writes'?: boolean; 'read-only'?: boolean }): TunerConfig {
  const { config, problems } = normalize({
    timeoutSeconds: values.timeout,
    planActuals: values.actuals,
    profileWrites: values['allow-writes'] === true,
    readOnlySession: values['read-only'] === true,
    optimizerTrace: values.trace,
  });
  if (problems.length)
    throw new UsageError(problems.join('; ').replace('planActuals', '--actuals').replace('timeoutSeconds', '--timeout').replace('optimizerTrace', '--trace'));
  return config;
}

// The advise step's code loads only with --advice.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const adviseModule = (): typeof Advise => require('./advise') as typeof Advise;

export async function analyzeCommand(args: string[], color: boolean): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      sql: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      timeout: { type: 'string' },
      repeat: { type: 'string' },
      out: { type: 'string' },
      'allow-writes': { type: 'boolean' },
      'read-only': { type: 'boolean' },
      actuals: { type: 'string' },
      trace: { type: 'string' },
      progress: { type: 'boolean' },
      advice: { type: 'boolean' },
      'copy-rows': { type: 'string' },
    },
  });
  const format = formatOf(values.format, REPORT_FORMATS, 'text') as ReportFormat;
  if ((values.sql === undefined) === (values.file === undefined)) throw new UsageError('give exactly one of --sql TEXT or --file FILE');
  const statements = splitStatements(values.file !== undefined ? readInput(values.file, false) : values.sql!);
  if (statements.length === 0) throw new UsageError('no SQL statement in the input');
  if (values.timeout !== undefined && !(Number(values.timeout) > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const config = configFrom(values);
  const policy = policyFrom(config);
  const repeat = values.repeat !== undefined ? Number(values.repeat) : 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new UsageError('--repeat must be a whole number from 1 to 1000');
  const spec = await connectionSpec(values);
  const session = new ProfilerSession(spec);
  const reports: Report[] = [];
  const live = progressSink({ json: values.progress === true, text: format === 'text' && !values.out });
  // --advice: the advise step, once per statement (on its first run).
  const advice = values.advice
    ? adviseModule().adviceRun(formatOf(values['copy-rows'], ['ask', 'never', 'always'], 'ask', '--copy-rows') as CopyRows)
    : undefined;
  try {
    for (const s of statements) {
      const statement = makeStatement(s.text);
      let runs = 0;
      reports.push(
        await repeatRuns(
          () => analyze(statement, config, policy, session, { ...(live.onLive ? { onLive: live.onLive } : {}), ...(advice && runs++ === 0 ? { advice } : {}) }),
          repeat,
        ),
      );
    }
  } finally {
    live.done();
    await session.close();
  }
  const out = render(reports, format);
  if (values.out) writeFileSync(values.out, out);
  else process.stdout.write(color && format === 'text' ? colorizeReport(out) : out);
  const failures = reports.map((r) => [r, failureOf(r)] as const).filter(([, f]) => f !== undefined);
  for (const [r, f] of failures) process.stderr.write(`mqt: ${oneLineMessage(`${r.statement.trim().split('\n')[0].slice(0, 60)}: ${f}`)}\n`);
  return failures.length ? 1 : 0;
}
