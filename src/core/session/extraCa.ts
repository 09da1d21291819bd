// Node 20 reads and parses the file named by NODE_EXTRA_CA_CERTS at every start, before any
// JavaScript runs: about 45 ms of a 210 ms `mqt analyze` on a machine that sets it to the system's
// 220 KB bundle, for a trust store that a plain-text session never uses. So the `mqt` launcher
// (the sh line at the top of dist/cli.js, scripts/build.mjs) hands the file over in
// MQT_NODE_EXTRA_CA_CERTS, and node starts without it. Here the CLI takes it back: the variable
// returns to the environment (child processes see what the user set), and a TLS connection that
// trusts node's default CAs gets the file's CAs added, as node itself would have done.
import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';

export const HANDED_VAR = 'MQT_NODE_EXTRA_CA_CERTS';

let handed: string | undefined;
let trusting = false;

/** At start: the file the launcher handed over (if any), with NODE_EXTRA_CA_CERTS given back to `env`. */
export function takeHandedCaFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[HANDED_VAR];
  if (file === undefined) return handed;
  delete env[HANDED_VAR];
  if (file) {
    env.NODE_EXTRA_CA_CERTS = file;
    handed = file;
  }
  return handed;
}

/**
 * Before a TLS connection: every secure context made without its own `ca` (node's default store)
 * gets the handed file's CAs too. `addCACert` on such a context copies node's default store (the
 * bundled CAs, or OpenSSL's with --use-openssl-ca) and adds to it: what node does with
 * NODE_EXTRA_CA_CERTS at start. A file that cannot be read gets node's own warning, and the
 * default store alone, as at start.
 */
export function trustHandedCas(): void {
  if (!handed || trusting) return;
  trusting = true;
  let pem: string;
  try {
    pem = readFileSync(handed, 'utf8');
  } catch (e) {
    process.emitWarning(`Ignoring extra certs from \`${handed}\`, load failed: ${(e as Error).message}`);
    return;
  }
  // Loaded here, not at start: node's tls costs a plain-text session about 5 ms.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tls = require('node:tls') as typeof Tls;
  const make = tls.createSecureContext;
  tls.createSecureContext = (options?: Tls.SecureContextOptions) => {
    const context = make(options);
    if (options?.ca === undefined || options.ca === null) (context as unknown as { context: { addCACert(pem: string): void } }).context.addCACert(pem);
    return context;
  };
}
