import * as vscode from 'vscode';
import { ConnectionUrlError, parseConnectionUrl, TLS_MODES, type TlsMode } from '../core/session/connection';
import { savedFromSpec, type ConnectionStore, type SavedConnection } from './connections';

const TLS_LABELS: Record<TlsMode, string> = {
  disabled: 'Never use TLS',
  preferred: 'Use TLS when the server offers it (plain text only to this machine)',
  required: 'Require TLS (certificate not verified)',
  'verify-full': 'Require TLS and verify the certificate',
};

/**
 * Host, port, user, database, TLS mode, password. The first box also takes a whole
 * mysql:// URL, which fills the rest in one go.
 */
export async function addConnection(store: ConnectionStore, arg?: unknown): Promise<SavedConnection | undefined> {
  // Another command (a script, a link) may pass `{ url, name? }`: the user is asked before it is saved,
  // since statements sent to a connection reach whoever runs that server.
  const given = typeof arg === 'string' ? { url: arg } : (arg as { url?: unknown; name?: unknown } | undefined);
  if (given && typeof given.url === 'string') {
    const spec = parseConnectionUrl(given.url);
    const conn = savedFromSpec(typeof given.name === 'string' && given.name ? given.name : `${spec.user}@${spec.host}:${spec.port}${spec.database ? `/${spec.database}` : ''}`, spec);
    const where = `${spec.user}@${spec.socketPath ?? `${spec.host}:${spec.port}`}${spec.database ? `/${spec.database}` : ''}${spec.ssh ? ` via ssh ${spec.ssh}` : ''}`;
    const save = vscode.l10n.t('Save Connection');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('A command asks to save the connection "{0}" ({1}). Statements you analyse on it are sent to that server. Save it?', conn.name, where),
      { modal: true }, save);
    if (answer !== save) return undefined;
    await store.save(conn, spec.password);
    return conn;
  }
  const first = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Connection (1/6)'), prompt: vscode.l10n.t('Host name or IP address, or a whole mysql://user:password@host:port/database URL'),
    value: '127.0.0.1', ignoreFocusOut: true,
  });
  if (first === undefined) return undefined;
  let host = first.trim();
  let port = 3306;
  let user = '';
  let database = '';
  let password: string | undefined;
  let tls: TlsMode | undefined;
  let fromUrl = false;
  let files: Pick<SavedConnection, 'tlsCa' | 'tlsCert' | 'tlsKey' | 'socketPath' | 'ssh' | 'sshKey' | 'sshKnownHosts'> = {};
  if (/^(mysql|mariadb):\/\//i.test(host)) {
    try {
      const spec = parseConnectionUrl(host);
      ({ host, port, user } = spec);
      database = spec.database ?? '';
      password = spec.password;
      tls = spec.tls;
      const { name: _n, host: _h, port: _p, user: _u, tls: _t, database: _d, ...rest } = savedFromSpec('', spec);
      files = rest;
      fromUrl = true;
    } catch (e) {
      if (e instanceof ConnectionUrlError) void vscode.window.showErrorMessage(e.message);
      return undefined;
    }
  }
  if (!fromUrl) {
    const portText = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Connection (2/6)'), prompt: vscode.l10n.t('Port'), value: '3306', ignoreFocusOut: true,
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? undefined : vscode.l10n.t('A port number from 1 to 65535')),
    });
    if (portText === undefined) return undefined;
    port = Number(portText);
    const u = await vscode.window.showInputBox({ title: vscode.l10n.t('Add Connection (3/6)'), prompt: vscode.l10n.t('User'), value: 'root', ignoreFocusOut: true, validateInput: (v) => (v ? undefined : vscode.l10n.t('A user name is required')) });
    if (u === undefined) return undefined;
    user = u;
    const db = await vscode.window.showInputBox({ title: vscode.l10n.t('Add Connection (4/6)'), prompt: vscode.l10n.t('Default database (optional)'), ignoreFocusOut: true });
    if (db === undefined) return undefined;
    database = db.trim();
  }
  if (!tls) {
    const pick = await vscode.window.showQuickPick(TLS_MODES.map((m) => ({ label: m, description: TLS_LABELS[m] })), {
      title: vscode.l10n.t('Add Connection (5/6): TLS mode'), ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    tls = pick.label as TlsMode;
  }
  if (!fromUrl) {
    password = await vscode.window.showInputBox({ title: vscode.l10n.t('Add Connection (6/6)'), prompt: vscode.l10n.t("Password for {0} (kept in VS Code's secret storage)", user), password: true, ignoreFocusOut: true });
    if (password === undefined) return undefined;
  }
  const defaultName = `${user}@${host}:${port}${database ? `/${database}` : ''}`;
  const taken = new Set(store.list().map((c) => c.name));
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Connection name'), prompt: vscode.l10n.t('A name for the status bar'), value: defaultName, ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'A name is required' : taken.has(v.trim()) ? { message: 'A connection with this name exists: it will be replaced', severity: vscode.InputBoxValidationSeverity.Warning } : undefined),
  });
  if (name === undefined) return undefined;
  const conn: SavedConnection = { name: name.trim(), host, port, user, tls, ...files };
  if (database) conn.database = database;
  await store.save(conn, password);
  if (conn.ssh) {
    const secret = await vscode.window.showInputBox({
      title: vscode.l10n.t('SSH tunnel through {0}', conn.ssh), password: true, ignoreFocusOut: true,
      prompt: conn.sshKey ? vscode.l10n.t('Passphrase of {0} (empty if the key has none)', conn.sshKey) : vscode.l10n.t('SSH password (empty to use the ssh-agent); kept in secret storage'),
    });
    if (secret) await store.setSshSecret(conn.name, secret);
  }
  return conn;
}
