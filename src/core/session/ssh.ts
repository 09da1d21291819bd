// SSH tunnels to a database behind a bastion, with the ssh2 library: key file, agent or
// password; the bastion's host key checked against an OpenSSH known_hosts file.
import type * as Crypto from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { AnalysisError } from './errors';

// node:crypto only when a tunnel checks a host key: loading it costs about 3 ms of every start
// of `mqt`, which imports this module for its options.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = (): typeof Crypto => require('node:crypto') as typeof Crypto;

/** The bastion: user@host:port. Secrets (password, key passphrase) are passed apart. */
export interface SshSpec {
  host: string;
  port: number;
  user: string;
  /** Private key file (OpenSSH or PEM). */
  keyFile?: string;
  /** ssh-agent socket; default SSH_AUTH_SOCK when no key file and no password is given. */
  agent?: string;
  /** OpenSSH known_hosts file to check and extend (default ~/.ssh/known_hosts). */
  knownHosts?: string;
}

export interface SshSecrets {
  password?: string;
  passphrase?: string;
}

/** What to do with a host key the known_hosts file does not have: true trusts it (and saves it). */
export type UnknownHostPrompt = (host: string, fingerprint: string) => Promise<boolean>;

export class SshError extends AnalysisError {}

/** user@host[:port], as on the ssh command line. */
export function parseSshTarget(text: string): SshSpec {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(text.trim());
  if (!m) throw new SshError(`Not an SSH target: "${text}" (expected user@host or user@host:port)`);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw new SshError(`Bad SSH port: ${m[3]}`);
  return { user: m[1] ?? os.userInfo().username, host: m[2].replace(/^\[|\]$/g, ''), port };
}

export const sshTarget = (s: SshSpec): string => `${s.user}@${s.host}${s.port === 22 ? '' : `:${s.port}`}`;

const defaultKnownHosts = (): string => path.join(os.homedir(), '.ssh', 'known_hosts');

/** The names a known_hosts line uses for a host: `host`, or `[host]:port` when the port is not 22. */
function knownName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function nameMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return crypto().createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return pattern.toLowerCase() === name.toLowerCase();
}

/** 'known' (same key), 'changed' (the file has another key of this type), or 'unknown'. */
export function checkKnownHost(file: string, host: string, port: number, keyType: string, key: Buffer): 'known' | 'changed' | 'unknown' {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'unknown';
  }
  const name = knownName(host, port);
  const blob = key.toString('base64');
  let changed = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@revoked')) continue;
    const fields = line.replace(/^@cert-authority\s+/, '').split(/\s+/);
    if (fields.length < 3) continue;
    const [hosts, type, b64] = fields;
    if (!hosts.split(',').some((p) => nameMatches(p, name))) continue;
    if (b64 === blob) return 'known';
    if (type === keyType) changed = true;
  }
  return changed ? 'changed' : 'unknown';
}

