import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseConnectionUrl, type ConnectionSpec, type TlsMode } from '../session/connection';

/** A connection found somewhere the user already keeps them. */
export interface FoundConnection {
  name: string;
  /** Where it came from, for the picker: "~/.my.cnf [client]", "SQLTools", ... */
  source: string;
  spec: ConnectionSpec;
}

/** Option-file groups the mysql and mariadb clients read, in their order. */
const CLIENT_GROUPS = ['client', 'mysql', 'client-server', 'client-mariadb', 'mariadb-client'];

type Groups = Map<string, Map<string, string>>;

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")))) {
    return t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (({ n: '\n', t: '\t', '\\': '\\' }) as Record<string, string>)[c] ?? c);
  }
  return t.replace(/\s+#.*$/, '');
}

/**
 * Read a MySQL option file with `!include` and `!includedir` (only *.cnf there), as the
 * clients do. Later values win; include loops and unreadable files are skipped.
 */
export function readOptionFile(file: string, groups: Groups = new Map(), seen = new Set<string>()): Groups {
  const path = resolve(file);
  if (seen.has(path) || seen.size > 64) return groups;
  seen.add(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return groups;
  }
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const inc = /^!include(dir)?\s+(.+)$/.exec(line);
    if (inc) {
      const target = isAbsolute(inc[2].trim()) ? inc[2].trim() : join(dirname(path), inc[2].trim());
      if (inc[1]) {
        try {
          for (const f of readdirSync(target)
            .filter((x) => x.endsWith('.cnf'))
            .sort())
            readOptionFile(join(target, f), groups, seen);
        } catch {
          // a missing includedir is not an error for the clients either
        }
      } else readOptionFile(target, groups, seen);
      continue;
    }
    const group = /^\[([^\]]+)\]$/.exec(line);
    if (group) {
      const name = group[1].trim().toLowerCase();
      current = groups.get(name) ?? new Map();
      groups.set(name, current);
      continue;
    }
    if (!current) continue;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim().toLowerCase().replace(/-/g, '_');
    current.set(key, eq < 0 ? '' : unquote(line.slice(eq + 1)));
  }
  return groups;
}

function tlsFrom(opts: Map<string, string>): TlsMode | undefined {
  const mode = (opts.get('ssl_mode') ?? '').toUpperCase();
  if (mode === 'DISABLED') return 'disabled';
  if (mode === 'PREFERRED') return 'preferred';
  if (mode === 'REQUIRED') return 'required';
  if (mode === 'VERIFY_CA' || mode === 'VERIFY_IDENTITY') return 'verify-full';
  if (opts.has('ssl_ca') || opts.has('ssl_verify_server_cert')) return opts.get('ssl_verify_server_cert') === '0' ? 'required' : 'verify-full';
  if (opts.get('ssl') === '0' || opts.has('skip_ssl')) return 'disabled';
  return undefined;
}

/** The connection an option file describes: the client groups merged in the clients' order. */
export function connectionFromOptions(groups: Groups, env: NodeJS.ProcessEnv = {}): ConnectionSpec | undefined {
  const opts = new Map<string, string>();
  for (const g of CLIENT_GROUPS) for (const [k, v] of groups.get(g) ?? []) opts.set(k, v);
  if (!['host', 'user', 'password', 'port', 'socket', 'database'].some((k) => opts.has(k))) return undefined;
  const spec: ConnectionSpec = {
    host: opts.get('host') || 'localhost',
    port: Number(opts.get('port') || 3306),
    user: opts.get('user') || env.USER || 'root',
  };
  if (opts.has('password')) spec.password = opts.get('password');
  if (opts.get('database')) spec.database = opts.get('database');
  if (opts.get('socket') && (spec.host === 'localhost' || !opts.has('host'))) spec.socketPath = opts.get('socket');
  const tls = tlsFrom(opts);
  if (tls) spec.tls = tls;
  // The clients read ssl-ca/ssl-cert/ssl-key relative to the working dir; ~ is the shell's.
  const files = { tlsCa: 'ssl_ca', tlsCert: 'ssl_cert', tlsKey: 'ssl_key' } as const;
  for (const [field, key] of Object.entries(files) as Array<[keyof typeof files, string]>) {
    const v = opts.get(key);
    if (v) spec[field] = env.HOME && v.startsWith('~/') ? join(env.HOME, v.slice(2)) : v;
  }
  return spec;
}

/** MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_PWD (deprecated but still used), USER, MYSQL_UNIX_PORT. */
export function connectionFromEnv(env: NodeJS.ProcessEnv): ConnectionSpec | undefined {
  if (!env.MYSQL_HOST && !env.MYSQL_TCP_PORT && !env.MYSQL_PWD && !env.MYSQL_UNIX_PORT) return undefined;
  const spec: ConnectionSpec = { host: env.MYSQL_HOST || 'localhost', port: Number(env.MYSQL_TCP_PORT || 3306), user: env.MYSQL_USER || env.USER || 'root' };
  if (env.MYSQL_PWD) spec.password = env.MYSQL_PWD;
  if (env.MYSQL_DATABASE) spec.database = env.MYSQL_DATABASE;
  if (env.MYSQL_UNIX_PORT && spec.host === 'localhost') spec.socketPath = env.MYSQL_UNIX_PORT;
  return spec;
}

/** SQLTools' `sqltools.connections` entries for MySQL and MariaDB. */
export function connectionsFromSqlTools(raw: unknown): FoundConnection[] {
  if (!Array.isArray(raw)) return [];
  const out: FoundConnection[] = [];
  for (const c of raw as Array<Record<string, unknown>>) {
    if (!c || typeof c !== 'object' || !/^(mysql|mariadb)$/i.test(String(c.driver ?? ''))) continue;
    if (typeof c.connectString === 'string' && c.connectString) {
      try {
        out.push({ name: String(c.name ?? c.connectString), source: 'SQLTools', spec: parseConnectionUrl(c.connectString) });
      } catch {
        // not a URL we understand
      }
      continue;
    }
    const spec: ConnectionSpec = { host: String(c.server ?? 'localhost'), port: Number(c.port ?? 3306), user: String(c.username ?? 'root') };
    if (typeof c.password === 'string' && c.password) spec.password = c.password;
    if (typeof c.database === 'string' && c.database) spec.database = c.database;
    if (typeof c.socketPath === 'string' && c.socketPath) spec.socketPath = c.socketPath;
    const ssl = (c.mysqlOptions as { ssl?: unknown } | undefined)?.ssl;
    if (ssl === true || (ssl && typeof ssl === 'object')) spec.tls = 'required';
    out.push({ name: String(c.name ?? `${spec.user}@${spec.host}`), source: 'SQLTools', spec });
  }
  return out;
}

/** A mysql:// URL pasted on the clipboard (only the first line is looked at). */
export function connectionFromClipboard(text: string): FoundConnection | undefined {
  const line = text.trim().split(/\s+/)[0] ?? '';
  if (!/^(mysql|mariadb):\/\//i.test(line)) return undefined;
  try {
    const spec = parseConnectionUrl(line);
    return { name: `${spec.user}@${spec.host}:${spec.port}${spec.database ? `/${spec.database}` : ''}`, source: 'clipboard URL', spec };
  } catch {
    return undefined;
  }
}

/** Everything found on this machine and in the given SQLTools settings. */
export function discoverConnections(opts: { home: string; env: NodeJS.ProcessEnv; sqltools?: unknown; clipboard?: string }): FoundConnection[] {
  const found: FoundConnection[] = [];
  const userFile = join(opts.home, '.my.cnf');
  if (existsSync(userFile)) {
    const spec = connectionFromOptions(readOptionFile(userFile), opts.env);
    if (spec) found.push({ name: `${spec.user}@${spec.socketPath ?? spec.host}${spec.database ? `/${spec.database}` : ''}`, source: '~/.my.cnf', spec });
  }
  const env = connectionFromEnv(opts.env);
  if (env) found.push({ name: `${env.user}@${env.host}:${env.port}`, source: 'environment (MYSQL_HOST…)', spec: env });
  found.push(...connectionsFromSqlTools(opts.sqltools));
  const clip = opts.clipboard ? connectionFromClipboard(opts.clipboard) : undefined;
  if (clip) found.push(clip);
  return found;
}
