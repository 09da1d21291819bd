import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProfilerSession } from '../core/session/profiler';
import { splitStatements } from '../core/sql/statements';
import {
  compareReports,
  REPORT_FORMATS,
  renderBatchMarkdown,
  renderBatchText,
  renderComparisonText,
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
import { loadStandaloneAssets, renderStandaloneHtml } from '../core/report/standalone';
import { PlanParseError, parsePlanText, renderPlanText } from '../core/plan';
import { TOOL_VERSION } from '../core/version';
import { runSandboxCommand } from './sandbox';
import { closeTunnels, CONNECTION_OPTIONS, connectionSpec } from './connect';
import { COMMAND_HELP, GLOBAL_HELP, wantsHelp } from './help';
import { colorizeReport, colorWanted, red } from './color';
import { progressSink } from './progress';
import { UsageError } from './errors';
import { runDemo } from './demo';
import { HINTS_USAGE, runHintsCommand } from './hints';
import { DIGEST_USAGE, runDigestCommand } from './digest';
import { runTopCommand, TOP_USAGE } from './top';
import { TRACE_USAGE, runTraceCommand } from './trace';
import { ADVISE_USAGE, adviceRun, runAdviseCommand } from './advise';
import type { CopyRows } from '../core/advise/shadow';
import { CHECK_USAGE, runCheckCommand } from './check';

const HELP = `mqt ${TOOL_VERSION}: explain and profile MySQL/MariaDB queries

Usage:
  mqt analyze --url URL (--sql TEXT | --file FILE) [--format text|json|md|html] [--timeout SECONDS] [--allow-writes] [--read-only] [--repeat N] [--actuals auto|always|never] [--trace auto|never] [--advice [--copy-rows ask|never|always]] [--progress] [--out FILE]
  mqt compare A.json B.json [--format text|json]     what changed between two saved JSON reports
  mqt plan --input FILE [--format text|json]         parse a saved EXPLAIN output, no database needed
  ${HINTS_USAGE}
  ${DIGEST_USAGE}   slow log classes
  ${TOP_USAGE}   performance_schema digests
  ${TRACE_USAGE}
  ${ADVISE_USAGE}
  ${CHECK_USAGE}
                                                     compare plans with a baseline (exit 1: worse; 3: not explained)
  mqt sandbox start|stop|status|url                  the private sample MariaDB
  mqt demo [--out FILE]                              start the sandbox and analyse the sample queries

URL: mysql://user:password@host:port/database[?ssl-mode=disabled|preferred|required|verify-full]
     (or set MQT_URL; "sandbox" means the local sandbox); TLS files: &ssl-ca=FILE&ssl-cert=FILE&ssl-key=FILE.
Connection options of every command that connects: -p, --password-file FILE, --ssh user@host[:port],
     --ssh-key FILE, --ssh-known-hosts FILE (mqt <command> --help says more).
--allow-writes: run INSERT/UPDATE/DELETE/REPLACE inside START TRANSACTION ... ROLLBACK, only when
     every table involved (triggers and FK cascades included) is transactional; otherwise EXPLAIN only.
--read-only: run reads in READ ONLY transactions.
--progress: while a statement runs (after ~1 s), one JSON line per live update on stderr.
Exit codes: 0 ok; 1 the server rejected a statement, it could not be read, or the analysis or
     connection failed; 2 bad usage or input.
${GLOBAL_HELP}`;

/** Set from --no-color / NO_COLOR / the terminal in main(). */
let color = false;

/** Why a report counts as a failure for the exit code: the server refused it, or nobody could read it. */
export function failureOf(r: Report): string | undefined {
  if (r.statementKind === 'other' && !r.execution.executed)
    return `the statement could not be read: ${r.execution.reason ?? r.planError?.message ?? 'unknown statement'}`;
  // A server error carries its number; a planError without one is our own "not explained" reason.
  const e = [r.execution.error, r.planError].find((x) => x && (x.errno !== undefined || x.sqlState !== undefined));
  return e ? `the server rejected the statement: ${e.message}` : undefined;
}

function formatOf(value: string | undefined, allowed: readonly string[], fallback: string, flag = '--format'): string {
  const f = value ?? fallback;
  if (!allowed.includes(f)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${f}")`);
  return f;
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
      return root ? renderStandaloneHtml(reports, loadStandaloneAssets(root)) : renderHtmlDocument(reports);
    }
    case 'text':
      return (reports.length > 1 ? renderBatchText(reports) + '\n' : '') + reports.map(renderText).join('\n');
  }
}

