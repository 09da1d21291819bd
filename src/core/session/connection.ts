import { readFileSync } from 'node:fs';
import { connect as netConnect, isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'mysql2';
import type * as mysql from 'mysql2/promise';
import { AnalysisError, connectionErrorMessage, toReportError } from './errors';
import { trustHandedCas } from './extraCa';

export type TlsMode = 'disabled' | 'preferred' | 'required' | 'verify-full';
export const TLS_MODES: readonly TlsMode[] = ['disabled', 'preferred', 'required', 'verify-full'];
/** The one default of the CLI and the editor: TLS when offered, plain text only on this machine. */
export const DEFAULT_TLS: TlsMode = 'preferred';

/** Where to connect. The password is passed in, never stored with the rest. */
export interface ConnectionSpec {
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  tls?: TlsMode;
  /** Unix socket path; used instead of host/port when set. */
  socketPath?: string;
  /** PEM files: CA bundle to verify the server, client certificate and its key. */
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Give up connecting after this long (default 8 s). */
  connectTimeoutMs?: number;
  /** Reach the server through this (an SSH tunnel); host and port are then as the bastion sees them. */
  via?: { label: string; stream: StreamFactory };
  /** The bastion as user@host[:port] and its key file, from the URL's ssh= and ssh-key=. */
  ssh?: string;
  sshKey?: string;
  sshKnownHosts?: string;
}

export class ConnectionUrlError extends Error {}

/** mysql://user:password@host:port/database?ssl-mode=REQUIRED */
export function parseConnectionUrl(url: string): ConnectionSpec {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new ConnectionUrlError(`Not a connection URL: expected mysql://user:password@host:port/database`);
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new ConnectionUrlError(`Unsupported URL scheme "${u.protocol}": use mysql://`);
  }
  if (!u.hostname) throw new ConnectionUrlError('No host in the connection URL: expected mysql://user:password@host:port/database');
  const port = u.port ? Number(u.port) : 3306;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConnectionUrlError(`Bad port in URL: ${u.port}`);
  const spec: ConnectionSpec = {
    host: decodeURIComponent(u.hostname || '127.0.0.1').replace(/^\[|\]$/g, ''),
    port,
    user: decodeURIComponent(u.username || 'root'),
  };
  if (u.password) spec.password = decodeURIComponent(u.password);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (db) spec.database = db;
  const mode = (u.searchParams.get('ssl-mode') ?? u.searchParams.get('sslmode') ?? u.searchParams.get('tls') ?? '').toLowerCase();
  if (mode) spec.tls = tlsFromParam(mode);
  const socket = u.searchParams.get('socket');
  if (socket) spec.socketPath = socket;
  const files = { tlsCa: ['ssl-ca', 'sslca'], tlsCert: ['ssl-cert', 'sslcert'], tlsKey: ['ssl-key', 'sslkey'] } as const;
  for (const [field, names] of Object.entries(files) as Array<[keyof typeof files, readonly string[]]>) {
    const v = names.map((n) => u.searchParams.get(n)).find((x) => x);
    if (v) spec[field] = v;
  }
  const ssh = u.searchParams.get('ssh');
  if (ssh) spec.ssh = ssh;
  const sshKey = u.searchParams.get('ssh-key');
  if (sshKey) spec.sshKey = sshKey;
  const knownHosts = u.searchParams.get('ssh-known-hosts');
  if (knownHosts) spec.sshKnownHosts = knownHosts;
  if ((spec.tlsCa || spec.tlsCert) && !spec.tls) spec.tls = spec.tlsCa ? 'verify-full' : 'required';
  return spec;
}

function tlsFromParam(mode: string): TlsMode {
  switch (mode) {
    case 'disabled':
    case 'false':
    case 'off':
      return 'disabled';
    case 'preferred':
      return 'preferred';
    case 'required':
    case 'true':
    case 'on':
      return 'required';
    case 'verify_ca':
    case 'verify-ca':
    case 'verify_identity':
    case 'verify-identity':
    case 'verify-full':
      return 'verify-full';
    default:
      throw new ConnectionUrlError(`Unknown ssl-mode "${mode}" (use disabled, preferred, required or verify-full)`);
  }
}

