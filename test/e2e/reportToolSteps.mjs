// e2e: Export Report (HTML opened offline in chromium, Markdown, JSON), Copy Plan as Text (the
// clipboard), and a quick fix: Compare with rewrite from the editor, then the rewrite applied.
/* global navigator -- callbacks passed to evaluate run in the page */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pollUntil } from '../../scripts/e2e/util.mjs';
import { check, pick, toast } from './stepUtil.mjs';

const REWRITE_FILE = 'rewrite.sql';
const REWRITE_SQL =
  '-- A function around an indexed date column: the quick fix writes it as a range.\nSELECT COUNT(*) FROM rental WHERE YEAR(rental_date) = 2005;\n';
const FORMATS = [
  ['HTML', 'html'],
  ['Markdown', 'md'],
  ['JSON', 'json'],
];

/** The save dialog (code-server's simple dialog, a quick input holding the path): the path, then Enter. */
async function saveAs(wb, file) {
  await wb.quickInput().waitFor({ state: 'visible' });
  await pollUntil(async () => /query-report/.test(await wb.quickInputBox().inputValue()), {
    timeoutMs: 10_000,
    what: 'the save dialog with the default file name',
  });
  await wb.quickInputBox().fill(file);
  await wb.page.keyboard.press('Enter');
  await wb.waitQuickInputClosed();
}

/** Opens the exported HTML in a new tab with every request other than file: refused; resolves with what rendered. */
async function openOffline(page, file, shotFile) {
  const tab = await page.context().newPage();
  const refused = [];
  await tab.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    refused.push(route.request().url());
    return route.abort();
  });
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  try {
    await tab.goto(`file://${file}`);
    await tab.locator('body[data-state=report] #statement').waitFor({ timeout: 15_000 });
    const statement = (await tab.locator('#statement').innerText()).replace(/\s+/g, ' ');
    const nodes = await tab.locator('#plan .plan-graph .node').count();
    const findings = await tab.locator('#findings li.finding').count();
    await tab.screenshot({ path: shotFile, fullPage: false });
    return { statement, nodes, findings, refused, errors };
  } finally {
    await tab.close();
  }
}

