// e2e: settings that take effect while the editor runs (hints.disabled, codeLens.enabled,
// timeoutSeconds), changed in the user settings file as a person would, and the walkthrough.
import { pollUntil, sleep } from '../../scripts/e2e/util.mjs';
import { check, gotoQueryLine, markReport, pick, updateUserSettings, waitForOutcome } from './stepUtil.mjs';

const RAND = /^SELECT.*ORDER\s+BY\s+RAND\(\)/;
const RULE = 'order-by-rand';

const lenses = (page) => page.locator('.editor-instance .monaco-editor .codelens-decoration:visible').filter({ hasText: 'Explain & Profile' });

export const settingsSteps = [
  {
    name: 'setting hints.disabled: order-by-rand off takes its problem away, back on brings it back',
    shot: 'setting-hints-disabled',
    run: async ({ wb, userDataDir }) => {
      await gotoQueryLine(wb, RAND);
      // The rule's own rows in the Problems panel, not the status bar's total: other open
      // documents' problems settle meanwhile and can hide or fake a change of one (seen in CI).
      const rows = () => wb.problemRows(RULE);
      try {
        const before = await pollUntil(async () => (await rows()) > 0 && { total: (await wb.problems()).total }, { what: `a Problems row for ${RULE}` });
        await updateUserSettings(wb, userDataDir, { 'mysqlQueryTuner.hints.disabled': [RULE] });
        // Twice, apart: a panel that has just opened may not have drawn its rows yet.
        const gone = async () => (await rows()) === 0 && (await sleep(300), (await rows()) === 0);
        const off = await pollUntil(async () => (await gone()) && { total: (await wb.problems()).total }, {
          timeoutMs: 15_000,
          what: `the ${RULE} Problems row to go`,
        });
        await updateUserSettings(wb, userDataDir, { 'mysqlQueryTuner.hints.disabled': undefined });
        const on = await pollUntil(async () => (await rows()) > 0 && { total: (await wb.problems()).total }, {
          timeoutMs: 15_000,
          what: `the ${RULE} Problems row to come back`,
        });
        return `${RULE} in Problems: shown (total ${before.total}) -> gone with it disabled (total ${off.total}) -> shown again (total ${on.total})`;
      } finally {
        await wb.hideProblems();
      }
    },
  },
  {
    name: 'setting codeLens.enabled: false removes the Explain & Profile lenses, true brings them back',
    shot: 'setting-codelens',
    run: async ({ wb, page, userDataDir }) => {
      await gotoQueryLine(wb, RAND);
      await lenses(page).first().waitFor({ state: 'visible' });
      const shown = await lenses(page).count();
      await updateUserSettings(wb, userDataDir, { 'mysqlQueryTuner.codeLens.enabled': false });
      await gotoQueryLine(wb, RAND);
      await pollUntil(async () => (await lenses(page).count()) === 0, { timeoutMs: 15_000, what: 'the lenses to go' });
      await updateUserSettings(wb, userDataDir, { 'mysqlQueryTuner.codeLens.enabled': undefined });
      await gotoQueryLine(wb, RAND);
      await lenses(page).first().waitFor({ state: 'visible', timeout: 15_000 });
      return `${shown} lenses in view -> 0 -> ${await lenses(page).count()}`;
    },
  },
  {
    name: 'setting timeoutSeconds: 2 stops SELECT SLEEP(20) by the time limit',
    shot: 'setting-timeout',
    run: async ({ wb, userDataDir }) => {
      await updateUserSettings(wb, userDataDir, { 'mysqlQueryTuner.timeoutSeconds': 2 });
      try {
        await gotoQueryLine(wb, /^SELECT\s+SLEEP\(20\)/);
        await markReport(wb);
        const t0 = Date.now();
        await wb.page.keyboard.press('Control+Alt+E');
        const { view, state } = await waitForOutcome(wb, /SLEEP\(20\)/, 25_000);
        const ms = Date.now() - t0;
        const text = await view.locator(state === 'report' ? '#execution' : '#error').innerText();
        check(/time limit/i.test(text), `the report says "${text}"`);
        // SLEEP(20) left alone cannot end in less than 20 s (the default limit is 30 s).
        check(ms < 20_000, `the report came after ${ms} ms; SLEEP(20) was not stopped at 2 s`);
        return `stopped after ${ms} ms: "${text}"`;
      } finally {
        await updateUserSettings(wb, userDataDir, { 'mysqlQueryTuner.timeoutSeconds': undefined });
      }
    },
  },
  {
    name: 'the walkthrough "Tune your first MySQL query" opens with its steps',
    shot: 'walkthrough',
    run: async ({ wb, page }) => {
      await page.keyboard.press('Escape');
      await wb.runCommand('Welcome: Open Walkthrough...');
      await pick(wb, 'Tune your first MySQL query', 'Tune your first');
      const container = page.locator('.gettingStartedContainer');
      await container.filter({ hasText: 'Tune your first MySQL query' }).first().waitFor({ timeout: 15_000 });
      const steps = await container.locator('.getting-started-step .step-title').allInnerTexts();
      for (const s of ['Add a connection', 'Open the sample queries', 'Explain & Profile a query', 'Read your first plan']) {
        check(
          steps.some((t) => t.includes(s)),
          `the walkthrough steps are ${JSON.stringify(steps)}`,
        );
      }
      // The first step ticks once a connection is saved (an earlier step added the sandbox's).
      const connect = container.locator('.getting-started-step').filter({ hasText: 'Add a connection' }).first();
      const box = connect.locator('.codicon[role=checkbox]');
      const ticked = await pollUntil(async () => (await box.getAttribute('aria-checked')) === 'true', {
        timeoutMs: 5000,
        what: 'the "Add a connection" step to be ticked',
      }).catch(async (e) => {
        throw new Error(`${e.message}; the step: ${(await connect.evaluate((el) => el.outerHTML)).slice(0, 400)}`);
      });
      return `steps: ${steps.join(' | ')}; "Add a connection" ticked: ${ticked}`;
    },
  },
];
