// The boxes of Add Connection, one function each; addConnection.ts puts them in order.
import * as vscode from 'vscode';
import { ConnectionUrlError, parseConnectionUrl, TLS_MODES, type ConnectionSpec, type TlsMode } from '../core/session/connection';
import { savedFromSpec, type ConnectionStore, type SavedConnection } from './connections';

const TLS_LABELS: Record<TlsMode, string> = {
  disabled: 'Never use TLS',
  preferred: 'Use TLS when the server offers it (plain text only to this machine)',
  required: 'Require TLS (certificate not verified)',
  'verify-full': 'Require TLS and verify the certificate',
};

/** What the boxes gathered so far; `tls` stays unset until asked (a URL may give it). */
export interface Draft {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
  tls?: TlsMode;
  fromUrl: boolean;
  /** The other settings a URL can carry: socket, TLS files, SSH. */
  extra: Omit<SavedConnection, 'name' | 'host' | 'port' | 'user' | 'tls' | 'database'>;
}

const where = (spec: ConnectionSpec): string =>
  `${spec.user}@${spec.socketPath ?? `${spec.host}:${spec.port}`}${spec.database ? `/${spec.database}` : ''}${spec.ssh ? ` via ssh ${spec.ssh}` : ''}`;

/**
 * A URL another command (a script, a link) passed: saved only after the user says yes, since
 * statements sent to a connection reach whoever runs that server.
 */
export async function confirmGiven(store: ConnectionStore, given: { url: string; name?: unknown }): Promise<SavedConnection | undefined> {
  const spec = parseConnectionUrl(given.url);
  const conn = savedFromSpec(
    typeof given.name === 'string' && given.name ? given.name : `${spec.user}@${spec.host}:${spec.port}${spec.database ? `/${spec.database}` : ''}`,
    spec,
  );
  const save = vscode.l10n.t('Save Connection');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('A command asks to save the connection "{0}" ({1}). Statements you analyse on it are sent to that server. Save it?', conn.name, where(spec)),
    { modal: true },
    save,
  );
  if (answer !== save) return undefined;
  await store.save(conn, spec.password);
  return conn;
}

/** The first box: a host name, or a whole mysql:// URL that fills the rest in one go. */
export async function askHostOrUrl(): Promise<Draft | undefined> {
  const first = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection (1/6)'),
    prompt: vscode.l10n.t('Host name or IP address, or a whole mysql://user:password@host:port/database URL'),
    value: '127.0.0.1',
    ignoreFocusOut: true,
  });
  if (first === undefined) return undefined;
  const text = first.trim();
  if (!/^(mysql|mariadb):\/\//i.test(text)) return { host: text, port: 3306, user: '', database: '', fromUrl: false, extra: {} };
  try {
    const spec = parseConnectionUrl(text);
    const { name: _n, host: _h, port: _p, user: _u, tls: _t, database: _d, ...extra } = savedFromSpec('', spec);
    const draft: Draft = { host: spec.host, port: spec.port, user: spec.user, database: spec.database ?? '', fromUrl: true, extra };
    if (spec.password !== undefined) draft.password = spec.password;
    if (spec.tls) draft.tls = spec.tls;
    return draft;
  } catch (e) {
    if (e instanceof ConnectionUrlError) void vscode.window.showErrorMessage(e.message);
    return undefined;
  }
}

/** Port, user and database (boxes 2 to 4); false when cancelled. */
export async function askServer(d: Draft): Promise<boolean> {
  const portText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection (2/6)'),
    prompt: vscode.l10n.t('Port'),
    value: '3306',
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? undefined : vscode.l10n.t('A port number from 1 to 65535')),
  });
  if (portText === undefined) return false;
  d.port = Number(portText);
  const u = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection (3/6)'),
    prompt: vscode.l10n.t('User'),
    value: 'root',
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : vscode.l10n.t('A user name is required')),
  });
  if (u === undefined) return false;
  d.user = u;
  const db = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection (4/6)'),
    prompt: vscode.l10n.t('Default database (optional)'),
    ignoreFocusOut: true,
  });
  if (db === undefined) return false;
  d.database = db.trim();
  return true;
}

export async function askTls(): Promise<TlsMode | undefined> {
  const pick = await vscode.window.showQuickPick(
    TLS_MODES.map((m) => ({ label: m, description: TLS_LABELS[m] })),
    {
      title: vscode.l10n.t('Add Connection (5/6): TLS mode'),
      ignoreFocusOut: true,
    },
  );
  return pick?.label as TlsMode | undefined;
}

export function askPassword(user: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection (6/6)'),
    prompt: vscode.l10n.t("Password for {0} (kept in VS Code's secret storage)", user),
    password: true,
    ignoreFocusOut: true,
  });
}

/** The name for the status bar; an existing one is replaced, with a warning while typing. */
export function askName(store: ConnectionStore, d: Draft): Thenable<string | undefined> {
  const taken = new Set(store.list().map((c) => c.name));
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Connection name'),
    prompt: vscode.l10n.t('A name for the status bar'),
    value: `${d.user}@${d.host}:${d.port}${d.database ? `/${d.database}` : ''}`,
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim()
        ? 'A name is required'
        : taken.has(v.trim())
          ? { message: 'A connection with this name exists: it will be replaced', severity: vscode.InputBoxValidationSeverity.Warning }
          : undefined,
  });
}

/** Through a bastion: its password (or the key's passphrase), kept in secret storage. */
export async function askSshSecret(store: ConnectionStore, conn: SavedConnection): Promise<void> {
  if (!conn.ssh) return;
  const secret = await vscode.window.showInputBox({
    title: vscode.l10n.t('SSH tunnel through {0}', conn.ssh),
    password: true,
    ignoreFocusOut: true,
    prompt: conn.sshKey
      ? vscode.l10n.t('Passphrase of {0} (empty if the key has none)', conn.sshKey)
      : vscode.l10n.t('SSH password (empty to use the ssh-agent); kept in secret storage'),
  });
  if (secret) await store.setSshSecret(conn.name, secret);
}
