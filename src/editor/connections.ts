import * as vscode from 'vscode';
import { DEFAULT_TLS, onConnectionWarning, TLS_MODES, type ConnectionSpec, type TlsMode } from '../core/session/connection';
import { mark } from './marks';
import { parseSshTarget, tunnelVia, type SshSecrets, type SshSpec } from '../core/session/ssh';

/** A saved connection as it lives in settings: everything but the password. */
export interface SavedConnection {
  name: string;
  host: string;
  port: number;
  user: string;
  database?: string;
  tls?: TlsMode;
  /** Unix socket, used instead of host and port. */
  socketPath?: string;
  /** PEM files: the CA that signed the server's certificate, a client certificate and its key. */
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Through an SSH tunnel: the bastion as user@host[:port], its key file, a known_hosts file. */
  ssh?: string;
  sshKey?: string;
  sshKnownHosts?: string;
}

const FILE_FIELDS = ['socketPath', 'tlsCa', 'tlsCert', 'tlsKey', 'ssh', 'sshKey', 'sshKnownHosts'] as const;

/** The settings entry for a spec (from a URL, an option file...): everything but the password. */
export function savedFromSpec(name: string, spec: ConnectionSpec): SavedConnection {
  const c: SavedConnection = { name, host: spec.host, port: spec.port, user: spec.user, tls: spec.tls ?? DEFAULT_TLS };
  if (spec.database) c.database = spec.database;
  for (const f of FILE_FIELDS) if (spec[f]) c[f] = spec[f];
  return c;
}

const SECTION = 'mysqlQueryTuner';
const ACTIVE_KEY = 'mysqlQueryTuner.activeConnection';
const secretKey = (name: string) => `mysqlQueryTuner.password:${name}`;
const sshSecretKey = (name: string) => `mysqlQueryTuner.sshPassword:${name}`;

function normalize(raw: unknown): SavedConnection | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.name !== 'string' || typeof r.host !== 'string' || typeof r.user !== 'string') return undefined;
  const port = Number(r.port ?? 3306);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  const c: SavedConnection = { name: r.name, host: r.host, port, user: r.user };
  if (typeof r.database === 'string' && r.database) c.database = r.database;
  if (typeof r.tls === 'string' && (TLS_MODES as readonly string[]).includes(r.tls)) c.tls = r.tls as TlsMode;
  for (const f of FILE_FIELDS) if (typeof r[f] === 'string' && r[f]) c[f] = r[f];
  return c;
}

