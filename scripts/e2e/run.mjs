#!/usr/bin/env node
// End-to-end test in a real VS Code UI: code-server (installed on demand by setup.sh) with
// the packaged extension, a workspace with the sample queries (test/e2e/workspace.mjs), the project's sandbox
// MariaDB, and Debian's chromium driven by playwright-core. Runs test/e2e/scenario.mjs.
//
//   node scripts/e2e/run.mjs [--vsix PATH] [--screenshots] [--keep]
//     --vsix PATH     test this .vsix instead of building dist/mysql-query-tuner.vsix
//     --screenshots   also copy the report screenshots (light and dark theme) to docs/images/
//     --keep          keep .e2e/run-*/ (profiles, logs) even when every step passed
//     --only REGEX    run the steps whose name matches, after the first ones up to the first
//                     connection (the others need them); no Restricted Mode pass
//
// Output: TAP lines, per-step timings, then "e2e: N passed, N failed, N skipped".
// Screenshots and logs go to test-results/e2e/. Exit code 1 when a step failed.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { codeServerBin, freePort, installExtension, isolatedEnv, startCodeServer, writeUserSettings } from './codeServer.mjs';
import { fmtS, run, sleep } from './util.mjs';
import { launchBrowser, Workbench } from './workbench.mjs';
import { restrictedSteps, steps } from '../../test/e2e/scenario.mjs';
import { SQL_FILE, SQL_TEXT } from '../../test/e2e/workspace.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const DOCS_IMAGES = path.join(ROOT, 'docs', 'images');

const KEEP_RUNS = 3;

const { values: opts } = parseArgs({
  options: { vsix: { type: 'string' }, screenshots: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, only: { type: 'string' } },
});

const log = (line) => process.stdout.write(`${line}\n`);
const note = (line) => log(`# ${line}`);
const timings = [];

async function timed(name, fn) {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    const ms = performance.now() - t0;
    timings.push([name, ms]);
    note(`${name}: ${fmtS(ms)}`);
  }
}

/** npm run package; other people may be editing the sources, so a failed build is retried. */
async function buildVsix() {
  const vsix = path.join(ROOT, 'dist', 'mysql-query-tuner.vsix');
  for (let attempt = 1; ; attempt++) {
    try {
      await run('npm', ['run', '--silent', 'package'], { cwd: ROOT, quiet: true });
      return vsix;
    } catch (e) {
      if (attempt === 3) throw new Error(`npm run package failed 3 times; the last error:\n${e.message}`);
      note(`npm run package failed (attempt ${attempt}), retrying in 20 s: ${e.message.split('\n').slice(0, 6).join(' | ')}`);
      await sleep(20_000);
    }
  }
}

/** Starts the sandbox; its URL, and its folder as `mqt sandbox status` tells a user ("data in DIR"). */
async function startSandbox() {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) await run('npm', ['run', '--silent', 'build'], { cwd: ROOT, quiet: true });
  const cli = (...args) => run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'sandbox', ...args], { cwd: ROOT, quiet: true });
  await cli('start');
  const status = (await cli('status')).stdout;
  const dir = /data in (.+)\)\s*$/m.exec(status)?.[1];
  if (!dir) throw new Error(`mqt sandbox status names no folder: ${status}`);
  return { url: (await cli('url')).stdout.trim(), dir };
}

function pruneOldRuns(keep) {
  const base = path.join(ROOT, '.e2e');
  const runs = readdirSync(base)
    .filter((d) => d.startsWith('run-'))
    .map((d) => path.join(base, d))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const dir of runs.slice(keep)) rmSync(dir, { recursive: true, force: true });
}

/** The extension's output channel, as the log file the workbench writes for it. */
function extensionLog(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.includes('MySQL Query Tuner')) found.push(p);
    }
  };
  const logs = path.join(userDataDir, 'logs');
  if (existsSync(logs)) walk(logs);
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