/** A --file's text; a file that cannot be read is a usage error (exit 2). */
function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
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

async function analyzeCommand(args: string[]): Promise<number> {
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
  const statements = splitStatements(values.file !== undefined ? readInput(values.file) : values.sql!);
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
  const advice = values.advice ? adviceRun(formatOf(values['copy-rows'], ['ask', 'never', 'always'], 'ask', '--copy-rows') as CopyRows) : undefined;
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

function planCommand(args: string[]): void {
  const { values } = parseArgs({ args, options: { input: { type: 'string' }, format: { type: 'string' } } });
  const format = formatOf(values.format, ['text', 'json'], 'text');
  if (!values.input) throw new UsageError('--input FILE is required (use - for standard input)');
  let text: string;
  try {
    text = readFileSync(values.input === '-' ? 0 : values.input, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${values.input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const plan = parsePlanText(text);
    process.stdout.write(format === 'json' ? JSON.stringify(plan, null, 2) + '\n' : renderPlanText(plan) + '\n');
  } catch (e) {
    if (e instanceof PlanParseError) throw new UsageError(e.message);
    throw e;
  }
}

function readReport(file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file} as a JSON report: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const r = (Array.isArray(data) ? data[0] : data) as Partial<Report> | undefined;
  if (!r || typeof r.statement !== 'string' || !Array.isArray(r.counters) || !r.execution || !r.profile) {
    throw new UsageError(`${file} is not a report written by \`mqt analyze --format json\``);
  }
  return r as Report;
}

function compareCommand(args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } });
  const format = formatOf(values.format, ['text', 'json'], 'text');
  if (positionals.length !== 2) throw new UsageError('usage: mqt compare A.json B.json [--format text|json]');
  const c = compareReports(readReport(positionals[0]), readReport(positionals[1]));
  process.stdout.write(format === 'json' ? JSON.stringify(c, null, 2) + '\n' : renderComparisonText(c));
}

/** Commands that print and exit 0 when they return (they throw on failure). */
const PLAIN_COMMANDS: Record<string, (rest: string[]) => unknown> = {
  plan: planCommand,
  compare: compareCommand,
  hints: runHintsCommand,
  digest: runDigestCommand,
  top: runTopCommand,
  trace: runTraceCommand,
  advise: runAdviseCommand,
  sandbox: runSandboxCommand,
  demo: async (rest) => {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    await runDemo(resolve(values.out ?? 'mqt-demo-report.html'));
  },
};

async function dispatch(cmd: string | undefined, rest: string[]): Promise<number> {
  if (cmd === 'analyze') return analyzeCommand(rest);
  if (cmd === 'check') return runCheckCommand(rest);
  const plain = cmd !== undefined && Object.hasOwn(PLAIN_COMMANDS, cmd) ? PLAIN_COMMANDS[cmd] : undefined;
  if (plain) {
    await plain(rest);
    return 0;
  }
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  throw new UsageError(`unknown command "${cmd}"; run mqt --help`);
}

export async function main(argv: string[]): Promise<number> {
  const noColor = argv.includes('--no-color');
  color = colorWanted(process.env, process.stdout.isTTY, noColor);
  const [cmd, ...rest] = argv.filter((a) => a !== '--no-color');
  try {
    if (cmd && wantsHelp(rest) && COMMAND_HELP[cmd]) {
      process.stdout.write(`${COMMAND_HELP[cmd]}\n`);
      return 0;
    }
    return await dispatch(cmd, rest);
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const line = `mqt: ${oneLineMessage(e)}`;
    process.stderr.write(`${colorWanted(process.env, process.stderr.isTTY, noColor) ? red(line) : line}\n`);
    return usage ? 2 : 1;
  } finally {
    closeTunnels();
  }
}

function oneLineMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s*\n\s*/g, ' ').trim();
}

/** Runs a command line and sets the exit code (dist/cli.js, src/cli/boot.ts, calls it). */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mqt: ${oneLineMessage(e)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
