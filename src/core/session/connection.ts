import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'mysql2';

export type TlsMode = 'disabled' | 'preferred' | 'required' | 'verify-full';
export const TLS_MODES: readonly TlsMode[] = ['disabled', 'preferred', 'required', 'verify-full'];

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
  const spec: ConnectionSpec = { host: decodeURIComponent(u.hostname || '127.0.0.1').replace(/^\[|\]$/g, ''), port, user: decodeURIComponent(u.username || 'root') };
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
  if ((spec.tlsCa || spec.tlsCert) && !spec.tls) spec.tls = spec.tlsCa ? 'verify-full' : 'required';
  return spec;
}

function tlsFromParam(mode: string): TlsMode {
  switch (mode) {
    case 'disabled': case 'false': case 'off': return 'disabled';
    case 'preferred': return 'preferred';
    case 'required': case 'true': case 'on': return 'required';
    case 'verify_ca': case 'verify-ca': case 'verify_identity': case 'verify-identity': case 'verify-full': return 'verify-full';
    default: throw new ConnectionUrlError(`Unknown ssl-mode "${mode}" (use disabled, preferred, required or verify-full)`);
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
  };
  if (spec.database) opts.database = spec.database;
  if (spec.socketPath) opts.socketPath = spec.socketPath;
  else {
    opts.host = spec.host;
    opts.port = spec.port;
  }
  if (tlsOn) {
    const ssl: NonNullable<Exclude<ConnectionOptions['ssl'], string>> = { rejectUnauthorized: spec.tls === 'verify-full' };
    if (spec.tlsCa) ssl.ca = pem('CA', spec.tlsCa);
    if (spec.tlsCert) ssl.cert = pem('certificate', spec.tlsCert);
    if (spec.tlsKey) ssl.key = pem('key', spec.tlsKey);
    opts.ssl = ssl;
  }
  return opts;
}
