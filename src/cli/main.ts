// mqt: the command line. Each command's code is loaded when that command runs (a `require`
// that esbuild keeps lazy), so `mqt --version`, `mqt plan` or `mqt digest` run no driver,
// parser or analysis module bodies at start.
/* eslint-disable @typescript-eslint/no-require-imports */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TOOL_VERSION } from '../core/version';
import { ADVISE_USAGE, CHECK_USAGE, COMMAND_HELP, DIGEST_USAGE, GLOBAL_HELP, HINTS_USAGE, TOP_USAGE, TRACE_USAGE, wantsHelp } from './help';
import { colorWanted, red } from './color';
import { oneLineMessage, UsageError } from './errors';
import { closeTunnels } from './tunnels';
import { takeHandedCaFile } from '../core/session/extraCa';
import type * as Analyze from './analyze';
import type * as Check from './check';
import type * as Plan from './plan';
import type * as Compare from './compare';
import type * as Hints from './hints';
import type * as Digest from './digest';
import type * as Top from './top';
import type * as Trace from './trace';
import type * as Advise from './advise';
import type * as Sandbox from './sandbox';
import type * as Demo from './demo';

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

/** Commands that print and exit 0 when they return (they throw on failure). */
const PLAIN_COMMANDS: Record<string, (rest: string[]) => unknown> = {
  plan: (rest) => (require('./plan') as typeof Plan).planCommand(rest),
  compare: (rest) => (require('./compare') as typeof Compare).compareCommand(rest),
  hints: (rest) => (require('./hints') as typeof Hints).runHintsCommand(rest),
  digest: (rest) => (require('./digest') as typeof Digest).runDigestCommand(rest),
  top: (rest) => (require('./top') as typeof Top).runTopCommand(rest),
  trace: (rest) => (require('./trace') as typeof Trace).runTraceCommand(rest),
  advise: (rest) => (require('./advise') as typeof Advise).runAdviseCommand(rest),
  sandbox: (rest) => (require('./sandbox') as typeof Sandbox).runSandboxCommand(rest),
  demo: async (rest) => {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    await (require('./demo') as typeof Demo).runDemo(resolve(values.out ?? 'mqt-demo-report.html'));
  },
};

async function dispatch(cmd: string | undefined, rest: string[]): Promise<number> {
  if (cmd === 'analyze') return (require('./analyze') as typeof Analyze).analyzeCommand(rest, color);
  if (cmd === 'check') return (require('./check') as typeof Check).runCheckCommand(rest);
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

/** Runs a command line and sets the exit code (dist/cli.js, src/cli/boot.ts, calls it). */
export function run(argv: string[]): void {
  takeHandedCaFile();
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
