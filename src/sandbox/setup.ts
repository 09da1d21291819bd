// First-start work on a running server: accounts, credentials.json, and the sakila database.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Log } from './errors';
import { SAKILA_SQL, SAKILA_VERSION } from './sakila';

export interface Credentials {
  user: string;
  password: string;
  readonlyUser: string;
  readonlyPassword: string;
}

// skip-name-resolve: TCP from 127.0.0.1 matches only IP hosts, the socket matches 'localhost'.
const HOSTS = ['localhost', '127.0.0.1'];

const newPassword = (): string => randomBytes(18).toString('base64url');

export function readCredentials(file: string): Credentials | undefined {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (c.user && c.password && c.readonlyUser && c.readonlyPassword) return c as Credentials;
  } catch {
    // missing or damaged: make new ones
  }
  return undefined;
}

function writeCredentials(file: string, c: Credentials): void {
  writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // mode applies only when the file is created
}

async function canLogIn(root: Connection, c: Credentials): Promise<boolean> {
  const [rows] = await root.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM mysql.user WHERE (User = ? AND Password = PASSWORD(?)) OR (User = ? AND Password = PASSWORD(?))`,
    [c.user, c.password, c.readonlyUser, c.readonlyPassword],
  );
  return Number(rows[0]?.n) === HOSTS.length * 2;
}

/** Creates (or re-keys) mqt and mqt_ro so that they match credentials.json. */
export async function ensureUsers(root: Connection, file: string, log: Log): Promise<Credentials> {
  const saved = readCredentials(file);
  if (saved && (await canLogIn(root, saved))) return saved;
  const c: Credentials = saved ?? { user: 'mqt', password: newPassword(), readonlyUser: 'mqt_ro', readonlyPassword: newPassword() };
  log(`creating sandbox users ${c.user} and ${c.readonlyUser}`);
  for (const host of HOSTS) {
    for (const [user, password] of [
      [c.user, c.password],
      [c.readonlyUser, c.readonlyPassword],
    ] as const) {
      await root.query('CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?', [user, host, password]);
      await root.query('ALTER USER ?@? IDENTIFIED BY ?', [user, host, password]);
    }
    // ALL on *.* includes RELOAD (FLUSH STATUS) and PROCESS (other sessions' threads).
    await root.query('GRANT ALL PRIVILEGES ON *.* TO ?@?', [c.user, host]);
    await root.query('GRANT SELECT ON sakila.* TO ?@?', [c.readonlyUser, host]);
  }
  writeCredentials(file, c);
  return c;
}

/**
 * Root may log in only through the socket (in the private .sandbox/ folder): install-db also
 * makes passwordless root@127.0.0.1, root@::1 and root@<hostname>, which any local process
 * could use over TCP. Those, and anonymous accounts, are dropped on every start.
 */
export async function lockRoot(root: Connection, log: Log): Promise<void> {
  const [rows] = await root.query<RowDataPacket[]>("SELECT User AS u, Host AS h FROM mysql.user WHERE (User = 'root' AND Host <> 'localhost') OR User = ''");
  for (const r of rows) {
    log(`dropping the sandbox account '${String(r.u)}'@'${String(r.h)}' (no TCP login without a password)`);
    await root.query('DROP USER ?@?', [String(r.u), String(r.h)]);
  }
}

export async function sakilaVersion(root: Connection): Promise<number | undefined> {
  try {
    const [rows] = await root.query<RowDataPacket[]>("SELECT value FROM sakila.mqt_sandbox_meta WHERE name = 'sakila_version'");
    return rows.length ? Number(rows[0]?.value) : undefined;
  } catch {
    return undefined; // no sakila or no marker: an interrupted or foreign load
  }
}

/** Loads sakila unless the marker says this version is there already. Returns true when it loaded. */
export async function ensureSakila(root: Connection, log: Log): Promise<boolean> {
  if ((await sakilaVersion(root)) === SAKILA_VERSION) return false;
  const started = Date.now();
  log(`loading the sakila sample database (version ${SAKILA_VERSION})`);
  for (const sql of SAKILA_SQL) await root.query(sql);
  log(`sakila loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