export function fingerprint(key: Buffer): string {
  return `SHA256:${crypto().createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first string). */
function keyTypeOf(key: Buffer): string {
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString('latin1');
}

export function saveKnownHost(file: string, host: string, port: number, key: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sep = existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n') && readFileSync(file, 'utf8').length > 0 ? '\n' : '';
  appendFileSync(file, `${sep}${knownName(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

/** Who logs in, and how: the key file (and its passphrase), the password, or the agent. */
function loginConfig(spec: SshSpec, secrets: SshSecrets, env: NodeJS.ProcessEnv, readyTimeout: number): ConnectConfig {
  const config: ConnectConfig = { host: spec.host, port: spec.port, username: spec.user, readyTimeout, keepaliveInterval: 15000 };
  if (spec.keyFile) {
    try {
      config.privateKey = readFileSync(spec.keyFile);
    } catch (e) {
      throw new SshError(`Cannot read the SSH key file ${spec.keyFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (secrets.passphrase) config.passphrase = secrets.passphrase;
  }
  // Many bastions take a password only as keyboard-interactive (PAM): offer both.
  if (secrets.password) {
    config.password = secrets.password;
    config.tryKeyboard = true;
  }
  const agent = spec.agent ?? (!spec.keyFile && !secrets.password ? env.SSH_AUTH_SOCK : undefined);
  if (agent) config.agent = agent;
  if (!config.privateKey && !config.password && !config.agent) {
    throw new SshError(`No way to log in to ${sshTarget(spec)}: give a key file, a password, or run an ssh-agent (SSH_AUTH_SOCK)`);
  }
  return config;
}

/** ssh2's handshake limit, but one that can pause while a host key prompt is shown. */
class HandshakeTimer {
  onTimeout = (): void => undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number,
    private readonly enabled: boolean,
  ) {}

  start(): void {
    if (this.enabled) this.timer = setTimeout(() => this.onTimeout(), this.limitMs);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Checks the bastion's key against known_hosts; an unknown key may be asked about (the timer paused). */
function hostVerifier(
  spec: SshSpec,
  knownHosts: string,
  target: string,
  prompt: UnknownHostPrompt | undefined,
  timer: HandshakeTimer,
  host: { problem?: string },
): (key: Buffer, verify: (ok: boolean) => void) => void {
  return (key, verify) => {
    const state = checkKnownHost(knownHosts, spec.host, spec.port, keyTypeOf(key), key);
    if (state === 'known') return verify(true);
    const fp = fingerprint(key);
    if (state === 'changed') {
      host.problem = `The host key of ${spec.host}:${spec.port} has CHANGED (now ${fp}), unlike the one in ${knownHosts}: someone may be posing as the bastion. If the change is expected, remove the old line from ${knownHosts}.`;
      return verify(false);
    }
    if (!prompt) {
      host.problem = `The host key of ${spec.host}:${spec.port} (${fp}) is not in ${knownHosts}: connect once with \`ssh ${target}\` and check the fingerprint, or add it with ssh-keyscan.`;
      return verify(false);
    }
    timer.stop();
    prompt(`${spec.host}:${spec.port}`, fp).then(
      (ok) => {
        timer.start();
        if (ok) saveKnownHost(knownHosts, spec.host, spec.port, key);
        else host.problem = `The host key of ${spec.host}:${spec.port} (${fp}) was not trusted.`;
        verify(ok);
      },
      () => verify(false),
    );
  };
}

/** An open SSH connection to the bastion; each database connection is one forwarded channel. */
export class SshTunnel {
  closed = false;

  private constructor(
    private readonly client: Client,
    readonly spec: SshSpec,
  ) {
    client.on('close', () => (this.closed = true));
  }

  static async open(
    spec: SshSpec,
    secrets: SshSecrets = {},
    opts: { onUnknownHost?: UnknownHostPrompt; readyTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
  ): Promise<SshTunnel> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client: SshClient } = require('ssh2') as typeof import('ssh2'); // loaded when a tunnel is used
    const env = opts.env ?? process.env;
    const target = sshTarget(spec);
    const knownHosts = spec.knownHosts ?? defaultKnownHosts();
    const config = loginConfig(spec, secrets, env, opts.readyTimeoutMs ?? 8000);
    const unanswered: string[] = [];
    // The handshake limit must not count the time the user spends reading a host key prompt:
    // with a prompt, our own timer, paused while it is shown, replaces ssh2's.
    const timer = new HandshakeTimer(config.readyTimeout ?? 8000, opts.onUnknownHost !== undefined);
    if (opts.onUnknownHost) config.readyTimeout = 0;
    const host: { problem?: string } = {};
    config.hostVerifier = hostVerifier(spec, knownHosts, target, opts.onUnknownHost, timer, host);
    let parseError: Error | undefined;
    const client = new SshClient();
    if (secrets.password)
      client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(answerPrompts(prompts, secrets.password!, unanswered)));
    const offered = [spec.keyFile ? 'key' : '', config.agent ? 'agent' : '', config.password ? 'password' : ''].filter(Boolean);
    await new Promise<void>((resolve, reject) => {
      timer.onTimeout = () => {
        client.on('error', () => undefined);
        client.end();
        reject(new SshError(`SSH: cannot reach the bastion ${target}: no SSH handshake in time`));
      };
      timer.start();
      client.once('ready', () => {
        timer.stop();
        resolve();
      });
      client.once('error', (e: Error & { level?: string; code?: string }) => {
        // Ended at once: a failed client would go on to time out and raise again.
        timer.stop();
        client.on('error', () => undefined);
        client.end();
        reject(new SshError(sshErrorMessage(e, target, host.problem, offered, unanswered)));
      });
      try {
        client.connect(config);
      } catch (e) {
        parseError = e as Error;
        reject(new SshError(`Cannot use the SSH key ${spec.keyFile ?? ''}: ${parseError.message}`));
      }
    });
    client.on('error', () => undefined); // later failures show up on the forwarded channels
    return new SshTunnel(client, spec);
  }

  /** A channel to host:port as the bastion sees it (`ssh -L`). */
  forward(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (err: Error | undefined, channel: ClientChannel) => {
        if (err) {
          // RFC 4254 5.1 reason codes: what the bastion said, in words.
          const reason = (
            {
              1: 'forwarding there is not allowed by the bastion (administratively prohibited)',
              2: 'the connection was refused or failed',
              3: 'unknown channel type',
              4: 'resource shortage',
            } as Record<number, string>
          )[(err as Error & { reason?: number }).reason ?? 0];
          reject(
            new SshError(
              `The bastion ${sshTarget(this.spec)} could not open a connection to ${host}:${port}: ${reason ?? err.message.replace(/^\(SSH\) /, '')}`,
            ),
          );
        } else resolve(channel);
      });
    });
  }

  close(): void {
    this.closed = true;
    this.client.end();
  }
}

