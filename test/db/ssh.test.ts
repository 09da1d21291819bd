// SSH tunnels through a real OpenSSH server on loopback to the sandbox: key file, agent,
// known_hosts, first-use trust, and clear errors; the profiler and the CLI both go through it.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { RowDataPacket } from 'mysql2/promise';
import { connectionUrl, openConnection, type ConnectionSpec } from '../../src/core/session/connection';
import { ProfilerSession } from '../../src/core/session/profiler';
import { checkKnownHost, parseSshTarget, SshTunnel, tunnelVia, type SshSpec } from '../../src/core/session/ssh';
import type { SandboxInfo } from '../../src/sandbox/index';
import { startAgent, type Sshd } from '../support/sshd';
import { bastionOf, CLI, sandboxBehindSsh, sshArgs, sshdForSandbox, tunnelToSandbox } from '../support/sshSandbox';
import { sandbox } from './helpers';

let info: SandboxInfo;
let sshd: Sshd;
let db: ConnectionSpec;
let bastion: SshSpec;
const execFileP = promisify(execFile);

before(async () => {
  info = await sandbox();
  sshd = await sshdForSandbox(info);
  db = sandboxBehindSsh(info);
  bastion = { ...bastionOf(sshd), keyFile: sshd.key };
});
after(() => sshd?.stop());

/** The sandbox's URL without its password (the CLI reads MQT_PASSWORD). */
const dbUrl = () => connectionUrl({ ...db, password: undefined as unknown as string });
const analyzeFilms = (key: string) => ['analyze', '--url', dbUrl(), ...sshArgs(sshd, { key }), '--sql', 'SELECT COUNT(*) FROM film', '--format', 'json'];

async function whoAmI(spec: ConnectionSpec): Promise<string> {
  const conn = await openConnection(spec);
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT CURRENT_USER() AS u, @@port AS p');
    return `${String(rows[0]?.u)} ${String(rows[0]?.p)}`;
  } finally {
    await conn.end();
  }
}

test('a key file: the profiler analyses through the tunnel, KILL QUERY included', async () => {
  const t = tunnelToSandbox(bastion, {}, info);
  try {
    const spec = { ...db, via: t.via };
    assert.equal(await whoAmI(spec), `${info.user}@127.0.0.1 ${info.port}`);
    const session = new ProfilerSession(spec);
    try {
      const r = await session.analyze('SELECT COUNT(*) FROM rental');
      assert.equal(r.execution.executed, true);
      // The time limit's KILL QUERY opens a second channel through the same tunnel.
      const t0 = Date.now();
      const slow = await session.analyze('SELECT SLEEP(5)', { timeoutMs: 500 }).catch((e: Error) => e);
      assert.ok(Date.now() - t0 < 4000, `stopped after ${Date.now() - t0} ms`);
      assert.ok(slow instanceof Error || slow.execution.error || !slow.execution.executed || slow.execution.ms < 4000);
    } finally {
      await session.close();
    }
  } finally {
    t.close();
  }
});

test('the agent instead of a key file', async () => {
  const agent = await startAgent(sshd.dir, sshd.key);
  try {
    const t = tunnelToSandbox({ ...bastion, keyFile: undefined, agent: agent.sock }, {}, info);
    try {
      assert.match(await whoAmI({ ...db, via: t.via }), new RegExp(`^${info.user}@`));
    } finally {
      t.close();
    }
  } finally {
    agent.stop();
  }
});

