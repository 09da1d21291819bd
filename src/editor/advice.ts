// Index advice in the editor: "Advise Indexes" tries the candidates of the statement under
// the cursor on a shadow in the sandbox; verified ones then get a "Copy CREATE INDEX" quick
// fix on that statement, with the evidence. Copying rows from a server other than the
// sandbox follows mysqlQueryTuner.advice.copyRows (ask: a modal naming the limit and where).
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as mysqlTypes from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { AdviceCache, copyIndexActions } from '../core/advise/actions';
import { renderAdviceText } from '../core/advise/render';
import { adviseOn } from '../core/advise/run';
import { DEFAULT_SAMPLE_ROWS, type CopyRows } from '../core/advise/shadow';
import { ProfilerSession } from '../core/session/profiler';
import { statementAt } from '../core/sql/statements';
// The one editor use of the sandbox: the shadow trial runs there, and only there (issue 16).
// eslint-disable-next-line no-restricted-imports -- the sandbox's address and credentials, read only
import { sandboxStatus } from '../sandbox';
import type { ConnectionStore } from './connections';
import { workspaceTrust } from './controller';
/** The driver is loaded on first use: activation must not compile it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mysql = { createConnection: (o: mysqlTypes.ConnectionOptions) => (require('mysql2/promise') as typeof mysqlTypes).createConnection(o) };

/** The sandbox folder the setting names (`~/` is the home folder); empty: where the CLI looks. */
export function sandboxDir(setting: string): { dir?: string } {
  const dir = setting.trim();
  if (!dir) return {};
  return { dir: dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : path.resolve(dir) };
}

export const ADVISE_COMMAND = 'mysqlQueryTuner.adviseIndexes';
export const COPY_INDEX_COMMAND = 'mysqlQueryTuner.copyCreateIndex';
const LANGS = [{ language: 'sql' }, { language: 'mysql' }];

/** The statement a range lies in (the selection itself when it is more than a cursor). */
function statementOf(doc: vscode.TextDocument, range: vscode.Range): string | undefined {
  if (!range.isEmpty) {
    const text = doc.getText(range).trim();
    if (text) return text;
  }
  return statementAt(doc.getText(), doc.offsetAt(range.start))?.text;
}

/** The two advice commands (registered by the command table). */
export interface AdviceCommands {
  advise(): Promise<void>;
  copyIndex(ddl: unknown, evidence: unknown): Promise<void>;
}

export function registerAdvice(d: { store: ConnectionStore; log: vscode.LogOutputChannel }, subs: vscode.Disposable[]): AdviceCommands {
  const cache = new AdviceCache();
  subs.push(
    vscode.languages.registerCodeActionsProvider(
      LANGS,
      {
        provideCodeActions(doc, range) {
          const text = statementOf(doc, range);
          const advice = text ? cache.get(doc.uri.toString(), text) : undefined;
          return copyIndexActions(advice ?? []).map((a) => {
            const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
            action.command = { command: COPY_INDEX_COMMAND, title: a.title, arguments: [a.ddl, a.evidence] };
            return action;
          });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.workspace.onDidCloseTextDocument((doc) => cache.forget(doc.uri.toString())),
  );
  return {
    advise: () => adviseCommand(d.store, d.log, cache),
    copyIndex: async (ddl, evidence) => {
      if (typeof ddl !== 'string') return;
      await vscode.env.clipboard.writeText(ddl);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} ({1})', ddl, String(evidence ?? '')));
    },
  };
}

async function adviseCommand(store: ConnectionStore, log: vscode.LogOutputChannel, cache: AdviceCache): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const text = editor ? statementOf(editor.document, editor.selection) : undefined;
  if (!editor || !text) return void vscode.window.showWarningMessage(vscode.l10n.t('Put the cursor in a SELECT statement first.'));
  const blocked = workspaceTrust.blocked();
  if (blocked) return void vscode.window.showWarningMessage(blocked);
  const conn = store.active();
  if (!conn) return void vscode.window.showWarningMessage(vscode.l10n.t('No connection: add or select one first.'));
  const config = vscode.workspace.getConfiguration('mysqlQueryTuner');
  const copyRows = config.get<CopyRows>('advice.copyRows', 'ask');
  const sampleRows = config.get<number>('advice.sampleRows', DEFAULT_SAMPLE_ROWS);
  let session: ProfilerSession | undefined;
  let sandboxFound = false;
  const openSandbox = async (): Promise<Connection | undefined> => {
    const c = await openSandboxIn(sandboxDir(config.get<string>('advice.sandboxDir', '')));
    sandboxFound = c !== undefined;
    return c;
  };
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Trying index candidates on the sandbox…') },
      async () => {
        // The analysis session: workspace trust asked first, then one connection the server keeps READ ONLY.
        session = new ProfilerSession(await store.spec(conn), undefined, workspaceTrust);
        const confirm = async (question: string) =>
          (await vscode.window.showWarningMessage(question, { modal: true }, vscode.l10n.t('Copy rows'))) !== undefined;
        return adviseOn(
          session,
          text,
          { copyRows, sampleRows, confirm, sandbox: openSandbox },
          { gate: workspaceTrust, timeoutSeconds: config.get<number>('timeoutSeconds', 30) },
        );
      },
    );
    cache.set(editor.document.uri.toString(), text, result.advice);
    log.info(`Index advice on ${conn.name}:\n${renderAdviceText(result)}`);
    const verified = result.advice.filter((a) => a.status === 'verified').length;
    const summary = !result.advice.length
      ? vscode.l10n.t('No index candidates for this statement.')
      : verified
        ? vscode.l10n.t(
            '{0} of {1} index candidates verified on the sandbox: the light bulb on the statement copies the CREATE INDEX.',
            verified,
            result.advice.length,
          )
        : vscode.l10n.t('None of the {0} index candidates was verified: {1}', result.advice.length, result.advice[0].reason);
    const details = vscode.l10n.t('Show details');
    // No sandbox found: say where it was looked for and offer the setting that points at it.
    const noSandbox = !sandboxFound && result.advice.length > 0;
    const setDir = noSandbox ? vscode.l10n.t('Set Sandbox Folder') : undefined;
    const where = !noSandbox ? '' : ` ${vscode.l10n.t('No running sandbox was found: Set Sandbox Folder to the folder `mqt sandbox start` prints.')}`;
    const pick = await vscode.window.showInformationMessage(summary + where, details, ...(setDir ? [setDir] : []));
    if (pick === details) log.show(true);
    else if (pick && pick === setDir) await vscode.commands.executeCommand('workbench.action.openSettings', 'mysqlQueryTuner.advice.sandboxDir');
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Index advice failed: {0}', (e as Error).message));
  } finally {
    await session?.close();
  }
}

/** The sandbox's own connection, for the shadow (READ WRITE there, in its own schema). */
async function openSandboxIn(where: { dir?: string }): Promise<Connection | undefined> {
  const st = await sandboxStatus(where);
  if (!st.running || !st.info) return undefined;
  const i = st.info;
  return mysql.createConnection({ host: i.host, port: i.port, user: i.user, password: i.password, database: i.database, multipleStatements: false });
}
