// Where the CLI connects, and with which password, without the password ever being in argv.
import { readFileSync } from 'node:fs';
import { ConnectionUrlError, parseConnectionUrl, type ConnectionSpec } from '../core/session/connection';
import { AnalysisError } from '../core/session/errors';
import { parseSshTarget, tunnelVia, type SshSecrets, type SshSpec } from '../core/session/ssh';
import type * as Sandbox from '../sandbox';
import { UsageError } from './errors';
import { keepTunnel } from './tunnels';

export { CONNECTION_HELP, CONNECTION_OPTIONS } from './help';

export interface ConnectionValues {
  url?: string;
  'password-file'?: string;
  password?: boolean;
  ssh?: string;
  'ssh-key'?: string;
  'ssh-known-hosts'?: string;
}

export interface ConnectDeps {
  env?: NodeJS.ProcessEnv;
  warn?: (line: string) => void;
  prompt?: (question: string) => Promise<string>;
}

/** The URL (after `sandbox` and MQT_URL) and the password: --password-file, -p, the URL's, MQT_PASSWORD, in that order. */
export async function connectionSpec(values: ConnectionValues, deps: ConnectDeps = {}): Promise<ConnectionSpec> {
  const env = deps.env ?? process.env;
  const warn = deps.warn ?? ((line: string) => process.stderr.write(`mqt: warning: ${line}\n`));
  let url = values.url ?? env.MQT_URL;
  if (!url) throw new UsageError('--url is required (or set MQT_URL); try --url sandbox after `mqt sandbox start`');
  if (url === 'sandbox') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sandboxStatus, sandboxUrl } = require('../sandbox') as typeof Sandbox; // only for --url sandbox
    const st = await sandboxStatus();
    if (!st.running || !st.info) throw new AnalysisError('The sandbox is not running: start it with `mqt sandbox start`.');
    url = sandboxUrl(st.info);
  }
  let spec: ConnectionSpec;
  try {
    spec = parseConnectionUrl(url);
  } catch (e) {
    if (e instanceof ConnectionUrlError) throw new UsageError(e.message);
    throw e;
  }
  if (values.url !== undefined && values.url !== 'sandbox' && spec.password !== undefined) {
    warn('the password in --url can be read by any local user in the process list; use MQT_PASSWORD, --password-file FILE or -p instead');
  }
  const given = [values['password-file'] !== undefined, values.password === true].filter(Boolean).length;
  if (given > 1) throw new UsageError('give at most one of --password-file and -p');
  if (values['password-file'] !== undefined) spec.password = readPasswordFile(values['password-file']);
  else if (values.password) spec.password = await (deps.prompt ?? promptPassword)(`Password for ${spec.user}@${spec.socketPath ?? spec.host}: `);
  else if (spec.password === undefined && env.MQT_PASSWORD) spec.password = env.MQT_PASSWORD;
  const target = values.ssh ?? spec.ssh;
  if (target) {
    let ssh: SshSpec;
    try {
      ssh = parseSshTarget(target);
    } catch (e) {
      throw new UsageError(`--ssh: ${(e as Error).message}`);
    }
    const key = values['ssh-key'] ?? spec.sshKey;
    if (key) ssh.keyFile = key;
    const knownHosts = values['ssh-known-hosts'] ?? spec.sshKnownHosts;
    if (knownHosts) ssh.knownHosts = knownHosts;
    const secrets: SshSecrets = {};
    if (env.MQT_SSH_PASSWORD) secrets.password = env.MQT_SSH_PASSWORD;
    if (env.MQT_SSH_PASSPHRASE) secrets.passphrase = env.MQT_SSH_PASSPHRASE;
    const t = tunnelVia(ssh, secrets, { host: spec.host, port: spec.port }, { env });
    keepTunnel(t.close);
    spec.via = t.via;
  } else if (values['ssh-key'] || values['ssh-known-hosts']) throw new UsageError('--ssh-key and --ssh-known-hosts need --ssh user@host[:port]');
  return spec;
}

function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the password file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Reads a line from the terminal without echoing it. */
export function promptPassword(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) return Promise.reject(new UsageError('-p needs a terminal; use MQT_PASSWORD or --password-file FILE in scripts'));
  return new Promise((resolve, reject) => {
    // Echo goes off before the prompt shows: what is typed as soon as it shows is not echoed.
    input.setRawMode(true);
    output.write(question);
    input.resume();
    let typed = '';
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
