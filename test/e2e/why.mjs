// "Why this plan" in the report panel: the four-table join's trace per table, a plan node's
// link to its table's entry, and screenshots in the light and dark themes.
/* global document -- callbacks passed to evaluate run in the page */
import { check, pickColorTheme } from './stepUtil.mjs';

const JOIN = /^SELECT\s+c\.last_name/;

async function theme(wb, name, kind) {
  await pickColorTheme(wb, name);
  await wb.webview().locator(`body.vscode-${kind}[data-state=report]`).waitFor();
}

export const whyStep = {
  name: "Why this plan: the join's optimizer trace per table; a plan node links to its table; light and dark screenshots",
  run: async ({ wb, page, screenshot }) => {
    if (!(await wb.editorLine(JOIN).count())) {
      await wb.openPalette();
      await wb.quickInputBox().fill(':13');
      await page.keyboard.press('Enter');
      await wb.waitQuickInputClosed();
    }
    await wb.clickLine(JOIN);
    const view = wb.webview();
    await view.locator('#statement').evaluate((el) => el.setAttribute('data-e2e-seen', ''));
    await page.keyboard.press('Control+Alt+E');
    const done = view.locator('body[data-state=report]');
    await done
      .locator('#statement:not([data-e2e-seen])')
      .filter({ hasText: /^SELECT c\.last_name/ })
      .waitFor({ timeout: 30_000 });
    const why = view.locator('#why');
    await why.waitFor();
    const tables = await why.locator('h4.why-table').allInnerTexts();
    check(tables.length >= 4, `Why this plan lists ${tables.length} tables: ${JSON.stringify(tables)}`);
    check(
      tables.some((t) => /customer c/.test(t)),
      `no "customer c" entry: ${JSON.stringify(tables)}`,
    );
    const lines = await why.locator('ul.why-lines li').allInnerTexts();
    check(
      lines.some((l) => /^Join order: .*chosen c → r → i → f/.test(l)),
      `no join order line: ${JSON.stringify(lines)}`,
    );
    const chosen = await why.locator('tr.why-chosen').count();
    check(chosen >= 4, `${chosen} chosen rows`);
    // The plan node for c (read by its range on idx_last_name): its details link to c's entry.
    const node = view
      .locator('#plan .plan-graph .node')
      .filter({ hasText: /idx_last_name/ })
      .first();
    await node.click();
    const link = view.locator('.plan-details a.why-link');
    await link.waitFor();
    await link.click();
    const target = view.locator('#why-c');
    await target.waitFor();
    const inView = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < document.documentElement.clientHeight;
    });
    check(inView, "the link did not bring the table's entry into view");
    await page.mouse.move(1, 500);
    await why.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const before = (await page.locator('.monaco-workbench.vs-dark').count()) ? ['Default Dark Modern', 'dark'] : ['Default Light Modern', 'light'];
    await theme(wb, 'Default Light Modern', 'light');
    await why.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot('why-light');
    await theme(wb, 'Default Dark Modern', 'dark');
    await why.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot('why-dark');
    if (before[1] !== 'dark') await theme(wb, before[0], before[1]);
    return `${tables.length} tables (${tables.join(', ')}), ${chosen} chosen rows, "${lines[0]}"`;
  },
};
