// Advise Indexes on the statement under the cursor: the candidate is tried on a shadow in the
// sandbox, and only then, verified, the light bulb offers "Copy CREATE INDEX" with the evidence.
// The installed extension does not know where the project's sandbox is: the first run says so
// and offers "Set Sandbox Folder", which opens the setting; the folder `mqt sandbox status`
// prints is typed into it, as a person would.
import { pollUntil } from '../../scripts/e2e/util.mjs';
import { check, gotoQueryLine, readUserSettings } from './stepUtil.mjs';

const ADVISED = /^SELECT\s+payment_id\s+FROM\s+payment\s+WHERE\s+payment_date/;
const SETTING = 'mysqlQueryTuner.advice.sandboxDir';

/** The sandbox's schemas and payment's indexes, read over a connection of the test's own. */
async function serverShape(url) {
  const mysql = (await import('mysql2/promise')).default;
  const conn = await mysql.createConnection(url);
  try {
    const [dbs] = await conn.query('SHOW DATABASES');
    const [idx] = await conn.query('SHOW INDEX FROM payment');
    return JSON.stringify({ dbs: dbs.map((r) => r.Database).sort(), idx: idx.map((r) => `${r.Key_name}.${r.Column_name}`).sort() });
  } finally {
    await conn.end();
  }
}

/** Runs Advise Indexes and resolves with the summary toast (its first line, and the toast). */
async function advise(wb, expect) {
  await gotoQueryLine(wb, ADVISED);
  await wb.runCommand('MySQL Query Tuner: Advise Indexes (tried on the sandbox)');
  const done = wb.notificationToast(expect).first();
  await done.waitFor({ timeout: 90_000 });
  return { toast: done, summary: (await done.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ').trim() };
}

/** "Set Sandbox Folder" in the toast: the Settings editor on the setting; the folder typed in. */
async function setSandboxFolder(wb, toast, userDataDir, dir) {
  await toast.getByRole('button', { name: 'Set Sandbox Folder' }).click();
  const editor = wb.page.locator('.settings-editor');
  const input = editor.locator('.monaco-list-row').filter({ hasText: 'Sandbox Dir' }).locator('input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(dir);
  await pollUntil(() => readUserSettings(userDataDir)[SETTING] === dir, { timeoutMs: 10_000, what: `${SETTING} in the user settings` });
  await wb.closeTab('Settings');
}

export const adviceStep = {
  name: 'Advise Indexes: no sandbox found → Set Sandbox Folder; then the range on payment_date is verified on the sandbox shadow; the quick fix copies its CREATE INDEX',
  run: async ({ wb, page, screenshot, sandboxUrl, sandboxDir, userDataDir }) => {
    const before = await serverShape(sandboxUrl);
    await gotoQueryLine(wb, ADVISED);
    // Before any advice, no "Copy CREATE INDEX" is offered.
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget');
    const copy = widget.locator('.monaco-list-row').filter({ hasText: 'Copy CREATE INDEX' });
    await page.waitForTimeout(1500);
    check(!(await copy.count()), 'Copy CREATE INDEX offered before the advice ran');
    await page.keyboard.press('Escape');

    const first = await advise(wb, 'No running sandbox was found');
    check(/^None of the 1 index candidates was verified/.test(first.summary), `without a sandbox: ${first.summary}`);
    await screenshot('advice-no-sandbox');
    await setSandboxFolder(wb, first.toast, userDataDir, sandboxDir);

    const t0 = Date.now();
    const { toast, summary } = await advise(wb, 'verified on the sandbox');
    const ms = Date.now() - t0;
    check(/^1 of 1 index candidates verified/.test(summary), `summary: ${summary}`);
    // Show details: the advice with its evidence in the extension's log.
    await toast.getByRole('button', { name: 'Show details' }).click();
    const output = page.locator('.part.panel .output-view .view-lines');
    await output.filter({ hasText: /verified/ }).waitFor({ timeout: 10_000 });
    const details = (await output.innerText()).replace(/\u00a0/g, ' ');
    check(/idx_payment_payment_date/.test(details) && /rows examined/i.test(details), `the details say: ${details.slice(-600)}`);
    await screenshot('advice-details');
    await wb.runCommand('View: Hide Panel');

    const origin = new URL(page.url()).origin;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.evaluate(() => globalThis.navigator.clipboard.writeText('(nothing yet)'));
    await gotoQueryLine(wb, ADVISED);
    await page.keyboard.press('Control+.');
    await copy.first().waitFor({ timeout: 15_000 });
    const title = (await copy.first().innerText()).trim();
    check(/^Copy CREATE INDEX idx_payment_payment_date \(verified on the sandbox: [\d,]+ → \d+ rows examined\)/.test(title), `action: ${title}`);
    await screenshot('advice-quick-fix');
    // The action widget lays a pointer block over the page: the row is focused by the mouse, taken with Enter.
    await copy.first().hover({ force: true });
    await pollUntil(async () => /\bfocused\b/.test((await copy.first().getAttribute('class')) ?? ''), {
      timeoutMs: 5000,
      what: 'the Copy CREATE INDEX row to take focus',
    });
    await page.keyboard.press('Enter');
    const copied = wb.notificationToast('Copied CREATE INDEX idx_payment_payment_date ON payment (payment_date);');
    await copied.waitFor({ timeout: 15_000 });
    const evidence = (await copied.innerText()).split('\n')[0];
    check(/rows examined [\d,]+ → \d+/.test(evidence) && /ALL → range idx_payment_payment_date/.test(evidence), `evidence: ${evidence}`);
    const clip = await page.evaluate(() => globalThis.navigator.clipboard.readText());
    check(clip === 'CREATE INDEX idx_payment_payment_date ON payment (payment_date);', `the clipboard holds "${clip}"`);
    // The analysed server (the sandbox itself here) kept its indexes; no shadow schema is left.
    const after = await serverShape(sandboxUrl);
    check(after === before, `the server changed: ${before} -> ${after}`);
    await page.keyboard.press('Escape');
    return `${first.summary.slice(0, 90)} | advice with the sandbox in ${ms} ms: ${summary.slice(0, 60)} | ${title} | clipboard "${clip}"`;
  },
};
