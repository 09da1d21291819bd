import { type ConnectionStore, type SavedConnection } from './connections';
import { askHostOrUrl, askName, askPassword, askServer, askSshSecret, askTls, confirmGiven } from './connectionsDialog';

/**
 * Host, port, user, database, TLS mode, password, name (and the SSH secret when the
 * connection goes through a bastion). The first box also takes a whole mysql:// URL, which
 * fills the rest in one go. Another command may pass `{ url, name? }`: saved after a yes.
 */
export async function addConnection(store: ConnectionStore, arg?: unknown): Promise<SavedConnection | undefined> {
  const given = typeof arg === 'string' ? { url: arg } : (arg as { url?: unknown; name?: unknown } | undefined);
  if (given && typeof given.url === 'string') return confirmGiven(store, { url: given.url, name: given.name });
  const d = await askHostOrUrl();
  if (!d) return undefined;
  if (!d.fromUrl && !(await askServer(d))) return undefined;
  d.tls ??= await askTls();
  if (!d.tls) return undefined;
  if (!d.fromUrl) {
    d.password = await askPassword(d.user);
    if (d.password === undefined) return undefined;
  }
  const name = await askName(store, d);
  if (name === undefined) return undefined;
  const conn: SavedConnection = { name: name.trim(), host: d.host, port: d.port, user: d.user, tls: d.tls, ...d.extra };
  if (d.database) conn.database = d.database;
  await store.save(conn, d.password);
  await askSshSecret(store, conn);
  return conn;
}