async function main() {
  const tAll = performance.now();
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });

  await timed('setup (setup.sh)', () => run('bash', [path.join(ROOT, 'scripts', 'e2e', 'setup.sh')], { cwd: ROOT }));
  const bin = codeServerBin(ROOT);
  const vsixSrc = opts.vsix ? path.resolve(opts.vsix) : await timed('npm run package', buildVsix);
  if (!existsSync(vsixSrc)) throw new Error(`no such vsix: ${vsixSrc}`);
  const { url: dbUrl, dir: sandboxDir } = await timed('sandbox start', startSandbox);

  const runDir = path.join(ROOT, '.e2e', `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspace = path.join(runDir, 'workspace');
  const restrictedWorkspace = path.join(runDir, 'untrusted-workspace');
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, SQL_FILE), SQL_TEXT);
  // The build folder is shared with other work: test a private copy of the package.
  const vsix = path.join(runDir, path.basename(vsixSrc));
  copyFileSync(vsixSrc, vsix);
  const env = isolatedEnv(ROOT, runDir);
  writeUserSettings(userDataDir);
  const setTheme = (theme) => writeUserSettings(userDataDir, { 'workbench.colorTheme': theme });

  await timed('install the vsix', () => installExtension({ bin, env, userDataDir, extensionsDir, vsix }));
  const port = await freePort();
  let server = await timed('code-server start (/healthz)', () =>
    startCodeServer({
      bin,
      env,
      port,
      userDataDir,
      extensionsDir,
      workspace,
      logFile: path.join(RESULTS, 'code-server.log'),
    }),
  );

  let context;
  const consoleLines = [];
  const results = [];
  const stop = async () => {
    await context?.close().catch(() => undefined);
    await server.stop();
  };
  const onSignal = (sig) => {
    void stop().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    context = await timed('chromium launch', () => launchBrowser({ profileDir: path.join(runDir, 'chromium'), env }));
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    // Console output of the workbench and of the webview frames (CSP reports show up here).
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.location()?.url ?? ''} ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    // A loaded machine can take longer than the default 15 s to serve the workbench.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });

    const wb = new Workbench(page);
    let shotNo = 0;
    const shots = [];
    const screenshot = async (name) => {
      const file = path.join(RESULTS, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      shots.push([name, file]);
      return file;
    };
    const ctx = {
      wb,
      page,
      sandboxUrl: dbUrl,
      sandboxDir,
      workspace,
      userDataDir,
      home: env.HOME,
      results: RESULTS,
      screenshot,
      setTheme,
      themeShots: opts.screenshots,
    };
    let currentScreenshot = screenshot;

    log('TAP version 13');
    let failed = false;
    let n = 0;
    const runSteps = async (list, stepCtx) => {
      for (const step of list) {
        n++;
        const unasked = opts.only && n > 5 && !new RegExp(opts.only).test(step.name);
        if (step.todo || failed || unasked || (step.when && !step.when(stepCtx))) {
          const why = step.todo ?? (failed ? 'an earlier step failed' : unasked ? 'not asked for (--only)' : 'not asked for (--screenshots)');
          log(`ok ${n} - ${step.name} # SKIP ${why}`);
          results.push({ name: step.name, status: 'skipped' });
          continue;
        }
        const t0 = performance.now();
        try {
          const detail = await step.run(stepCtx);
          const ms = performance.now() - t0;
          if (step.shot) await currentScreenshot(step.shot);
          log(`ok ${n} - ${step.name} (${fmtS(ms)})${detail ? `\n#   ${detail}` : ''}`);
          results.push({ name: step.name, status: 'passed', ms });
        } catch (e) {
          const ms = performance.now() - t0;
          failed = true;
          const file = await currentScreenshot(`FAILED-${step.shot ?? `step-${n}`}`).catch(() => '(no screenshot)');
          log(`not ok ${n} - ${step.name} (${fmtS(ms)})`);
          log(`  ---\n  message: ${JSON.stringify(e?.message ?? String(e))}\n  screenshot: ${path.relative(ROOT, file)}\n  ...`);
          results.push({ name: step.name, status: 'failed', ms });
        }
      }
    };
    await runSteps(steps, ctx);

    if (!failed && !opts.only) {
      // Second pass: workspace trust on, a folder never trusted: Restricted Mode.
      await timed('restart for Restricted Mode', async () => {
        await context?.close().catch(() => undefined);
        await server.stop();
        // Keep what the first pass saved (the connection), turn trust on.
        const saved = JSON.parse(readFileSync(path.join(userDataDir, 'User', 'settings.json'), 'utf8'));
        writeUserSettings(userDataDir, {
          ...saved,
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never',
          'security.workspace.trust.banner': 'never',
        });
        mkdirSync(restrictedWorkspace, { recursive: true });
        writeFileSync(path.join(restrictedWorkspace, SQL_FILE), SQL_TEXT);
        server = await startCodeServer({
          bin,
          env,
          port: await freePort(),
          userDataDir,
          extensionsDir,
          workspace: restrictedWorkspace,
          logFile: path.join(RESULTS, 'code-server.log'),
          trust: true,
        });
        context = await launchBrowser({ profileDir: path.join(runDir, 'chromium-restricted'), env });
      });
      const page2 = context.pages()[0] ?? (await context.newPage());
      page2.setDefaultTimeout(15_000);
      page2.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.location()?.url ?? ''} ${m.text()}`));
      await page2.goto(`${server.url}/?folder=${encodeURIComponent(restrictedWorkspace)}`, { timeout: 60_000 });
      const screenshot2 = async (name) => {
        const file = path.join(RESULTS, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
        await page2.screenshot({ path: file });
        return file;
      };
      currentScreenshot = screenshot2;
      await runSteps(restrictedSteps, { ...ctx, wb: new Workbench(page2), page: page2, screenshot: screenshot2 });
    }
    log(`1..${n}`);

    if (opts.screenshots && !failed) {
      mkdirSync(DOCS_IMAGES, { recursive: true });
      for (const [name, file] of shots) {
        if (['report-light', 'report-dark', 'why-light', 'why-dark'].includes(name)) {
          copyFileSync(file, path.join(DOCS_IMAGES, `${name}.png`));
          note(`copied ${path.relative(ROOT, path.join(DOCS_IMAGES, `${name}.png`))}`);
        }
      }
    }

    const extLog = extensionLog(userDataDir);
    writeFileSync(path.join(RESULTS, 'extension.log'), extLog);
    writeFileSync(path.join(RESULTS, 'console.log'), `${consoleLines.join('\n')}\n`);
    if (failed) {
      note('extension log (output channel "MySQL Query Tuner"):');
      for (const l of extLog.trim().split('\n').slice(-20)) note(`  ${l}`);
      const webviewLines = consoleLines.filter((l) => /webview|Content Security Policy|\[error\]|pageerror/i.test(l)).slice(-20);
      if (webviewLines.length) note('browser console (errors and webview lines):');
      for (const l of webviewLines) note(`  ${l.slice(0, 400)}`);
    }
  } finally {
    await timed('shutdown (browser + code-server group)', stop);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const passed = results.filter((r) => r.status === 'passed').length;
  const failedN = results.filter((r) => r.status === 'failed').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  note('timings:');
  for (const [name, ms] of timings) note(`  ${name.padEnd(42)} ${fmtS(ms).padStart(8)}`);
  for (const r of results) if (r.ms !== undefined) note(`  step: ${r.name.slice(0, 36).padEnd(36)} ${fmtS(r.ms).padStart(8)}`);
  note(`  ${'whole run'.padEnd(42)} ${fmtS(performance.now() - tAll).padStart(8)}`);
  note(`screenshots and logs: ${path.relative(ROOT, RESULTS)}/`);
  if (failedN === 0 && !opts.keep) rmSync(runDir, { recursive: true, force: true });
  else note(`run folder kept: ${path.relative(ROOT, runDir)}`);
  pruneOldRuns(KEEP_RUNS);
  log(`e2e: ${passed} passed, ${failedN} failed, ${skipped} skipped`);
  return failedN === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    log(`Bail out! ${e?.stack ?? e}`);
    log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
