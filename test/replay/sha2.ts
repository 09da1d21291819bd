// The server side of MySQL 8's caching_sha2_password, written by hand: mysql2's server mode
// greets with mysql_native_password only and speaks no TLS. Once a client is in, the
// connection is handed to mysql2's server mode (serveQueries) for the statements.
//
// The exchange, from MySQL's source documentation ("Caching_sha2_password information",
// dev.mysql.com/doc/dev/mysql-server, page_caching_sha2_authentication_exchanges) and the
// protocol pages of the MariaDB documentation (caching_sha2_password authentication plugin):
// - the client sends XOR(SHA256(password), SHA256(SHA256(SHA256(password)), nonce)); the
//   server keeps, per account, SHA256(SHA256(password)) once a full authentication succeeded;
// - with that entry and a matching scramble it answers AuthMoreData 0x01 0x03 (fast auth
//   success) and OK; otherwise 0x01 0x04 (perform full authentication);
// - full authentication: over TLS (or a Unix socket) the client sends the password in clear,
//   NUL-terminated; otherwise it sends 0x02 (request public key), the server answers 0x01 and
//   its RSA public key (PEM), and the client sends RSA-OAEP(XOR(password + NUL, nonce));
// - success caches the entry and ends with OK; failure with ERR 1045 (28000).
import { constants, createHash, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket, createSecureContext } from 'node:tls';
import * as mysql from 'mysql2';
import { serveQueries, type Reply, type ServerConnection } from './server';

const CLIENT = {
  LONG_PASSWORD: 0x1,
  FOUND_ROWS: 0x2,
  LONG_FLAG: 0x4,
  CONNECT_WITH_DB: 0x8,
  PROTOCOL_41: 0x200,
  SSL: 0x800,
  TRANSACTIONS: 0x2000,
  SECURE_CONNECTION: 0x8000,
  MULTI_RESULTS: 0x20000,
  PLUGIN_AUTH: 0x80000,
  CONNECT_ATTRS: 0x100000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x200000,
};
const SHA2 = 'caching_sha2_password';
const FAST_AUTH_SUCCESS = 0x03;
const PERFORM_FULL_AUTHENTICATION = 0x04;
const REQUEST_PUBLIC_KEY = 0x02;

export interface Sha2ServerOptions {
  /** Accounts: user name -> password. */
  users: Record<string, string>;
  /** PEM key and certificate: the greeting offers TLS. */
  tls?: { key: string; cert: string };
  /** Greet with mysql_native_password (a server whose default plugin is the old one): the client is switched. */
  greetNative?: boolean;
  /** Listen on this Unix socket instead of 127.0.0.1. */
  socketPath?: string;
  serverVersion?: string;
}

/** What one connection's authentication went through. */
export interface Exchange {
  user: string;
  tls: boolean;
  /** In order: 'switch', 'fast-ok', 'full', 'clear', 'public-key', 'rsa', 'ok', 'denied'. */
  steps: string[];
}

export interface Sha2Server {
  port: number;
  socketPath?: string;
  exchanges: Exchange[];
  queries: string[];
  /** Every byte clients sent before TLS (or on a connection without it). */
  plainBytes(): Buffer;
  /** Empties the cache of SHA256(SHA256(password)) entries (as a server restart or FLUSH PRIVILEGES does). */
  flushCache(): void;
  close(): Promise<void>;
}

const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const xor = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((x, i) => x ^ b[i % b.length]));
/** A nonce as the server makes one: 20 bytes, none of them NUL. */
const makeNonce = (): Buffer => Buffer.from(randomBytes(20).map((b) => b & 0x7f || 1));

/** Reads whole packets (3-byte length, sequence id) from a stream, keeping what comes after. */
class PacketReader {
  private buf = Buffer.alloc(0);
  private waiting?: () => void;
  private ended = false;
  private readonly onData = (d: Buffer) => {
    this.tap?.(d);
    this.buf = Buffer.concat([this.buf, d]);
    this.waiting?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.waiting?.();
  };

  constructor(
    private readonly stream: Duplex,
    private readonly tap?: (d: Buffer) => void,
  ) {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
  }

  async next(): Promise<{ seq: number; payload: Buffer }> {
    for (;;) {
      if (this.buf.length >= 4) {
        const len = this.buf.readUIntLE(0, 3);
        if (this.buf.length >= 4 + len) {
          const packet = { seq: this.buf[3], payload: this.buf.subarray(4, 4 + len) };
          this.buf = this.buf.subarray(4 + len);
          return packet;
        }
      }
      if (this.ended) throw new Error('the client closed the connection');
      await new Promise<void>((r) => (this.waiting = r));
      this.waiting = undefined;
    }
  }