test('clear errors: wrong key, unreachable bastion, refused forward, unknown and changed host keys', async () => {
  await assert.rejects(SshTunnel.open({ ...bastion, keyFile: sshd.wrongKey }), /SSH: .*@127\.0\.0\.1:\d+ did not accept the key \(/);
  await assert.rejects(SshTunnel.open({ ...bastion, port: 1 }), /SSH: cannot reach the bastion .*127\.0\.0\.1:1: connection refused/);
  await assert.rejects(SshTunnel.open({ ...bastion, keyFile: path.join(sshd.dir, 'missing') }), /Cannot read the SSH key file .*missing: ENOENT/);
  const refused = tunnelVia(bastion, {}, { host: '127.0.0.1', port: info.port + 1 });
  try {
    await assert.rejects(
      openConnection({ ...db, port: info.port + 1, via: refused.via }),
      /The bastion .* could not open a connection to 127\.0\.0\.1:\d+: .*(prohibited|refused)/i,
    );
  } finally {
    refused.close();
  }
  const empty = path.join(sshd.dir, 'known_hosts.empty');
  writeFileSync(empty, '');
  await assert.rejects(SshTunnel.open({ ...bastion, knownHosts: empty }), /host key of 127\.0\.0\.1:\d+ \(SHA256:[\w+/]+\) is not in .*known_hosts\.empty/);
  const changed = path.join(sshd.dir, 'known_hosts.changed');
  const otherPub = readFileSync(`${sshd.wrongKey}.pub`, 'utf8').trim().split(/\s+/);
  writeFileSync(changed, `[127.0.0.1]:${sshd.port} ${otherPub[0]} ${otherPub[1]}\n`);
  await assert.rejects(SshTunnel.open({ ...bastion, knownHosts: changed }), /host key of 127\.0\.0\.1:\d+ has CHANGED/);
});

test('first use: the prompt sees the fingerprint ssh-keygen shows, and a yes is saved to known_hosts', async () => {
  const file = path.join(sshd.dir, 'known_hosts.first');
  writeFileSync(file, '# nothing yet\n');
  const expected = spawnSync('ssh-keygen', ['-l', '-f', path.join(sshd.dir, 'host_ed25519.pub')], { encoding: 'utf8' }).stdout.split(/\s+/)[1];
  const asked: string[] = [];
  const no = await SshTunnel.open(
    { ...bastion, knownHosts: file },
    {},
    {
      onUnknownHost: (h, fp) => {
        asked.push(`${h} ${fp}`);
        return Promise.resolve(false);
      },
    },
  ).catch((e: Error) => e);
  assert.ok(no instanceof Error && /was not trusted/.test(no.message));
  const t = await SshTunnel.open(
    { ...bastion, knownHosts: file },
    {},
    {
      onUnknownHost: (h, fp) => {
        asked.push(`${h} ${fp}`);
        return Promise.resolve(true);
      },
    },
  );
  t.close();
  assert.deepEqual(asked, [`127.0.0.1:${sshd.port} ${expected}`, `127.0.0.1:${sshd.port} ${expected}`]);
  // Saved in OpenSSH's own format: ssh-keygen finds it, and the next connection does not ask.
  const found = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', file], { encoding: 'utf8' });
  assert.equal(found.status, 0, found.stdout + found.stderr);
  const again = await SshTunnel.open(
    { ...bastion, knownHosts: file },
    {},
    {
      onUnknownHost: () => {
        throw new Error('asked again');
      },
    },
  );
  again.close();
});

test('hashed known_hosts entries (ssh-keygen -H) match', () => {
  const file = path.join(sshd.dir, 'known_hosts.hashed');
  copyFileSync(sshd.knownHosts, file);
  const r = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
  const [, type, b64] = sshd.hostKeyLine.split(' ');
  assert.equal(checkKnownHost(file, '127.0.0.1', sshd.port, type, Buffer.from(b64, 'base64')), 'known');
  assert.equal(checkKnownHost(file, '127.0.0.1', sshd.port + 1, type, Buffer.from(b64, 'base64')), 'unknown');
});

test('the CLI: --ssh user@host:port --ssh-key FILE', () => {
  const args = analyzeFilms(sshd.key);
  const env = { ...process.env, MQT_PASSWORD: info.password };
  const ok = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, timeout: 60000 });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).execution.executed, true);
  const wrong = spawnSync(process.execPath, [CLI, ...args.map((a) => (a === sshd.key ? sshd.wrongKey : a))], { encoding: 'utf8', env, timeout: 60000 });
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /^mqt: SSH: .* did not accept the key/);
  assert.equal(parseSshTarget('deploy@bastion.example:2222').port, 2222);
  assert.deepEqual({ ...parseSshTarget('bastion.example'), user: '' }, { user: '', host: 'bastion.example', port: 22 });
});

