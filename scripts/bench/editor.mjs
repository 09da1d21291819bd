// Child process for the "first report in the editor" benchmark: code-server with the packaged
// extension, headless chromium, a folder with one point lookup. A connection is added through
// the UI; then, WINDOWS times, a new window opens on a folder of its own (a new extension host,
// no server session yet, no editors or report to restore) and, once the window has settled,
// Ctrl+Alt+E (Explain & Profile Query) is timed to the rendered report; then the report's
// "Run again" button to the next rendered report, RERUNS times.
// Prints JSON: { windows: [{ firstMs, firstAt, reruns, settleMs, ... }], execution }.
//   node scripts/bench/editor.mjs VSIX DB_URL RERUNS [WINDOWS]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { codeServerBin, freePort, installExtension, isolatedEnv, startCodeServer, writeUserSettings } from '../e2e/codeServer.mjs';
import { launchBrowser, Workbench } from '../e2e/workbench.mjs';

/**
 * Where the time went, from the marks (ms since the key or click): [label, from mark, to mark].
 * A phase whose marks are missing (a build without them) is left out.
 */
const FIRST_PHASES = [
  ['key to command in the extension host', undefined, 'command'],
  ['command to panel created', 'command', 'panel created'],
  ['panel created to page script running', 'panel created', 'webview boot'],
  ['script running to page loaded', 'webview boot', 'webview loaded'],
  ['analysis, beside the page load (connect included)', 'run', 'analysed'],
  ['  of which secrets read', 'run', 'secrets read'],
  ['  then the driver loaded', 'secrets read', 'driver loaded'],
  ['report posted to report in the view', 'post report', 'webview message'],
  ['building the DOM', 'webview message', 'webview built'],
  ['layout and paint', 'webview built', 'webview painted'],
];
const RERUN_PHASES = [
  ['click to the extension host', undefined, 'rerun asked'],
  ['analysis', 'run', 'analysed'],
  ['analysed to report posted', 'analysed', 'post report'],
  ['report posted to report in the view', 'post report', 'webview message'],
  ['building the DOM', 'webview message', 'webview built'],
  ['layout and paint', 'webview built', 'webview painted'],
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [vsix, dbUrl, reruns = '3', windows = '1'] = process.argv.slice(2);
const FILE = 'point.sql';
const QUIET_MS = 1_000;
const SETTLE_MAX_MS = 15_000;
/** The statement timed (MQT_BENCH_SQL: another one, for a by-hand run). */
export const SQL = process.env.MQT_BENCH_SQL ?? 'SELECT * FROM customer WHERE customer_id = 42;';
/** What the report's statement shows of it, as a regular expression's source. */
const SHOWN = process.env.MQT_BENCH_SQL
  ? process.env.MQT_BENCH_SQL.slice(0, 24)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+')
  : 'customer_id\\s*=\\s*42';

const runDir = path.join(ROOT, '.e2e', `bench-${process.pid}`);
const env = isolatedEnv(ROOT, runDir);
// The extension host appends its timing marks here (src/editor/marks.ts).
const marksFile = path.join(runDir, 'marks.jsonl');
env.MQT_BENCH_MARKS = marksFile;
const epoch = () => performance.timeOrigin + performance.now();
const userDataDir = path.join(runDir, 'user-data');
const extensionsDir = path.join(runDir, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
/** A folder with the one file: window N opens folder N, so it has no workspace state to restore. */
const folder = (n) => {
  const dir = path.join(runDir, `workspace-${n}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, FILE), `${SQL}\n`);
  return dir;
};
const workspace = folder('setup');
writeUserSettings(userDataDir);
installExtension({ bin: codeServerBin(ROOT), env, userDataDir, extensionsDir, vsix });
const server = await startCodeServer({
  bin: codeServerBin(ROOT),
  env,
  port: await freePort(),
  userDataDir,
  extensionsDir,
  workspace,
  logFile: path.join(runDir, 'code-server.log'),
});
let context;
const out = {};
try {
  context = await launchBrowser({ profileDir: path.join(runDir, 'chromium'), env });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  const open = async (dir) => {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(dir)}`, { timeout: 120_000 });
    const wb = new Workbench(page);
    await wb.waitReady(120_000);
    await wb.quickOpen(FILE);
    return wb;
  };
  let wb = await open(workspace);
  await wb.statusBarItem('No MySQL connection').waitFor();
  await wb.runCommand('MySQL Query Tuner: Add Connection');
  const url = new URL(dbUrl);
  url.searchParams.set('ssl-mode', 'disabled');
  await wb.answerInputBox('Add Connection (1/6)', url.toString());
  const name = await wb.answerInputBox('Connection name');
  await wb.waitQuickInputClosed();
  await wb.statusBarItem(name).waitFor();

  // A new window each time: the workbench and its extension host start again.
  out.windows = [];
  for (let w = 0; w < Number(windows); w++) out.windows.push(await newWindow(w));
  out.execution = await wb.webview().locator('#execution').innerText();

  /** New window `n` (on a folder of its own): its first report, then `reruns` re-runs, each after the window settled. */
  async function newWindow(n) {
    const firstWindow = n === 0;
    const run = {};
    // Each window as the first: a folder never opened before, so no report panel is restored
    // (the first report opens a new one; checked below), and no webview service worker left by
    // the last window. code-server's webview host registers its worker under a URL of its own
    // per webview, and the next window's first webview waits for the old worker to be replaced:
    // its first report took 1.4-1.6 s against 0.5-0.6 s here (docs/benchmarks.md, session 13).
    // MQT_BENCH_SW_KEEP=1 keeps them, to measure that.
    if (!process.env.MQT_BENCH_SW_KEEP) await clearServiceWorkers(page);
    const reloadAt = epoch();
    wb = await open(folder(n));
    await wb.statusBarItem(name).waitFor();
    await wb
      .editorLine(/customer_id/)
      .first()
      .click();
    run.settleMs = [await settle(page, reloadAt)];
    const report = () =>
      wb
        .webview()
        .locator('body[data-state=report] #statement:not([data-bench-seen])')
        .filter({ hasText: new RegExp(SHOWN) });
    /**
     * Times `action` to the rendered report twice over: playwright's locator wait (which polls
     * at 0, 20, 50, 100, 100, then every 500 ms, so it can see a report up to 500 ms late), and a
     * wait inside the report's frame that checks at every animation frame. Then the marks of
     * the extension host and the webview, relative to the start.
     */
    const timed = async (action, startedAt, since) => {
      const driverT0 = epoch();
      await action();
      const ends = Promise.all([report().waitFor({ timeout: 30_000 }).then(epoch), frameWait(page, driverT0 + 30_000).then(epoch)]);
      // The user's moment: the input event's own time stamp in the page (playwright's click first
      // checks the button is visible and stable, which takes a while and is not the user's wait).
      const t0 = (await startedAt()) ?? driverT0;
      const [polledEnd, exactEnd] = await ends;
      const marks = await waitMarks(wb);
      const host = readMarks()
        .filter((m) => m.at >= t0 || (m.at >= since && !m.name.startsWith('host busy')))
        .map((m) => [m.name, Math.round(m.at - t0)]);
      const view = Object.entries(marks)
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => [`webview ${k}`, Math.round(v - t0)]);
      return { t0, ms: exactEnd - t0, polledMs: polledEnd - driverT0, driverMs: t0 - driverT0, marks: [...host, ...view].sort((a, b) => a[1] - b[1]) };
    };
    await page.evaluate(() =>
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.ctrlKey && e.altKey && e.key.toLowerCase() === 'e') window.mqtBenchAt = performance.timeOrigin + e.timeStamp;
        },
        true,
      ),
    );
    // MQT_BENCH_PROFILE=1: a CPU profile of the workbench's renderer (the webview shares its thread), for finding where a first report's time goes.
    const stopProfile = firstWindow && process.env.MQT_BENCH_PROFILE ? await startProfile(page, 500) : undefined;
    // MQT_BENCH_WS=FILE: the workbench's websocket frames (time, direction, bytes) while the first report is timed.
    const frames = [];
    const ws = firstWindow && process.env.MQT_BENCH_WS ? await page.context().newCDPSession(page) : undefined;
    if (ws) {
      await ws.send('Network.enable');
      const note = (dir) => (e) =>
        frames.push([epoch(), dir, e.response.opcode === 2 ? Math.floor((e.response.payloadData.length * 3) / 4) : e.response.payloadData.length]);
      ws.on('Network.webSocketFrameReceived', note('in'));
      ws.on('Network.webSocketFrameSent', note('out'));
    }
    const first = await timed(
      () => page.keyboard.press('Control+Alt+E'),
      () => page.evaluate(() => window.mqtBenchAt),
      reloadAt,
    );
    // A report panel restored by the window (and revealed by the key) is not a first report.
    if (!first.marks.some(([m]) => m === 'panel created'))
      throw new Error(`window ${n}: the first report did not create its panel (marks: ${JSON.stringify(first.marks)})`);
    run.firstMs = first.ms;
    run.firstAt = first.t0; // epoch ms of the key, for lining up a host profile
    run.firstPolledMs = first.polledMs;
    run.firstMarks = first.marks;
    run.firstPhases = phases(first.marks, FIRST_PHASES);
    run.firstResources = await resources(page, first.t0);
    if (ws) writeFileSync(process.env.MQT_BENCH_WS, frames.map(([at, dir, n]) => `${Math.round(at - first.t0)} ${dir} ${n}`).join('\n') + '\n');
    if (stopProfile) writeFileSync(process.env.MQT_BENCH_PROFILE + '.renderer.cpuprofile', JSON.stringify(await stopProfile()));
    run.reruns = [];
    run.rerunsPolled = [];
    run.rerunMarks = [];
    run.rerunAt = []; // epoch ms of each click, for lining up a host profile
    for (let i = 0; i < Number(reruns); i++) {
      // A user reads the report before Run again: the work queued behind it (diagnostics,
      // history, the schema read) is done by then.
      run.settleMs.push(await settle(page, first.t0));
      await wb
        .webview()
        .locator('#statement')
        .evaluate((el) => {
          el.setAttribute('data-bench-seen', '');
          delete document.body.dataset.marks;
          window.mqtBenchAt = undefined;
          if (!window.mqtBenchListening)
            document.addEventListener('click', (e) => (window.mqtBenchAt = performance.timeOrigin + e.timeStamp), { capture: true });
          window.mqtBenchListening = true;
        });
      const button = wb.webview().locator('#rerun');
      await button.waitFor();
      // MQT_BENCH_PROFILE_RERUN=PREFIX: CPU profiles of the renderer over the first two re-runs (PREFIX0, PREFIX1).
      const stopRerunProfile = firstWindow && i < 2 && process.env.MQT_BENCH_PROFILE_RERUN ? await startProfile(page, 250) : undefined;
      const r = await timed(
        () => button.click(),
        () =>
          wb
            .webview()
            .locator('body')
            .evaluate(() => window.mqtBenchAt),
        Infinity,
      );
      if (stopRerunProfile)
        writeFileSync(process.env.MQT_BENCH_PROFILE_RERUN + i, JSON.stringify({ ...(await stopRerunProfile()), clickAt: r.t0, at: epoch() }));
      run.reruns.push(r.ms);
      run.rerunAt.push(r.t0);
      run.rerunsPolled.push(r.polledMs);
      run.rerunMarks.push(r.marks);
    }
    run.rerunPhases = run.rerunMarks.map((m) => phases(m, RERUN_PHASES));
    return run;
  }
} finally {
  await context?.close().catch(() => undefined);
  await server.stop();
  rmSync(runDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + '\n');

/** Starts a CPU profile of the page's renderer (sampling every `intervalUs`); the returned function stops it and gives the profile. */
async function startProfile(page, intervalUs) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    return profile;
  };
}