  /** Stops reading; the bytes already received beyond the last packet go back to the stream. */
  detach(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('close', this.onEnd);
    this.stream.pause();
    if (this.buf.length) this.stream.unshift(this.buf);
    this.buf = Buffer.alloc(0);
  }
}

function packet(seq: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUIntLE(payload.length, 0, 3);
  head[3] = seq & 0xff;
  return Buffer.concat([head, payload]);
}

function greeting(opts: Sha2ServerOptions, connectionId: number, nonce: Buffer): Buffer {
  let caps =
    CLIENT.LONG_PASSWORD |
    CLIENT.FOUND_ROWS |
    CLIENT.LONG_FLAG |
    CLIENT.CONNECT_WITH_DB |
    CLIENT.PROTOCOL_41 |
    CLIENT.TRANSACTIONS |
    CLIENT.SECURE_CONNECTION |
    CLIENT.MULTI_RESULTS |
    CLIENT.PLUGIN_AUTH |
    CLIENT.CONNECT_ATTRS |
    CLIENT.PLUGIN_AUTH_LENENC_CLIENT_DATA;
  if (opts.tls) caps |= CLIENT.SSL;
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let o = fixed.writeUInt32LE(connectionId, 0);
  o += nonce.copy(fixed, o, 0, 8);
  fixed[o++] = 0;
  o = fixed.writeUInt16LE(caps & 0xffff, o);
  fixed[o++] = 255; // utf8mb4_0900_ai_ci, MySQL 8's default
  o = fixed.writeUInt16LE(0x0002, o); // SERVER_STATUS_AUTOCOMMIT
  o = fixed.writeUInt16LE(caps >>> 16, o);
  fixed[o++] = 21; // length of the auth plugin data: 20 bytes of nonce and a NUL
  return Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${opts.serverVersion ?? '8.0.36'}\0`),
    fixed,
    nonce.subarray(8, 20),
    Buffer.from([0]),
    Buffer.from(`${opts.greetNative ? 'mysql_native_password' : SHA2}\0`),
  ]);
}

/** Protocol::HandshakeResponse41: the user, the auth response and the plugin the client chose. */
function parseResponse(p: Buffer): { caps: number; user: string; auth: Buffer; plugin: string } {
  const caps = p.readUInt32LE(0);
  let o = 32;
  const cstr = () => {
    const end = p.indexOf(0, o);
    const s = p.subarray(o, end < 0 ? p.length : end).toString('utf8');
    o = end < 0 ? p.length : end + 1;
    return s;
  };
  const user = cstr();
  let auth: Buffer;
  if (caps & CLIENT.PLUGIN_AUTH_LENENC_CLIENT_DATA) {
    const n = p[o]; // tokens here are under 251 bytes: a one-byte length-encoded integer
    auth = p.subarray(o + 1, o + 1 + n);
    o += 1 + n;
  } else {
    const n = p[o];
    auth = p.subarray(o + 1, o + 1 + n);
    o += 1 + n;
  }
  if (caps & CLIENT.CONNECT_WITH_DB) cstr();
  const plugin = caps & CLIENT.PLUGIN_AUTH ? cstr() : '';
  return { caps, user, auth, plugin };
}

const okPacket = () => Buffer.from([0x00, 0, 0, 0x02, 0x00, 0, 0]);
function errPacket(code: number, state: string, message: string): Buffer {
  const head = Buffer.alloc(3);
  head[0] = 0xff;
  head.writeUInt16LE(code, 1);
  return Buffer.concat([head, Buffer.from(`#${state}${message}`)]);
}

