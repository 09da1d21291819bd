// code-server for one e2e run: a fresh user-data-dir, extensions-dir and XDG folders under
// .e2e/run-*/, started in its own process group so the extension host dies with it.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pollUntil } from './util.mjs';

export const CODE_SERVER_VERSION = '4.100.3';

/** Where setup.sh installs code-server (a private npm prefix, not a project dependency). */
export function codeServerBin(root) {
  return path.join(root, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
}

/** Environment that keeps code-server and chromium out of the user's home folder. */
export function isolatedEnv(root, runDir) {
  const xdg = path.join(runDir, 'xdg');
  const env = {
    ...process.env,
    TMPDIR: path.join(root, '.e2e', 'tmp'),
    XDG_CONFIG_HOME: path.join(xdg, 'config'),
    XDG_DATA_HOME: path.join(xdg, 'data'),
    XDG_CACHE_HOME: path.join(xdg, 'cache'),
    // The test's own home: Import Connections reads ~/.my.cnf from it.
    HOME: path.join(runDir, 'home'),
  };
  for (const dir of [env.TMPDIR, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.HOME]) mkdirSync(dir, { recursive: true });
  return env;
}

/** The user settings of the run: no welcome page, no trust prompt, no update checks. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'editor.hover.delay': 150,
    // The run folders live inside this repository: no "open the parent repository?" prompt.
    'git.openRepositoryInParentFolders': 'never',
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...extra,
  };
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function installExtension({ bin, env, userDataDir, extensionsDir, vsix }) {
  const r = spawnSync(bin, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`--install-extension failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

/**
 * Starts code-server on a loopback port and resolves once /healthz answers. The returned
 * stop() kills the whole process group (server, extension host, pty host).
 */
export async function startCodeServer({ bin, env, port, userDataDir, extensionsDir, workspace, logFile, trust = false, timeoutMs = 30_000 }) {
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(
    bin,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      // With `trust`, workspace trust is on and a new folder opens in Restricted Mode.
      ...(trust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => killGroup(child.pid);
  try {
    await pollUntil(
      async () => {
        if (exited) throw new Error(`code-server exited early (${exited.code ?? exited.signal}); see ${logFile}`);
        try {
          return (await globalThis.fetch(`${url}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      { timeoutMs, what: 'code-server /healthz' },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, pid: child.pid, stop };
}

/** SIGTERM to the process group, then SIGKILL if any member is still there after 5 s. */
export async function killGroup(pid) {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await pollUntil(() => !alive(), { timeoutMs: 5000, intervalMs: 100, what: 'code-server process group to exit' });
  } catch {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