export const reportToolSteps = [
  {
    name: 'Export Report as HTML, Markdown and JSON; the HTML opens offline in chromium and shows the report',
    shot: 'export-report',
    run: async ({ wb, page, workspace, results }) => {
      const out = [];
      let html;
      for (const [label, ext] of FORMATS) {
        const file = path.join(workspace, `query-report.${ext}`);
        rmSync(file, { force: true });
        await wb.runCommand('MySQL Query Tuner: Export Report (HTML, Markdown, JSON)');
        await pick(wb, label);
        await saveAs(wb, file);
        const said = await toast(wb, `Report saved to query-report.${ext}`);
        await pollUntil(() => existsSync(file), { timeoutMs: 10_000, what: `${file} to be written` });
        const text = readFileSync(file, 'utf8');
        if (ext === 'json') {
          const r = JSON.parse(text);
          check(/FROM payment WHERE amount/.test(r.statement) && r.plan?.root, `the JSON export: ${text.slice(0, 200)}`);
        } else if (ext === 'md') {
          check(/```sql/.test(text) && /FROM payment WHERE amount/.test(text), `the Markdown export: ${text.slice(0, 200)}`);
        } else {
          check(/^<!DOCTYPE html>/.test(text), `the HTML export starts "${text.slice(0, 40)}"`);
          html = await openOffline(page, file, path.join(results, 'export-html-in-chromium.png'));
          check(/FROM payment WHERE amount/.test(html.statement), `the HTML page shows "${html.statement}"`);
          check(html.nodes > 0, 'the HTML page draws no plan graph');
          check(html.refused.length === 0, `the HTML page asked the network for ${html.refused.join(', ')}`);
          check(html.errors.length === 0, `script errors in the HTML page: ${html.errors.join('; ')}`);
        }
        out.push(`${ext} ${text.length} B ("${said}")`);
      }
      return `${out.join(', ')}; HTML offline: ${html.nodes} plan nodes, ${html.findings} findings, no request refused (test-results/e2e/export-html-in-chromium.png)`;
    },
  },
  {
    name: 'Copy Plan as Text puts the plan tree on the clipboard',
    shot: 'copy-plan',
    run: async ({ wb, page }) => {
      const origin = new URL(page.url()).origin;
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await page.evaluate(() => navigator.clipboard.writeText('(nothing yet)'));
      await wb.runCommand('MySQL Query Tuner: Copy Plan as Text');
      await toast(wb, 'Plan copied as text');
      const text = await page.evaluate(() => navigator.clipboard.readText());
      check(/payment/.test(text) && text.split('\n').length >= 1 && text !== '(nothing yet)', `the clipboard holds "${text}"`);
      return `clipboard: ${JSON.stringify(text.slice(0, 160))}`;
    },
  },
  {
    name: 'quick fix on YEAR(rental_date) = 2005: Compare with rewrite runs both (same rows), then the rewrite is applied',
    shot: 'quick-fix-applied',
    run: async ({ wb, page, workspace, screenshot }) => {
      // A new file: opened by its path (File: Open File…, the simple dialog), since Quick Open's index may not have it yet.
      const file = path.join(workspace, REWRITE_FILE);
      writeFileSync(file, REWRITE_SQL);
      await wb.runCommand('File: Open File...');
      await wb.quickInput().waitFor({ state: 'visible' });
      // The dialog writes its start folder into the box when it is ready: only then the path.
      await pollUntil(async () => (await wb.quickInputBox().inputValue()).includes(workspace), {
        timeoutMs: 10_000,
        what: 'the open dialog at the workspace folder',
      });
      await wb.quickInputBox().fill(file);
      await pollUntil(async () => (await wb.quickInputBox().inputValue()) === file, { timeoutMs: 5000, what: 'the path in the open dialog' });
      await page.keyboard.press('Enter');
      await page.locator('.tab.active').filter({ hasText: REWRITE_FILE }).first().waitFor();
      const line = /^SELECT\s+COUNT\(\*\)\s+FROM\s+rental/;
      await page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: 20_000 });
      const openFixes = async () => {
        await wb.clickWord(line, 'YEAR');
        await page.keyboard.press('Control+.');
        const items = page.locator('.action-widget .monaco-list-row');
        await items.first().waitFor({ state: 'visible' });
        return items;
      };
      // The action widget puts a pointer block over the editor: choose with the keyboard.
      const choose = async (label) => {
        for (let k = 0; k < 10; k++) {
          const focused = (
            (await page
              .locator('.action-widget .monaco-list-row.focused')
              .innerText()
              .catch(() => '')) ?? ''
          )
            .replace(/\s+/g, ' ')
            .trim();
          if (focused.startsWith(label)) {
            await page.keyboard.press('Enter');
            await page.locator('.action-widget').waitFor({ state: 'hidden' });
            return;
          }
          await page.keyboard.press('ArrowDown');
        }
        throw new Error(`no quick fix "${label}" could be focused`);
      };
      let items = await openFixes();
      const labels = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      check(
        labels.some((l) => l.startsWith('Compare with rewrite')) && labels.some((l) => l.startsWith('Rewrite: rental_date >=')),
        `quick fixes: ${JSON.stringify(labels)}`,
      );
      await screenshot('quick-fix-menu');
      await choose('Compare with rewrite');
      const frame = await wb.webviewFrame('Compare with rewrite', 60_000);
      const text = await pollUntil(
        async () => {
          const t = await frame.locator('body').innerText();
          return /checksums match|DIFFERENT rows/.test(t) && t;
        },
        { timeoutMs: 60_000, what: 'the comparison of the original and the rewrite' },
      );
      check(/Same rows \(checksums match\)/.test(text), `the comparison says: ${text.slice(0, 400)}`);
      check(/YEAR\(rental_date\)/.test(text) && /rental_date >= '2005-01-01'/.test(text), 'the comparison does not show both statements');
      await screenshot('compare-with-rewrite');
      await wb.closeTab('Compare with rewrite');
      items = await openFixes();
      await choose('Rewrite: rental_date >=');
      await wb
        .editorLine(/rental_date\s+>=\s+'2005-01-01'\s+AND\s+rental_date\s+<\s+'2006-01-01'/)
        .first()
        .waitFor();
      await pollUntil(async () => (await page.locator('.editor-instance .monaco-editor .squiggly-warning').count()) === 0, {
        timeoutMs: 10_000,
        what: 'the hint to go once the rewrite is in',
      });
      const rows = text
        .split('\n')
        .filter((l) => /time|rows|result/i.test(l))
        .slice(0, 4)
        .join(' | ');
      return `quick fixes: ${labels.join(' | ')}; comparison: ${rows}; rewrite applied, no squiggle left`;
    },
  },
];