/** Removes the page origin's service workers (CDP, which does not wait for their clients to go), checked gone. */
async function clearServiceWorkers(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'service_workers' });
  } finally {
    await cdp.detach();
  }
  await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0, null, { timeout: 10_000 });
}

/** The extension host's marks so far (src/editor/marks.ts), all windows. */
function readMarks() {
  if (!existsSync(marksFile)) return [];
  return readFileSync(marksFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Waits until neither the workbench's thread (a 10 ms timer in the page late by over 50 ms) nor
 * the extension host's (its "host busy" marks) has been busy for QUIET_MS, at most SETTLE_MAX_MS:
 * a user opening a window reads the query before pressing the key, and reads a report before
 * Run again. Returns how long it waited (SETTLE_MAX_MS and more: it did not settle).
 */
async function settle(page, since) {
  const t0 = epoch();
  const pageBusyAt = () =>
    page.evaluate(() => {
      if (!window.mqtBenchBusy) {
        window.mqtBenchBusy = { at: performance.timeOrigin + performance.now() };
        let last = performance.now();
        setInterval(() => {
          const t = performance.now();
          if (t - last > 50) window.mqtBenchBusy.at = performance.timeOrigin + t;
          last = t;
        }, 10);
      }
      return window.mqtBenchBusy.at;
    });
  for (;;) {
    const hostBusyAt = Math.max(
      since,
      ...readMarks()
        .filter((m) => m.name.startsWith('host busy') && m.at >= since)
        .map((m) => m.at + Number(/(\d+) ms/.exec(m.name)[1])),
    );
    const busyAt = Math.max(hostBusyAt, await pageBusyAt());
    const now = epoch();
    if (now - busyAt >= QUIET_MS || now - t0 >= SETTLE_MAX_MS) return Math.round(now - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function phases(marks, spec) {
  const at = (name) => (name === undefined ? 0 : marks.find(([n]) => n === name || n.startsWith(`${name} (`))?.[1]);
  const out = {};
  for (const [label, from, to] of spec) {
    const a = at(from);
    const b = at(to);
    if (a !== undefined && b !== undefined) out[label] = b - a;
  }
  return out;
}

/** The report webview's inner document: the frame of a webview panel (not a side bar view) on fake.html. */
function reportFrame(page) {
  return page.frames().find((f) => f.url().includes('/fake.html') && f.parentFrame() && !f.parentFrame().url().includes('purpose=webviewView'));
}

/* global window, document, navigator, setInterval */
/** Waits, checking at each animation frame inside the report's document, for the new report. */
async function frameWait(page, deadline) {
  for (;;) {
    if (epoch() > deadline) throw new Error('no report within 30 s');
    const f = reportFrame(page);
    if (!f) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    try {
      await f.waitForFunction(
        (shown) => {
          const st = document.getElementById('statement');
          return document.body?.dataset.state === 'report' && st && !st.hasAttribute('data-bench-seen') && new RegExp(shown).test(st.textContent ?? '');
        },
        SHOWN,
        { polling: 'raf', timeout: Math.max(1, deadline - epoch()) },
      );
      return;
    } catch (e) {
      // The document was replaced (fake.html, then the report's HTML): look again.
      if (epoch() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** The webview's own marks of the report on show (src/webview/main.ts), once painted. */
async function waitMarks(wb) {
  const body = wb.webview().locator('body[data-marks*=\'"type":"report"\']');
  try {
    await body.waitFor({ state: 'attached', timeout: 10_000 });
    return JSON.parse(await body.getAttribute('data-marks'));
  } catch {
    return {}; // a build without the marks
  }
}

/** Navigation and resource timings of the report's document and its webview host frame. */
async function resources(page, t0) {
  const f = reportFrame(page);
  const read = async (frame) => {
    const r = await frame.evaluate(() => ({
      origin: performance.timeOrigin,
      entries: performance
        .getEntries()
        .filter((e) => e.entryType === 'resource' || e.entryType === 'navigation')
        .map((e) => [e.name.replace(/^.*\//, '').slice(0, 40), Math.round(e.startTime), Math.round(e.responseEnd), Math.round(e.duration)]),
    }));
    return { originFromStart: Math.round(r.origin - t0), entries: r.entries };
  };
  return { report: f ? await read(f) : null, host: f?.parentFrame() ? await read(f.parentFrame()) : null };
}
process.exit(0);
