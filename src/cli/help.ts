// `mqt <command> --help`: one text per command. A command added to main.ts adds its text here.
import { CONNECTION_HELP } from './connect';
import { HINTS_USAGE } from './hints';
import { CHECK_HELP } from './check';
import { DIGEST_USAGE } from './digest';
import { TOP_USAGE } from './top';
import { TRACE_USAGE } from './trace';
import { ADVISE_USAGE } from './advise';

const FORMATS = 'text|json|md|html';

export const COMMAND_HELP: Record<string, string> = {
  analyze: `Usage: mqt analyze --url URL (--sql TEXT | --file FILE) [options]

Explains, measures and profiles each statement (a file is split statement by statement).
Writes are EXPLAINed only unless --allow-writes; DDL never runs.

Options:
  --sql TEXT            the statement(s)
  --file FILE           read the statement(s) from FILE
  --format ${FORMATS}   output format (default text)
  --out FILE            write the output to FILE instead of standard output
  --timeout SECONDS     longest time a statement may run (default 30)
  --repeat N            run each statement N times: cold run apart from the warm ones
  --actuals auto|always|never   actual rows per plan node (default auto, as in the editor): on MariaDB
                                from the measured run itself, on MySQL from a second run of at most 2 s
  --allow-writes        run writes inside START TRANSACTION ... ROLLBACK (transactional tables only)
  --read-only           accepted for old scripts: every analysis session is read-only at the server
  --trace auto|never    the optimizer trace (Why this plan) of one more EXPLAIN (default auto)
  --progress            while a statement runs (after ~1 s), one JSON line per live update on stderr
  --advice              index advice per SELECT, tried on a shadow in the sandbox (as mqt advise): JSON \`advice\`
  --copy-rows ask|never|always   with --advice: copying rows from a server other than the sandbox (default ask)
${CONNECTION_HELP}

Exit codes: 0 ok; 1 the server rejected a statement, a statement could not be read, or the
connection failed (the report is still written); 2 bad usage or input.`,
  compare: `Usage: mqt compare A.json B.json [--format text|json]

What changed between two reports saved with \`mqt analyze --format json\`: time, counters,
stages and how each table is read.`,
  plan: `Usage: mqt plan --input FILE [--format text|json]

Parses a saved EXPLAIN output (tables, \\G, JSON, TREE, ANALYZE; - for standard input) and
prints the plan. No database.`,
  hints: `Usage: ${HINTS_USAGE}

Rewrite hints for a statement or a script. With --url, the schema and EXPLAIN plans of the
server are used as evidence (EXPLAIN only: nothing is executed).
${CONNECTION_HELP}`,
  sandbox: `Usage: mqt sandbox start|stop|status|url [--tls]

The private sample MariaDB (sakila) on 127.0.0.1, data in .sandbox/ (MQT_SANDBOX_DIR),
port 3407 (MQT_SANDBOX_PORT).
  start        start it (first start: initialise, load sakila, make its TLS certificates)
  stop         stop it
  status       running or stopped
  url [--tls]  the mqt user's URL; --tls: verify-full against the sandbox's own CA`,
  check: CHECK_HELP,
  digest: `Usage: ${DIGEST_USAGE}

Reads MariaDB and MySQL slow query logs (streamed) and groups the statements by fingerprint,
as pt-query-digest does: count, Query_time sum/avg/p95/max, Lock_time, rows sent and examined,
first and last seen, and a sample with real literals. No database.`,
  top: `Usage: ${TOP_USAGE}

The statements that took the most time, from performance_schema's
events_statements_summary_by_digest, with rows examined and sent, temporary tables on disk,
full scans and no-index-used, and a sample statement where the server keeps one.
The tool's own statements (SET, SHOW, FLUSH, EXPLAIN, catalog reads...) are left out, and
an ANALYZE FORMAT=JSON run counts as its statement; --all lists every digest as it is.
${CONNECTION_HELP}`,
  trace: `Usage: ${TRACE_USAGE}

With --url, the statement is only EXPLAINed, under the same safety rules as analyze; --input
reads a saved trace (MySQL or MariaDB; end markers, one line or pretty, cut short).
${CONNECTION_HELP}`,
  advise: `Usage: ${ADVISE_USAGE}

Index candidates for the statement, each tried on a shadow copy of the tables in the sandbox
(the analysed server receives only reads).
${CONNECTION_HELP}`,
  demo: `Usage: mqt demo [--out FILE]

Starts the sandbox, analyses the sample queries, prints a report per query and a summary, and
writes one offline HTML file (default mqt-demo-report.html).`,
};

export const GLOBAL_HELP = `Global options: --no-color (or NO_COLOR=1) turns colour off; colour is used only on a terminal
(FORCE_COLOR=1 forces it). mqt <command> --help describes a command.`;

/** True when the arguments ask for help (before any `--` end of options). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
