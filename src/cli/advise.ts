import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type * as mysqlTypes from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { adviseOn } from '../core/advise/run';
import { DEFAULT_SAMPLE_ROWS, type AdviceRun, type CopyRows } from '../core/advise/shadow';
import { renderAdviceText } from '../core/advise/render';
import { ProfilerSession } from '../core/session/profiler';
import { sandboxStatus } from '../sandbox';
import { CONNECTION_OPTIONS, connectionSpec } from './connect';
import { UsageError } from './errors';

// The driver loads on first use, so that `mqt` starts without it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mysql = { createConnection: (o: mysqlTypes.ConnectionOptions) => (require('mysql2/promise') as typeof mysqlTypes).createConnection(o) };

/** `mqt advise`: candidates for one statement, verified on a shadow in the sandbox when it runs. */
export async function runAdviseCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, sql: { type: 'string' }, format: { type: 'string' }, 'sample-rows': { type: 'string' }, 'copy-rows': { type: 'string' } },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be one of text, json (got "${format}")`);
  if (values.sql === undefined) throw new UsageError('--sql TEXT is required');
  const sampleRows = values['sample-rows'] !== undefined ? Number(values['sample-rows']) : DEFAULT_SAMPLE_ROWS;
  if (!Number.isInteger(sampleRows) || sampleRows < 1) throw new UsageError('--sample-rows must be a positive whole number');
  const copyRows = (values['copy-rows'] ?? 'ask') as CopyRows;
  if (!['ask', 'never', 'always'].includes(copyRows)) throw new UsageError('--copy-rows must be one of ask, never, always');
  const spec = await connectionSpec(values); // through the tunnel too (--ssh)
  // The pipeline's session: the server keeps it READ ONLY; the shadow is built on the sandbox's own connection.
  const session = new ProfilerSession(spec);
  try {
    const result = await adviseOn(session, values.sql, adviceRun(copyRows, sampleRows));
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(result.advice, null, 2)}\n`);
      for (const n of result.notes) process.stderr.write(`note: ${n}\n`);
    } else process.stdout.write(renderAdviceText(result));
  } finally {
    await session.close();
  }
}

/** The advise step's options for the CLI: the running sandbox, and a question on a terminal. */
export function adviceRun(copyRows: CopyRows = 'ask', sampleRows = DEFAULT_SAMPLE_ROWS): AdviceRun {
  return { copyRows, sampleRows, sandbox: openSandbox, ...terminalConfirm() };
}

async function openSandbox(): Promise<Connection | undefined> {
  const st = await sandboxStatus();
  if (!st.running || !st.info) return undefined;
  const i = st.info;
  return mysql.createConnection({ host: i.host, port: i.port, user: i.user, password: i.password, database: i.database, multipleStatements: false });
}

/** On a terminal, copying rows from another server asks; elsewhere `ask` declines. */
function terminalConfirm(): { confirm?: (question: string) => Promise<boolean> } {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return {};
  return {
    confirm: async (question: string) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}
