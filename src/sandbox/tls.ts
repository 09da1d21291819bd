// The sandbox's own certificate authority and a server certificate for localhost and
// 127.0.0.1, made with Debian's openssl on first start, so verify-full can be tested for real.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findBinary, run } from './binaries';
import { noLog, SandboxError } from './errors';
import type { SandboxPaths } from './paths';

/** Names the server certificate is valid for; anything else fails verify-full. */
export const SERVER_NAMES = ['localhost', '127.0.0.1'];
const DAYS = '3650';

export function certificatesPresent(paths: SandboxPaths): boolean {
  return [paths.tls.ca, paths.tls.cert, paths.tls.key].every((f) => existsSync(f));
}

/** Makes a CA (EC P-256) and signs a server certificate with it. Written to a scratch dir, then renamed. */
export async function makeCertificates(dir: string, names: readonly string[] = SERVER_NAMES, commonName = 'MQT sandbox CA'): Promise<void> {
  const openssl = findBinary(['openssl']);
  if (!openssl) throw new SandboxError('openssl is not installed; the sandbox needs it for its TLS certificates (apt-get install -y openssl)');
  const scratch = `${dir}.new`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true, mode: 0o700 });
  const f = (name: string) => path.join(scratch, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(
    openssl,
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('ca-key.pem'),
      '-out',
      f('ca.pem'),
      '-days',
      DAYS,
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    noLog,
  );
  await run(openssl, ['req', ...ec, '-keyout', f('server-key.pem'), '-out', f('server.csr'), '-subj', `/CN=${names[0] ?? 'localhost'}`], noLog);
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  writeFileSync(f('server.ext'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  await run(
    openssl,
    [
      'x509',
      '-req',
      '-in',
      f('server.csr'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca-key.pem'),
      '-CAcreateserial',
      '-out',
      f('server-cert.pem'),
      '-days',
      DAYS,
      '-extfile',
      f('server.ext'),
    ],
    noLog,
  );
  for (const tmp of ['server.csr', 'server.ext', 'ca.srl']) rmSync(f(tmp), { force: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
}

export async function ensureCertificates(paths: SandboxPaths): Promise<void> {
  if (!certificatesPresent(paths)) await makeCertificates(paths.tls.dir);
}