/**
 * A ConnectionSpec `via` for the database at host:port behind the bastion: the tunnel opens on
 * the first connection, is shared by the next ones (the profiler's and its KILL QUERY's), and
 * reopens after it dropped.
 */
export function tunnelVia(
  ssh: SshSpec,
  secrets: SshSecrets,
  db: { host: string; port: number },
  opts: Parameters<typeof SshTunnel.open>[2] = {},
): { via: { label: string; stream: () => Promise<Duplex> }; close(): void } {
  let tunnel: Promise<SshTunnel> | undefined;
  const get = async (): Promise<SshTunnel> => {
    const t = tunnel ? await tunnel.catch(() => undefined) : undefined;
    if (t && !t.closed) return t;
    tunnel = SshTunnel.open(ssh, secrets, opts);
    tunnel.catch(() => (tunnel = undefined));
    return tunnel;
  };
  return {
    via: { label: `via ssh ${sshTarget(ssh)}`, stream: async () => (await get()).forward(db.host, db.port) },
    close: () =>
      void tunnel?.then(
        (t) => t.close(),
        () => undefined,
      ),
  };
}

/**
 * Keyboard-interactive: a prompt that does not echo is the password (PAM's "Password: ");
 * anything else (a one-time code, say) we cannot answer: it is left empty and named in the error.
 */
export function answerPrompts(prompts: Array<{ prompt: string; echo?: boolean }>, password: string, unanswered: string[]): string[] {
  let given = false;
  return prompts.map((p) => {
    if (!p.echo && !given && (prompts.length === 1 || /pass(word|code|phrase)?\b/i.test(p.prompt))) {
      given = true;
      return password;
    }
    unanswered.push(p.prompt.trim());
    return '';
  });
}

/** "the key, agent or password": what was offered, in words. */
function offeredWords(offered: string[]): string {
  const words = offered.map((o) => (o === 'agent' ? "the agent's keys" : `the ${o}`));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? 'anything');
}

function sshErrorMessage(
  e: Error & { level?: string; code?: string },
  target: string,
  hostProblem: string | undefined,
  offered: string[] = [],
  unanswered: string[] = [],
): string {
  if (hostProblem) return `SSH: ${hostProblem}`;
  if (e.level === 'client-authentication') {
    const asked = unanswered.length ? `; it also asked for ${unanswered.map((p) => `"${p}"`).join(', ')} (only the password is answered)` : '';
    return `SSH: ${target} did not accept ${offeredWords(offered)} (${e.message}${asked})`;
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return `SSH: cannot reach the bastion ${target}: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `SSH: cannot reach the bastion ${target}: unknown host`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `SSH: cannot reach the bastion ${target}: ${e.code}`;
    default:
      if (/Timed out while waiting for handshake/.test(e.message)) return `SSH: cannot reach the bastion ${target}: no SSH handshake in time`;
      return `SSH: ${target}: ${e.message}`;
  }
}
