// `mqt <command> --help`: one text per command. A command added to main.ts adds its text here.
// The usage texts live here, apart from the commands' code, so that main.ts can print them
// without loading any command.

/**
 * parseArgs options every command that connects accepts (analyze, hints, top, trace, advise,
 * check): spread them into the command's options and pass the values to connectionSpec().
 */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  'password-file': { type: 'string' },
  password: { type: 'boolean', short: 'p' },
  ssh: { type: 'string' },
  'ssh-key': { type: 'string' },
  'ssh-known-hosts': { type: 'string' },
} as const;

export const CONNECTION_HELP = `Connection:
  --url URL             mysql://user@host:port/database[?ssl-mode=...&ssl-ca=FILE], "sandbox", or MQT_URL
  -p, --password        ask for the password on the terminal (it is never taken from argv)
  --password-file FILE  read the password from the file's first line
  MQT_PASSWORD          the password, from the environment
  A password inside --url is visible to every local user in the process list: mqt warns.
  --ssh user@host[:port]  through an SSH tunnel; the URL's host and port are as the bastion sees them
  --ssh-key FILE          the SSH private key (else the agent, SSH_AUTH_SOCK, or MQT_SSH_PASSWORD);
                          MQT_SSH_PASSPHRASE unlocks an encrypted key
  --ssh-known-hosts FILE  where the bastion's host key must be (default ~/.ssh/known_hosts)`;

export const HINTS_USAGE = 'mqt hints (--sql TEXT | --file FILE) [--url URL] [--format json|text] [--dialect mysql|mariadb] [--disable RULE,...]';

export const DIGEST_USAGE = 'mqt digest FILE... [--format text|json] [--limit N] [--progress|--no-progress]';

export const TOP_USAGE = 'mqt top --url URL [--format text|json] [--limit N] [--schema NAME] [--all] [connection options]';

export const TRACE_USAGE =
  'mqt trace (--url URL --sql TEXT | --input FILE) [--format text|json] [connection options]   why this plan: the optimizer trace (the statement is only EXPLAINed)';

export const ADVISE_USAGE =
  'mqt advise --url URL --sql TEXT [--format json|text] [--sample-rows N] [--copy-rows ask|never|always] [connection options]   index candidates, each tried on a shadow copy in the sandbox';

export const CHECK_USAGE =
  'mqt check --url URL --file FILE [--file FILE ...] --baseline FILE [--update] [--format text|md|json] [--out FILE] [--timeout SECONDS] [--verbose] [connection options]';

export const CHECK_HELP = `Usage: ${CHECK_USAGE}

EXPLAINs every statement of the SQL files (statements are never executed) and compares each
plan with its entry in the baseline file.
  --update     write the baseline from the plans now (entries of other files are kept);
               nothing is written when a statement fails to EXPLAIN
  --format     text (default), md (a pull-request comment), json
  --out FILE   write the result there instead of standard output
  --verbose    text format: list unchanged statements too
Worse: a table goes from an index access to a full table or index scan, or loses its key;
its estimated rows grow by an order of magnitude; a filesort or temporary table appears;
the join order changes at a higher cost. Statements are matched with baseline entries by
fingerprint, then by their neighbours, so editing or inserting one shifts no other.
Exit codes: 0 no plan got worse, 1 a plan got worse, 2 bad usage or input,
3 a statement could not be explained (or no connection); 3 wins over 1.
${CONNECTION_HELP}`;

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
