// SSH password authentication against real OpenSSH servers on loopback, tunnelling to the
// sandbox: `password` (sshd checks the shadow file itself) and `keyboard-interactive` (PAM's
// prompt, all that many bastions offer). The account is a throwaway local user made for the
// run (root only: skipped otherwise, with the reason). Through the core tunnel, the CLI
// (MQT_SSH_PASSWORD) and the editor's connection code (the password in SecretStorage).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { openConnection, type ConnectionSpec } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';
import { SshTunnel, type SshSpec } from '../../src/core/session/ssh';
import type { SandboxInfo } from '../../src/sandbox/index';
import { socketOwner, type Sshd } from '../support/sshd';
import { bastionOf, CLI, sandboxBehindSsh, sshArgs, sshdForSandbox, tunnelToSandbox } from '../support/sshSandbox';
import { makeTestUser, type TestUser } from '../support/sshUser';
import { installVscodeStandIn } from '../support/vscodeStandIn';
import { connect, sandbox } from './helpers';

const made = makeTestUser();
const skip = 'skip' in made ? made.skip : false;
const user = made as TestUser;
const QUERY = "SELECT film_id, title FROM film WHERE rating = 'PG'";

let info: SandboxInfo;
let db: ConnectionSpec;
let pgFilms: number;
const servers: Record<'password' | 'keyboard-interactive', Sshd> = {} as never;

before(async () => {
  if (skip) return;
  info = await sandbox();
  db = sandboxBehindSsh(info);
  const direct = await connect(info);
  try {
    const [rows] = await direct.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM (${QUERY}) AS t`);
    pgFilms = Number(rows[0]?.n);
  } finally {
    await direct.end();
  }
  servers.password = await sshdForSandbox(info, { user: user.name, method: 'password' });
  servers['keyboard-interactive'] = await sshdForSandbox(info, { user: user.name, method: 'keyboard-interactive' });
});
after(async () => {
  await servers.password?.stop();
  await servers['keyboard-interactive']?.stop();
  if (!skip) user.remove();
});

const bastion = (sshd: Sshd): SshSpec => bastionOf(sshd, user.name);
const accepted = (method: string) =>
  new RegExp(`Accepted ${method === 'password' ? 'password' : 'keyboard-interactive/pam'} for ${user.name} from 127\\.0\\.0\\.1`);

/** The sandbox's view of this connection: its client socket belongs to the sshd (a forwarded channel), not to us. */
async function assertFromSshd(spec: ConnectionSpec, sshd: Sshd): Promise<void> {
  const conn = await openConnection(spec);
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT HOST AS h FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()');
    const port = Number(/^127\.0\.0\.1:(\d+)$/.exec(String(rows[0]?.h))?.[1]);
    assert.ok(port > 0, `processlist host ${String(rows[0]?.h)}`);
    const owner = socketOwner(port);
    assert.ok(
      owner !== undefined && sshd.pids().includes(owner),
      `the sandbox's client 127.0.0.1:${port} is owned by pid ${owner}, not by sshd ${sshd.pids().join(',')}`,
    );
    assert.notEqual(owner, process.pid);
  } finally {
    await conn.end();
  }
}

async function analyzeThrough(spec: ConnectionSpec): Promise<void> {
  const session = new ProfilerSession(spec);
  try {
    const r = await session.analyze(QUERY);
    assert.equal(r.execution.executed, true, r.execution.reason);
    assert.equal(r.execution.rows, pgFilms);
    assert.ok(pgFilms > 0);
  } finally {
    await session.close();
  }
}

for (const method of ['password', 'keyboard-interactive'] as const) {
  test(`${method}: the profiler analyses through the tunnel, and the sandbox sees sshd's connection`, { skip }, async () => {
    const sshd = servers[method];
    const t = tunnelToSandbox(bastion(sshd), { password: user.password }, info, { env: {} });
    try {
      await assertFromSshd({ ...db, via: t.via }, sshd);
      await analyzeThrough({ ...db, via: t.via });
    } finally {
      t.close();
    }
    assert.match(sshd.log(), accepted(method));
    assert.match(sshd.log(), /server_input_channel_open: confirm direct-tcpip/);
  });

  test(`${method}: a wrong password is refused with a clear error that does not carry it`, { skip }, async () => {
    const err = await SshTunnel.open(bastion(servers[method]), { password: 'not-the-password' }, { env: {} }).then(
      (t) => {
        t.close();
        return undefined;
      },
      (e: Error) => e,
    );
    assert.ok(err, 'refused');
    assert.match(err.message, new RegExp(`^SSH: ${user.name}@127\\.0\\.0\\.1:${servers[method].port} did not accept the password \\(`));
    assert.ok(!err.message.includes('not-the-password') && !err.message.includes(user.password), err.message);
  });
}

function cliArgs(sshd: Sshd, sql: string): string[] {
  const url = `mysql://${info.user}@127.0.0.1:${info.port}/${info.database}?ssl-mode=disabled`;
  return ['analyze', '--url', url, ...sshArgs(sshd, { user: user.name }), '--sql', sql, '--format', 'json'];
}

