// A tiny MySQL wire-protocol server on loopback (mysql2's own server mode) that answers
// with recorded outputs. It stands in for MySQL 8/9, which cannot be installed here; every
// MariaDB test uses the real sandbox server instead.
import * as mysql from 'mysql2';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { ProfilerSession } from '../../src/core/session/profiler';

export type Reply =
  | { columns: string[]; rows: Array<Array<string | null>> }
  | { ok: true; affectedRows?: number }
  | { error: { code: number; sqlState?: string; message: string } };

export interface ReplayServer {
  port: number;
  /** Every statement a client sent, in order. */
  queries: string[];
  close(): Promise<void>;
}

export interface ServerConnection {
  serverHandshake(args: Record<string, unknown>): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
  writeColumns(columns: unknown[]): void;
  writeTextRow(row: unknown[]): void;
  writeEof(): void;
  writeOk(args?: unknown): void;
  writeError(args: unknown): void;
}

function column(name: string) {
  return {
    catalog: 'def',
    schema: '',
    table: '',
    orgTable: '',
    name,
    orgName: name,
    characterSet: 33,
    columnLength: 65535,
    columnType: 253,
    flags: 0,
    decimals: 0,
  };
}

/** Answers the client's statements on a connection that is past authentication (also used by sha2.ts). */
export function serveQueries(conn: ServerConnection, answer: (sql: string) => Reply | Promise<Reply>, queries: string[]): void {
  const respond = async (sql: unknown) => {
    const text = String(sql);
    queries.push(text);
    let reply: Reply;
    try {
      reply = await answer(text);
    } catch (e) {
      reply = { error: { code: 1105, message: `replay: ${(e as Error).message}` } };
    }
    // mysql2's server mode keeps counting packets across commands: a reply is numbered from
    // 1 (the client's command was 0), and the count restarts for the next command.
    (conn as unknown as { sequenceId: number }).sequenceId = 1;
    if ('error' in reply) conn.writeError({ code: reply.error.code, message: reply.error.message });
    else if ('ok' in reply) conn.writeOk({ affectedRows: reply.affectedRows ?? 0 });
    else {
      conn.writeColumns(reply.columns.map(column));
      for (const r of reply.rows) conn.writeTextRow(r);
      conn.writeEof();
    }
    (conn as unknown as { sequenceId: number }).sequenceId = 0;
  };
  conn.on('query', (sql: unknown) => void respond(sql));
  // mysql2's server routes COM_QUERY "SET ..." and "PREPARE ..." here; answer them as queries.
  conn.on('stmt_prepare', (sql: unknown) => void respond(sql));
  conn.on('error', () => undefined);
}

/** `answer` may be slow (a Promise): a statement that runs a while, for the live view's second connection. */
export function startReplayServer(serverVersion: string, answer: (sql: string) => Reply | Promise<Reply>): Promise<ReplayServer> {
  const queries: string[] = [];
  let nextId = 100;
  const server = mysql.createServer((raw: unknown) => {
    const conn = raw as ServerConnection;
    conn.serverHandshake({
      protocolVersion: 10,
      serverVersion,
      connectionId: nextId++,
      statusFlags: 2,
      characterSet: 33,
      // protocol 4.1, secure connection, long passwords, transactions; no SSL, no compression.
      capabilityFlags: 0x0001 | 0x0004 | 0x0200 | 0x2000 | 0x8000 | 0x0008,
      authCallback: (_: unknown, done: (err: unknown, mysqlError?: unknown) => void) => {
        done(null);
        (conn as unknown as { sequenceId: number }).sequenceId = 0;
      },
    });
    serveQueries(conn, answer, queries);
  });
  return new Promise((resolve) => {
    // The typings declare listen(port) only; the server passes every argument to net.Server.listen.
    (server as unknown as { listen(port: number, host: string, cb: () => void): void }).listen(0, '127.0.0.1', () => {
      const port = (server as unknown as { _server: { address(): AddressInfo } })._server.address().port;
      resolve({ port, queries, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

/** A profiler session on the replay server, as its one user, TLS off. */
export function replaySession(server: ReplayServer, database: string): ProfilerSession {
  return new ProfilerSession({ host: '127.0.0.1', port: server.port, user: 'replay', password: 'x', database, tls: 'disabled' });
}

/**
 * A replay server answering as `serverVersion` and a profiler session on it for the file's
 * tests (before/after hooks); the getters give them to a test. The file's own set-up goes in
 * `setUp`, run in the same hook: node 20 starts a file's before hooks together, not in turn.
 */
export function useReplay(
  serverVersion: string,
  answer: (sql: string) => Reply | Promise<Reply>,
  database: string,
  setUp?: (session: ProfilerSession) => Promise<void>,
): { server: () => ReplayServer; session: () => ProfilerSession } {
  let server: ReplayServer | undefined;
  let session: ProfilerSession | undefined;
  before(async () => {
    server = await startReplayServer(serverVersion, answer);
    session = replaySession(server, database);
    await setUp?.(session);
  });
  after(async () => {
    await session?.close();
    await server?.close();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the replay server did not start');
    return x;
  };
  return { server: () => started(server), session: () => started(session) };
}