test('a key file with a passphrase: given (editor secret, MQT_SSH_PASSPHRASE), missing, or wrong', async () => {
  const key = path.join(sshd.dir, 'encrypted');
  const passphrase = 'correct horse battery';
  const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'mqt-test-encrypted', '-f', key]);
  assert.equal(gen.status, 0, String(gen.stderr));
  // sshd reads authorized_keys at each login: the new key is accepted from now on.
  writeFileSync(path.join(sshd.dir, 'authorized_keys'), readFileSync(`${key}.pub`), { flag: 'a' });
  const spec = { ...bastion, keyFile: key };
  const t = tunnelToSandbox(spec, { passphrase }, info);
  try {
    assert.equal(await whoAmI({ ...db, via: t.via }), `${info.user}@127.0.0.1 ${info.port}`);
  } finally {
    t.close();
  }
  for (const secrets of [{}, { passphrase: 'not it' }]) {
    const err = await SshTunnel.open(spec, secrets).then(
      (x) => {
        x.close();
        return undefined;
      },
      (e: Error) => e,
    );
    assert.ok(err, 'refused');
    assert.match(err.message, /passphrase|decrypt|parse/i);
    assert.ok(!err.message.includes(passphrase) && !err.message.includes('not it'), err.message);
  }
  const ok = spawnSync(process.execPath, [CLI, ...analyzeFilms(key)], {
    encoding: 'utf8',
    env: { ...process.env, MQT_PASSWORD: info.password, MQT_SSH_PASSPHRASE: passphrase },
    timeout: 60000,
  });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).execution.executed, true);
});

test('every command that connects takes --ssh: top, trace, check, advise and hints go through the tunnel', async () => {
  const via = ['--url', dbUrl(), ...sshArgs(sshd, { key: sshd.key })];
  const sqlFile = path.join(sshd.dir, 'check.sql');
  writeFileSync(sqlFile, 'SELECT title FROM film WHERE film_id = 7;\nSELECT COUNT(*) FROM rental WHERE customer_id = 3;\n');
  const baseline = path.join(sshd.dir, 'baseline.json');
  const commands: Array<[string, string[], (out: string) => void]> = [
    ['top', ['--format', 'json', '--limit', '5'], (out) => assert.ok(Array.isArray(JSON.parse(out)))],
    ['trace', ['--sql', "SELECT * FROM film WHERE title LIKE 'A%'", '--format', 'json'], (out) => assert.equal(typeof JSON.parse(out), 'object')],
    [
      'check',
      ['--file', sqlFile, '--baseline', baseline, '--update', '--format', 'json'],
      () => assert.equal((JSON.parse(readFileSync(baseline, 'utf8')) as { statements: unknown[] }).statements.length, 2),
    ],
    [
      'advise',
      ['--sql', 'SELECT * FROM rental WHERE customer_id = 3', '--format', 'json', '--copy-rows', 'never'],
      (out) => assert.ok(Array.isArray(JSON.parse(out))),
    ],
    ['hints', ['--sql', 'SELECT * FROM film WHERE title LIKE "%x"', '--format', 'json'], (out) => assert.ok(Array.isArray(JSON.parse(out)))],
  ];
  const forwards = () =>
    sshd
      .log()
      .split('\n')
      .filter((l) => /confirm direct-tcpip/.test(l)).length;
  for (const [cmd, args, check] of commands) {
    const before = forwards();
    // Run without blocking: sshd's log is read by this process meanwhile.
    const r = await execFileP(process.execPath, [CLI, cmd, ...via, ...args], {
      encoding: 'utf8',
      env: { ...process.env, MQT_PASSWORD: info.password },
      timeout: 120000,
    }).catch((e: Error & { stderr?: string }) => assert.fail(`${cmd}: ${e.stderr ?? e.message}`));
    check(r.stdout);
    // The database connection was a channel the sshd forwarded (the tunnel opens only when a connection asks for it).
    for (let i = 0; i < 40 && forwards() <= before; i++) await new Promise((res) => setTimeout(res, 50));
    assert.ok(forwards() > before, `${cmd}: no forward through sshd`);
  }
});

test('the handshake limit does not count the time the user spends on the host key prompt', async () => {
  const file = path.join(sshd.dir, 'known_hosts.slow');
  writeFileSync(file, '');
  const slowYes = () => new Promise<boolean>((r) => setTimeout(() => r(true), 1500));
  const t = await SshTunnel.open({ ...bastion, knownHosts: file }, {}, { readyTimeoutMs: 1000, onUnknownHost: slowYes });
  t.close();
});