function cliEnv(sshPassword: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MQT_PASSWORD: info.password, MQT_SSH_PASSWORD: sshPassword };
  delete env.SSH_AUTH_SOCK;
  return env;
}

test('the CLI: mqt analyze --ssh user@127.0.0.1:PORT with MQT_SSH_PASSWORD, both methods; a wrong one exits 1', { skip }, async () => {
  for (const method of ['password', 'keyboard-interactive'] as const) {
    const sshd = servers[method];
    const ok = spawnSync(process.execPath, [CLI, ...cliArgs(sshd, QUERY)], { encoding: 'utf8', env: cliEnv(user.password), timeout: 60000 });
    assert.equal(ok.status, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as { execution: { executed: boolean; rows: number } };
    assert.deepEqual([report.execution.executed, report.execution.rows], [true, pgFilms]);
    assert.ok(!ok.stdout.includes(user.password) && !ok.stderr.includes(user.password));
    const wrong = spawnSync(process.execPath, [CLI, ...cliArgs(sshd, QUERY)], { encoding: 'utf8', env: cliEnv('not-the-password'), timeout: 60000 });
    assert.equal(wrong.status, 1, wrong.stderr);
    assert.match(wrong.stderr, new RegExp(`^mqt: SSH: ${user.name}@127\\.0\\.0\\.1:${sshd.port} did not accept the password \\(`));
    assert.ok(!wrong.stderr.includes('not-the-password'), wrong.stderr);
    assert.equal(wrong.stdout, '');
  }
  // While the CLI's statement runs, the sandbox lists it on a connection whose client socket is sshd's.
  const sshd = servers.password;
  const child = spawn(process.execPath, [CLI, ...cliArgs(sshd, 'SELECT SLEEP(2) AS ssh_password_probe')], {
    env: cliEnv(user.password),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  const watcher = await connect(info);
  let seen: { port: number; owner?: number; sshd: number[] } | undefined;
  try {
    for (let i = 0; i < 100 && !seen; i++) {
      const [rows] = await watcher.query<RowDataPacket[]>(
        "SELECT HOST AS h FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(2) AS ssh_password_probe%' AND ID <> CONNECTION_ID()",
      );
      const port = Number(/:(\d+)$/.exec(String(rows[0]?.h ?? ''))?.[1]);
      if (port)
        seen = { port, owner: socketOwner(port), sshd: sshd.pids() }; // while the connection is open
      else await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await watcher.end();
  }
  assert.equal(await exited, 0, stderr);
  assert.ok(seen, 'the statement never showed in the processlist');
  assert.ok(seen.owner !== undefined && seen.sshd.includes(seen.owner), JSON.stringify(seen));
});

test("the editor: Add Connection keeps the SSH password in SecretStorage, and the store's spec tunnels with it (keyboard-interactive)", { skip }, async () => {
  const vs = installVscodeStandIn();
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the vscode stand-in is in place */
    const { ConnectionStore } = require('../../src/editor/connections') as typeof import('../../src/editor/connections');
    const { addConnection } = require('../../src/editor/addConnection') as typeof import('../../src/editor/addConnection');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const store = new ConnectionStore(vs.context as never);
    try {
      const sshd = servers['keyboard-interactive'];
      const url = new URL(`mysql://${info.user}@127.0.0.1:${info.port}/${info.database}`);
      url.password = info.password;
      url.searchParams.set('ssl-mode', 'disabled');
      url.searchParams.set('ssh', `${user.name}@127.0.0.1:${sshd.port}`);
      url.searchParams.set('ssh-known-hosts', sshd.knownHosts);
      vs.answers.push(url.toString(), 'through-password', user.password);
      const saved = await addConnection(store);
      assert.equal(saved?.name, 'through-password');
      assert.match(vs.asked.at(-1) ?? '', /^box: SSH tunnel through mqt-pw-\d+@127\.0\.0\.1:\d+: SSH password/);
      // The SSH password is in SecretStorage, never in settings.
      assert.equal(vs.secrets.get('mysqlQueryTuner.sshPassword:through-password'), user.password);
      assert.ok(!JSON.stringify([...vs.settings]).includes(user.password));
      const spec = await store.spec(store.active()!);
      assert.match(spec.via?.label ?? '', /^via ssh mqt-pw-\d+@127\.0\.0\.1:\d+$/);
      await assertFromSshd(spec, sshd);
      await analyzeThrough(spec);
      // A wrong password (set as the editor does): the analysis fails with the tunnel's error, without it.
      await store.setSshSecret('through-password', 'not-the-password');
      const session = new ProfilerSession(await store.spec(store.active()!));
      const err = await session
        .analyze(QUERY)
        .then(
          () => undefined,
          (e: Error) => e,
        )
        .finally(() => session.close());
      assert.ok(err, 'refused');
      assert.match(err.message, /did not accept the password/);
      assert.ok(!err.message.includes('not-the-password'), err.message);
    } finally {
      store.dispose();
    }
  } finally {
    vs.restore();
  }
});
