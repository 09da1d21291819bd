// Advise Indexes on the statement under the cursor: the candidate is tried on a shadow in the
// sandbox, and only then, verified, the light bulb offers "Copy CREATE INDEX" with the evidence.
import { SQL_FILE, SQL_TEXT } from './workspace.mjs';

const ADVISED = /^SELECT\s+payment_id\s+FROM\s+payment\s+WHERE\s+payment_date/;

function check(cond, message) {
  if (!cond) throw new Error(message);
}

export const adviceStep = {
  name: 'Advise Indexes: the range on payment_date is verified on the sandbox shadow; the quick fix copies its CREATE INDEX',
  // Seen in the run of 2026-12-02 01:22: the command ran and logged the advice, but unverified,
  // "No sandbox to try it on": the installed extension looks for the sandbox in
  // MQT_SANDBOX_DIR or ~/.mqt-sandbox, not in the project's .sandbox/ the run uses.
  todo: 'the extension host does not find the run\'s sandbox (no MQT_SANDBOX_DIR in code-server\'s environment); needs a sandbox setting or the harness passing it',
  run: async ({ wb, page, screenshot }) => {
    const line = SQL_TEXT.split('\n').findIndex((l) => ADVISED.test(l)) + 1;
    check(line > 0, 'the workspace file has no advised statement');
    // An earlier step may have left another editor in front.
    await wb.quickOpen(SQL_FILE);
    await wb.openPalette();
    await wb.quickInputBox().fill(`:${line}`);
    await page.keyboard.press('Enter');
    await wb.waitQuickInputClosed();
    await wb.clickLine(ADVISED);
    // Before any advice, no "Copy CREATE INDEX" is offered.
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget');
    const copy = widget.locator('.monaco-list-row').filter({ hasText: 'Copy CREATE INDEX' });
    await page.waitForTimeout(1500);
    check(!(await copy.count()), 'Copy CREATE INDEX offered before the advice ran');
    await page.keyboard.press('Escape');
    await wb.runCommand('MySQL Query Tuner: Advise Indexes (tried on the sandbox)');
    const done = wb.notificationToast('verified on the sandbox');
    await done.waitFor({ timeout: 90_000 });
    const summary = (await done.innerText()).split('\n')[0];
    check(/^1 of 1 index candidates verified/.test(summary), `summary: ${summary}`);
    await wb.clickLine(ADVISED);
    await page.keyboard.press('Control+.');
    await copy.first().waitFor({ timeout: 15_000 });
    const title = (await copy.first().innerText()).trim();
    check(/^Copy CREATE INDEX idx_payment_payment_date \(verified on the sandbox: [\d,]+ → \d+ rows examined\)/.test(title), `action: ${title}`);
    await screenshot('advice-quick-fix');
    await copy.first().click();
    const copied = wb.notificationToast('Copied CREATE INDEX idx_payment_payment_date ON payment (payment_date);');
    await copied.waitFor({ timeout: 15_000 });
    const evidence = (await copied.innerText()).split('\n')[0];
    check(/rows examined [\d,]+ → \d+/.test(evidence) && /ALL → range idx_payment_payment_date/.test(evidence), `evidence: ${evidence}`);
    return `${summary} | ${title}`;
  },
};