/** A URL for display or for the CLI; the password is left out unless asked for. */
export function connectionUrl(spec: ConnectionSpec, withPassword = false): string {
  const auth = encodeURIComponent(spec.user) + (withPassword && spec.password ? `:${encodeURIComponent(spec.password)}` : '');
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  const db = spec.database ? `/${encodeURIComponent(spec.database)}` : '';
  const params = new URLSearchParams();
  if (spec.tls && spec.tls !== 'disabled') params.set('ssl-mode', spec.tls);
  if (spec.tlsCa) params.set('ssl-ca', spec.tlsCa);
  if (spec.tlsCert) params.set('ssl-cert', spec.tlsCert);
  if (spec.tlsKey) params.set('ssl-key', spec.tlsKey);
  if (spec.ssh) params.set('ssh', spec.ssh);
  if (spec.sshKey) params.set('ssh-key', spec.sshKey);
  if (spec.sshKnownHosts) params.set('ssh-known-hosts', spec.sshKnownHosts);
  const query = params.toString();
  return `mysql://${auth}@${host}:${spec.port}${db}${query ? `?${query}` : ''}`;
}

export class TlsFileError extends Error {}

function pem(what: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    // The path is the user's own setting; the file's content never appears in messages.
    throw new TlsFileError(`Cannot read the TLS ${what} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** A socket, localhost or a 127.0.0.0/8 or ::1 address: traffic that never leaves the machine (or the bastion). */
export function isLoopback(spec: Pick<ConnectionSpec, 'host' | 'socketPath'>): boolean {
  if (spec.socketPath) return true;
  const h = spec.host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return /^::ffff:127\./.test(h);
}

/**
 * ssl-mode=preferred straight to this machine (a socket, or TCP to loopback without a tunnel)
 * with no TLS file given: plain text. The traffic never leaves the host, and a TLS handshake cost
 * each `mqt` process 20-50 ms. `required` and `verify-full` always use TLS.
 */
export function plainOnLoopback(spec: ConnectionSpec, viaStream: boolean): boolean {
  return (spec.tls ?? DEFAULT_TLS) === 'preferred' && isLoopback(spec) && !viaStream && !spec.via && !spec.tlsCa && !spec.tlsCert && !spec.tlsKey;
}

const where = (spec: ConnectionSpec): string => `${spec.socketPath ?? `${spec.host}:${spec.port}`}${spec.via ? ` (${spec.via.label})` : ''}`;

const warned = new Set<string>();
let warningSink: (message: string) => void = (m) => process.emitWarning(m, 'MqtTlsWarning');

/** Where connection warnings go (the CLI: stderr; the editor: the log and a notification). */
export function onConnectionWarning(sink: (message: string) => void): void {
  warningSink = sink;
}

/** Once per host and port per process: TLS whose certificate nobody checked, to another machine. */
function warnUnverified(spec: ConnectionSpec, mode: TlsMode): void {
  if (isLoopback(spec)) return;
  const key = `${spec.host}:${spec.port}`;
  if (warned.has(key)) return;
  warned.add(key);
  warningSink(
    `TLS to ${key} is not verified (ssl-mode=${mode}): anyone on the path could pose as the server. Use ssl-mode=verify-full with the server's CA (ssl-ca).`,
  );
}

/** For tests: forget which hosts were warned about. */
export function resetConnectionWarnings(): void {
  warned.clear();
}

/** How a connection reaches the server when not by plain TCP or socket (an SSH tunnel). */
export type StreamFactory = () => Promise<Duplex>;

/**
 * The one way every part of the project connects: TLS by the spec's mode (verify-full checks
 * the CA and the host name); "preferred" is plain text straight to this machine (plainOnLoopback),
 * else TLS, and plain text after it only when the server offers no TLS and is on loopback; a
 * warning for unverified TLS to another machine.
 */