export async function startSha2Server(opts: Sha2ServerOptions, answer: (sql: string) => Reply | Promise<Reply>): Promise<Sha2Server> {
  const exchanges: Exchange[] = [];
  const queries: string[] = [];
  const plain: Buffer[] = [];
  const cache = new Map<string, Buffer>();
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const secureContext = opts.tls ? createSecureContext({ key: opts.tls.key, cert: opts.tls.cert }) : undefined;
  // mysql2's server mode, used only to wrap a stream that is past authentication.
  let handOff: ((c: ServerConnection) => void) | undefined;
  const wrapper = mysql.createServer((c: unknown) => handOff?.(c as ServerConnection)) as unknown as { _handleConnection(s: Duplex): void };
  const sockets = new Set<Socket>();
  let nextId = 200;

  const authenticate = async (socket: Socket): Promise<void> => {
    const nonce = makeNonce();
    let stream: Duplex = socket;
    let reader = new PacketReader(socket, (d) => plain.push(d));
    let seq = 0;
    const send = (payload: Buffer) => stream.write(packet(seq++, payload));
    const read = async () => {
      const p = await reader.next();
      seq = p.seq + 1;
      return p.payload;
    };
    send(greeting(opts, nextId++, nonce));
    let first = await read();
    const secureByPath = !!opts.socketPath;
    let tls = false;
    if (first.length === 32 && first.readUInt32LE(0) & CLIENT.SSL && opts.tls) {
      // SSLRequest: the rest of the conversation is TLS.
      reader.detach();
      const secure = new TLSSocket(socket, { isServer: true, secureContext });
      await new Promise<void>((resolve, reject) => {
        secure.once('secure', () => resolve());
        secure.once('error', reject);
      });
      stream = secure;
      reader = new PacketReader(secure);
      tls = true;
      first = await read();
    }
    const response = parseResponse(first);
    const ex: Exchange = { user: response.user, tls, steps: [] };
    exchanges.push(ex);
    let seed = nonce;
    let token = response.auth;
    if (response.plugin !== SHA2) {
      // AuthSwitchRequest: 0xFE, the plugin's name, a new nonce.
      ex.steps.push('switch');
      seed = makeNonce();
      send(Buffer.concat([Buffer.from([0xfe]), Buffer.from(`${SHA2}\0`), seed, Buffer.from([0])]));
      token = await read();
    }
    const password = Object.hasOwn(opts.users, response.user) ? opts.users[response.user] : undefined;
    const finish = (ok: boolean) => {
      ex.steps.push(ok ? 'ok' : 'denied');
      if (!ok) {
        send(errPacket(1045, '28000', `Access denied for user '${response.user}'@'localhost' (using password: ${token.length ? 'YES' : 'NO'})`));
        stream.end();
        return false;
      }
      cache.set(response.user, sha256(sha256(Buffer.from(password ?? ''))));
      reader.detach(); // paused until mysql2's connection listens
      return true;
    };
    const entry = cache.get(response.user);
    if (password !== undefined && token.length === 0 && password === '') {
      if (!finish(true)) return;
    } else if (entry && token.length === 32 && sha256(xor(token, sha256(entry, seed))).equals(entry)) {
      ex.steps.push('fast-ok');
      send(Buffer.from([0x01, FAST_AUTH_SUCCESS]));
      if (!finish(true)) return;
    } else {
      ex.steps.push('full');
      send(Buffer.from([0x01, PERFORM_FULL_AUTHENTICATION]));
      let answerPacket = await read();
      let given: string;
      if (tls || secureByPath) {
        ex.steps.push('clear');
        given = answerPacket.subarray(0, answerPacket.indexOf(0) < 0 ? answerPacket.length : answerPacket.indexOf(0)).toString('utf8');
      } else {
        if (answerPacket.length === 1 && answerPacket[0] === REQUEST_PUBLIC_KEY) {
          ex.steps.push('public-key');
          send(Buffer.concat([Buffer.from([0x01]), Buffer.from(publicPem)]));
          answerPacket = await read();
        }
        ex.steps.push('rsa');
        let clear: Buffer;
        try {
          clear = xor(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, answerPacket), seed);
        } catch {
          clear = Buffer.alloc(0);
        }
        given = clear.subarray(0, clear.indexOf(0) < 0 ? clear.length : clear.indexOf(0)).toString('utf8');
      }
      if (!finish(password !== undefined && given === password)) return;
    }
    send(okPacket());
    // The command phase: mysql2's server mode on the same stream (numbering restarts at 0).
    handOff = (c) => {
      const conn = c as ServerConnection & { serverConfig: unknown; _command: unknown; stream: Duplex };
      conn.serverConfig = { encoding: 'utf8' };
      conn._command = {
        execute(p: { readInt8(): number; readString(n: undefined, enc: string): string }) {
          const code = p.readInt8();
          if (code === 0x03) (conn as unknown as { emit(e: string, s: string): void }).emit('query', p.readString(undefined, 'utf8'));
          else if (code === 0x0e) {
            (conn as unknown as { sequenceId: number }).sequenceId = 1;
            conn.writeOk();
            (conn as unknown as { sequenceId: number }).sequenceId = 0;
          } else conn.stream.end(); // COM_QUIT, or anything this replay does not serve
          return false;
        },
      };
      serveQueries(conn, answer, queries);
    };
    wrapper._handleConnection(stream);
    handOff = undefined;
    stream.resume();
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    authenticate(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => (opts.socketPath ? server.listen(opts.socketPath, resolve) : server.listen(0, '127.0.0.1', resolve)));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    socketPath: opts.socketPath,
    exchanges,
    queries,
    plainBytes: () => Buffer.concat(plain),
    flushCache: () => cache.clear(),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