/**
 * Connections in user settings, passwords in SecretStorage, the active one in globalState.
 * Fires onDidChange when any of those change.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Open SSH tunnels by connection name; closed when connections change. */
  private readonly tunnels = new Map<string, { key: string; close(): void; via: NonNullable<ConnectionSpec['via']> }>();
  /**
   * Secrets read once and kept until SecretStorage says they changed: in code-server a read is a
   * round trip through the workbench, which is busiest just when a first report opens its panel.
   */
  private readonly secretReads = new Map<string, Thenable<string | undefined>>();

  constructor(private readonly context: vscode.ExtensionContext) {
    context.secrets.onDidChange((e) => this.secretReads.delete(e.key), null, this.subscriptions);
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (e.affectsConfiguration(`${SECTION}.connections`)) this.changed.fire();
      },
      null,
      this.subscriptions,
    );
    this.onDidChange(() => this.closeTunnels(), null, this.subscriptions);
  }

  private closeTunnels(): void {
    for (const t of this.tunnels.values()) t.close();
    this.tunnels.clear();
  }

  private secret(key: string): Thenable<string | undefined> {
    let read = this.secretReads.get(key);
    if (!read) {
      read = this.context.secrets.get(key);
      this.secretReads.set(key, read);
      read.then(undefined, () => this.secretReads.get(key) === read && this.secretReads.delete(key));
    }
    return read;
  }

  private async storeSecret(key: string, value: string | undefined): Promise<void> {
    try {
      if (value) await this.context.secrets.store(key, value);
      else await this.context.secrets.delete(key);
    } finally {
      this.secretReads.delete(key);
    }
  }

  /** Reads the active connection's secrets ahead of its first use (idle time after activation). */
  prefetchSecrets(): void {
    const conn = this.active();
    if (!conn) return;
    const quiet = () => undefined;
    mark('secrets prefetch');
    this.secret(secretKey(conn.name)).then(() => mark('secrets prefetched'), quiet);
    if (conn.ssh) this.secret(sshSecretKey(conn.name)).then(undefined, quiet);
  }

  list(): SavedConnection[] {
    const raw = vscode.workspace.getConfiguration(SECTION).get<unknown[]>('connections', []);
    return (Array.isArray(raw) ? raw : []).map(normalize).filter((c): c is SavedConnection => c !== undefined);
  }

  active(): SavedConnection | undefined {
    const all = this.list();
    const name = this.context.globalState.get<string>(ACTIVE_KEY);
    return all.find((c) => c.name === name) ?? (all.length === 1 ? all[0] : undefined);
  }

  async setActive(name: string): Promise<void> {
    await this.context.globalState.update(ACTIVE_KEY, name);
    this.changed.fire();
  }

  async save(conn: SavedConnection, password: string | undefined): Promise<void> {
    const others = this.list().filter((c) => c.name !== conn.name);
    await vscode.workspace.getConfiguration(SECTION).update('connections', [...others, conn], vscode.ConfigurationTarget.Global);
    await this.storeSecret(secretKey(conn.name), password);
    await this.setActive(conn.name);
  }

  async remove(name: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(
      'connections',
      this.list().filter((c) => c.name !== name),
      vscode.ConfigurationTarget.Global,
    );
    await this.storeSecret(secretKey(name), undefined);
    await this.storeSecret(sshSecretKey(name), undefined);
    if (this.context.globalState.get<string>(ACTIVE_KEY) === name) await this.context.globalState.update(ACTIVE_KEY, undefined);
    this.changed.fire();
  }

  async spec(conn: SavedConnection): Promise<ConnectionSpec> {
    const password = await this.secret(secretKey(conn.name));
    const spec: ConnectionSpec = { host: conn.host, port: conn.port, user: conn.user, tls: conn.tls ?? DEFAULT_TLS };
    if (password) spec.password = password;
    if (conn.database) spec.database = conn.database;
    for (const f of FILE_FIELDS) if (conn[f]) spec[f] = conn[f];
    if (conn.ssh) spec.via = await this.tunnel(conn);
    return spec;
  }

  /** The SSH tunnel of a connection, opened on its first use; host keys checked against known_hosts, or asked about. */
  private async tunnel(conn: SavedConnection): Promise<NonNullable<ConnectionSpec['via']>> {
    const key = JSON.stringify([conn.ssh, conn.sshKey, conn.sshKnownHosts, conn.host, conn.port]);
    const open = this.tunnels.get(conn.name);
    if (open?.key === key) return open.via;
    open?.close();
    const ssh: SshSpec = parseSshTarget(conn.ssh!);
    if (conn.sshKey) ssh.keyFile = conn.sshKey;
    if (conn.sshKnownHosts) ssh.knownHosts = conn.sshKnownHosts;
    const secrets: SshSecrets = {};
    const stored = await this.secret(sshSecretKey(conn.name));
    if (stored) {
      if (conn.sshKey) secrets.passphrase = stored;
      else secrets.password = stored;
    }
    const t = tunnelVia(ssh, secrets, { host: conn.host, port: conn.port }, { onUnknownHost: askHostKey });
    this.tunnels.set(conn.name, { key, ...t });
    return t.via;
  }

  /** The SSH password (or key passphrase) of a connection, kept in SecretStorage. */
  async setSshSecret(name: string, secret: string | undefined): Promise<void> {
    await this.storeSecret(sshSecretKey(name), secret);
    this.closeTunnels();
  }

  dispose(): void {
    this.closeTunnels();
    for (const d of this.subscriptions) d.dispose();
  }
}

export function describe(conn: SavedConnection): string {
  return `${conn.user}@${conn.host}:${conn.port}${conn.database ? `/${conn.database}` : ''}${conn.ssh ? ` via ssh ${conn.ssh}` : ''}`;
}

/** First use of a bastion: show its fingerprint and ask, as ssh does; a yes is saved to known_hosts. */
async function askHostKey(host: string, fingerprint: string): Promise<boolean> {
  const trust = vscode.l10n.t('Trust and Save');
  const pick = await vscode.window.showWarningMessage(
    vscode.l10n.t('The SSH host {0} is not in known_hosts. Its key fingerprint is {1}. Trust it and save it to known_hosts?', host, fingerprint),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Compare the fingerprint with the one your administrator gave you (ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub on the bastion).',
      ),
    },
    trust,
  );
  return pick === trust;
}

/** Connection warnings (unverified TLS to another machine, once per host) go to the log and a notification. */
export function showConnectionWarnings(log: vscode.LogOutputChannel): void {
  onConnectionWarning((message) => {
    log.warn(message);
    void vscode.window.showWarningMessage(message);
  });
}