export async function openConnection(spec: ConnectionSpec, opts: { connectTimeoutMs?: number; stream?: StreamFactory } = {}): Promise<mysql.Connection> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const driver = require('mysql2/promise') as typeof mysql; // loaded on first use, not at activation
  const mode = spec.tls ?? DEFAULT_TLS;
  const attempt = async (tlsOn: boolean): Promise<mysql.Connection> => {
    let options: ConnectionOptions;
    try {
      options = driverOptions(spec, tlsOn);
    } catch (e) {
      throw new AnalysisError((e as Error).message); // an unreadable CA/cert/key file: no silent fallback
    }
    if (opts.connectTimeoutMs !== undefined) options.connectTimeout = opts.connectTimeoutMs;
    // mysql2 names the server to TLS only when it is a DNS name; for an IP address node checks
    // the certificate against the socket's _host, else against "localhost". So for verify-full
    // to an IP we open the socket ourselves and say which address it is.
    let stream: Duplex | undefined;
    const factory = opts.stream ?? spec.via?.stream;
    if (factory) stream = await factory();
    else if (tlsOn && mode === 'verify-full' && !spec.socketPath && isIP(spec.host)) {
      const socket = netConnect(spec.port, spec.host);
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      stream = socket;
    }
    if (stream) {
      if (isIP(spec.host)) (stream as Duplex & { _host?: string })._host = spec.host;
      options.stream = stream;
    }
    return driver.createConnection(options);
  };
  try {
    const conn = await attempt(mode !== 'disabled' && !plainOnLoopback(spec, opts.stream !== undefined));
    if (mode === 'preferred' || mode === 'required') {
      if (!spec.tlsCa && isTls(conn)) warnUnverified(spec, mode);
    }
    return conn;
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (mode === 'preferred' && code === 'HANDSHAKE_NO_SSL_SUPPORT') {
      if (!isLoopback(spec)) {
        throw new AnalysisError(
          `${where(spec)} offers no TLS, and ssl-mode=preferred falls back to plain text only on this machine. Set ssl-mode=disabled to connect without TLS on a network you trust.`,
          toReportError(e),
        );
      }
      try {
        return await attempt(false);
      } catch (e2) {
        if (e2 instanceof AnalysisError) throw e2;
        throw new AnalysisError(connectionErrorMessage(e2, where(spec)), toReportError(e2));
      }
    }
    throw new AnalysisError(connectionErrorMessage(e, where(spec)), toReportError(e));
  }
}

/**
 * After COM_QUIT is written: the socket no longer keeps the process alive (a CLI run ends as
 * soon as it is done, not when the server has closed its side; the bytes are already with the
 * kernel, which still delivers them and the close).
 */
export function letGo(conn: mysql.Connection): void {
  const raw = (conn as unknown as { connection?: { stream?: { unref?: () => void } } }).connection;
  raw?.stream?.unref?.();
}

function isTls(conn: mysql.Connection): boolean {
  const raw = (conn as unknown as { connection?: { stream?: { encrypted?: boolean; getPeerCertificate?: unknown } } }).connection;
  return raw?.stream?.encrypted === true || typeof raw?.stream?.getPeerCertificate === 'function';
}

/** mysql2 options: one statement per call, fast failure on an unreachable host. */
export function driverOptions(spec: ConnectionSpec, tlsOn: boolean): ConnectionOptions {
  const opts: ConnectionOptions = {
    user: spec.user,
    password: spec.password ?? '',
    // Never more than one statement per call: `SELECT 1; DROP TABLE x` is a syntax error.
    multipleStatements: false,
    connectTimeout: spec.connectTimeoutMs ?? 8000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    // Nothing is prepared (query(), never execute()); mysql2 sizes its statement cache's four
    // arrays by this (16,000 slots each by default, made for every connection).
    maxPreparedStatements: 16,
    // Rows are read by the driver's static reader: its default compiles a reader (new Function)
    // for every new result shape, and a session's own statements are small results of many
    // shapes (2-4 ms of mqt analyze's 16). The measured statement's rows keep the compiled one
    // (execute.ts).
    disableEval: true,
  };
  if (spec.database) opts.database = spec.database;
  if (spec.socketPath) opts.socketPath = spec.socketPath;
  else {
    opts.host = spec.host;
    opts.port = spec.port;
  }
  if (tlsOn) {
    const verify = spec.tls === 'verify-full';
    // verifyIdentity: mysql2 checks the host name only when asked.
    const ssl: NonNullable<Exclude<ConnectionOptions['ssl'], string>> & { verifyIdentity?: boolean } = { rejectUnauthorized: verify, verifyIdentity: verify };
    if (spec.tlsCa) ssl.ca = pem('CA', spec.tlsCa);
    else trustHandedCas();
    if (spec.tlsCert) ssl.cert = pem('certificate', spec.tlsCert);
    if (spec.tlsKey) ssl.key = pem('key', spec.tlsKey);
    opts.ssl = ssl;
  }
  return opts;
}
