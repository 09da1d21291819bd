// What the SSH tests share: an sshd on loopback that forwards only to the sandbox, the
// sandbox as the far end of a tunnel, the bastion's spec, and `mqt`'s --ssh arguments.
import * as path from 'node:path';
import { parseConnectionUrl, type ConnectionSpec } from '../../src/core/session/connection';
import { tunnelVia, type SshSecrets, type SshSpec } from '../../src/core/session/ssh';
import { sandboxUrl, type SandboxInfo } from '../../src/sandbox/index';
import { startSshd, type PasswordLogin, type Sshd } from './sshd';

/** The built CLI (`npm test` builds it before the db tests). */
export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** An sshd that permits forwarding to the sandbox's port and nowhere else. */
export const sshdForSandbox = (info: SandboxInfo, login?: PasswordLogin): Promise<Sshd> => startSshd([`127.0.0.1:${info.port}`], login);

/** The sandbox as the tunnel reaches it: its URL's spec, TLS off (the tunnel is the transport under test). */
export const sandboxBehindSsh = (info: SandboxInfo): ConnectionSpec => ({ ...parseConnectionUrl(sandboxUrl(info)), tls: 'disabled' });

/** The sshd as a bastion for `user` (the sshd's own user by default), checked against its known_hosts. */
export const bastionOf = (sshd: Sshd, user = sshd.user): SshSpec => ({ host: '127.0.0.1', port: sshd.port, user, knownHosts: sshd.knownHosts });

/** A tunnel through `bastion` to the sandbox. */
export const tunnelToSandbox = (bastion: SshSpec, secrets: SshSecrets, info: SandboxInfo, options?: Parameters<typeof tunnelVia>[3]) =>
  tunnelVia(bastion, secrets, { host: '127.0.0.1', port: info.port }, options);

/** `mqt`'s --ssh, --ssh-key (when given) and --ssh-known-hosts for this sshd. */
export function sshArgs(sshd: Sshd, o: { user?: string; key?: string } = {}): string[] {
  return ['--ssh', `${o.user ?? sshd.user}@127.0.0.1:${sshd.port}`, ...(o.key ? ['--ssh-key', o.key] : []), '--ssh-known-hosts', sshd.knownHosts];
}
