// Helpers that drive the VS Code workbench served by code-server, through playwright-core.
// Selectors are the workbench's own DOM (VS Code 1.100); every wait is on a condition.
/* global document, NodeFilter -- callbacks passed to waitForFunction run in the page */
import { launchChromium } from './chromium.mjs';
import { pollUntil } from './util.mjs';

export async function launchBrowser({ profileDir, env }) {
  return launchChromium({ profileDir, env, viewport: { width: 1600, height: 1000 } });
}

const WEBVIEW = 'iframe.webview.ready';
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  quickInputBox() {
    return this.page.locator('.quick-input-widget input.input');
  }

  async waitReady(timeout = 30_000) {
    await this.page.locator('.monaco-workbench').waitFor({ timeout });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
  }

  /** Opens the palette (F1) and waits for its input to take focus. */
  async openPalette() {
    await this.page.keyboard.press('F1');
    await this.quickInputBox().waitFor({ state: 'visible' });
    await this.page.waitForFunction(() => document.activeElement?.matches('.quick-input-widget input.input'));
  }

  /**
   * Types into the open quick input and accepts the row whose text starts with `label`
   * (fuzzy matching may rank another row first: the row is clicked unless it is focused).
   */
  async pickInQuickInput(text, label, timeout = undefined) {
    await this.quickInputBox().fill(text);
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: new RegExp(`^${escapeRegExp(label)}`) })
      .first();
    await row.waitFor({ state: 'visible', timeout });
    if ((await row.getAttribute('class'))?.split(/\s+/).includes('focused')) await this.page.keyboard.press('Enter');
    else await row.click();
  }

  async runCommand(title) {
    await this.openPalette();
    await this.pickInQuickInput(`>${title}`, title);
  }

  async quickOpen(fileName) {
    await this.openPalette();
    try {
      await this.pickInQuickInput(fileName, fileName, 15_000);
    } catch {
      // Quick Open's file search lags on a loaded machine; a top-level file has its explorer row.
      await this.page.keyboard.press('Escape');
      await this.page
        .locator('.explorer-folders-view .monaco-list-row')
        .filter({ hasText: new RegExp(`^${escapeRegExp(fileName)}$`) })
        .first()
        .click();
    }
    // The file opens in the active group; after a window reload it can be open in another group too.
    await this.page.locator('.editor-group-container.active .tab.active').filter({ hasText: fileName }).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-line').first().waitFor();
  }

  /** Waits for an input box whose title matches, replaces its value (when given) and accepts it. */
  async answerInputBox(title, value) {
    await this.quickInput().locator('.quick-input-title').filter({ hasText: title }).waitFor({ state: 'visible' });
    if (value !== undefined) await this.quickInputBox().fill(value);
    const accepted = await this.quickInputBox().inputValue();
    await this.page.keyboard.press('Enter');
    return accepted;
  }

  async waitQuickInputClosed() {
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  statusBarItem(text) {
    return this.page.locator('.statusbar-item').filter({ hasText: text });
  }

  /** The rendered editor line whose text matches (Monaco renders spaces as U+00A0; \s matches it). */
  editorLine(re) {
    return this.page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: re });
  }

  /** Puts the cursor a few characters into the line (inside its statement). */
  async clickLine(re, button = 'left') {
    await this.editorLine(re).first().waitFor();
    // The same file can be open in two groups: the active group's line is the one meant.
    const active = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-line').filter({ hasText: re });
    const line = (await active.count()) ? active.first() : this.editorLine(re);
    await line.click({ button, position: { x: 24, y: 6 } });
  }

  /**
   * Clicks a context-menu item; resolves with the number of clicks it took. After a
   * right-click from playwright, the workbench menu ignores the first click on an item
   * (every run of the scenario; a VS Code menu behaviour, not the extension's): while the
   * menu stays open, the item is clicked again.
   */
  async clickMenuItem(label) {
    const menu = this.page.locator('.monaco-menu');
    const item = menu.locator('.action-label').filter({ hasText: label });
    await item.waitFor({ state: 'visible' });
    for (let attempt = 1; ; attempt++) {
      await item.hover();
      await this.page.mouse.down();
      await this.page.mouse.up();
      try {
        await menu.waitFor({ state: 'hidden', timeout: 1000 });
        return attempt;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  }

  /**
   * The report webview's document: the outer webview iframe hosts an inner #active-frame.
   * Webview views (the side panel's) carry purpose=webviewView in their URL; other panels
   * (Compare runs) are closed by the scenario once read, so the report is the one left.
   */
  webview() {
    return this.page.frameLocator(`${WEBVIEW}:not([src*="purpose=webviewView"])`).frameLocator('iframe#active-frame');
  }

  /** The document of the (only) webview view shown in the side bar. */
  webviewView() {
    return this.page.frameLocator(`${WEBVIEW}[src*="purpose=webviewView"]`).frameLocator('iframe#active-frame');
  }

  /**
   * The document of the webview whose page title is `title` (script-free panels have no
   * other mark). Resolved by scanning the frames, so it is a Frame of this moment.
   */
  async webviewFrame(title, timeoutMs = 10_000) {
    return pollUntil(
      async () => {
        for (const f of this.page.frames()) {
          if (f === this.page.mainFrame()) continue;
          if ((await f.title().catch(() => '')) === title) return f;
        }
        return undefined;
      },
      { timeoutMs, what: `a webview titled "${title}"` },
    );
  }

  /**
   * Where `word` is drawn on the first editor line matching `lineRe`: the box of that text
   * (a DOM Range over Monaco's token spans, whose spaces are U+00A0).
   */
  async wordBox(lineRe, word, nth = 0) {
    const line = this.editorLine(lineRe).first();
    await line.waitFor();
    const box = await line.evaluate(
      (el, [w, k]) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let text = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push([n, text.length]);
          text += n.nodeValue.replace(/\u00a0/g, ' ');
        }
        let at = -1;
        for (let i = 0; i <= k; i++) at = text.indexOf(w, at + 1);
        if (at < 0) return null;
        // the text node holding a character offset (an end offset stays in the node it ends)
        const locate = (offset, end) => {
          let found = nodes[0];
          for (const e of nodes) if (end ? e[1] < offset : e[1] <= offset) found = e;
          return [found[0], offset - found[1]];
        };
        const range = document.createRange();
        range.setStart(...locate(at, false));
        range.setEnd(...locate(at + w.length, true));
        const r = range.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      },
      [word, nth],
    );
    if (!box) throw new Error(`"${word}" is not on the editor line ${lineRe}`);
    return box;
  }

  /** Clicks the middle of `word` on the editor line: the cursor lands inside the word. */
  async clickWord(lineRe, word, button = 'left') {
    const b = await this.wordBox(lineRe, word);
    await this.page.mouse.click(b.x + b.width / 2, b.y + b.height / 2, { button });
    return b;
  }

  /** The status bar's Problems item: its aria-label and the numbers it shows (errors, warnings, infos). */
  async problems() {
    const item = this.page.locator('.statusbar-item[id="status.problems"]');
    await item.waitFor();
    const text = (await item.innerText()).replace(/\s+/g, ' ').trim();
    const numbers = (text.match(/\d+/g) ?? []).map(Number);
    return { label: (await item.getAttribute('aria-label')) ?? text, text, numbers, total: numbers.reduce((a, b) => a + b, 0) };
  }

  /**
   * How many Problems rows mention `text` (the panel filtered by it: a rule's code, a message
   * or a file), or undefined while the filter is not applied yet. Opens the panel;
   * `hideProblems()` closes it again.
   */
  async problemRows(text) {
    const panel = this.page.locator('.part.panel .markers-panel');
    if (!(await panel.isVisible())) await this.page.locator('.statusbar-item[id="status.problems"]').click();
    await panel.waitFor({ state: 'visible' });
    const filter = this.page.locator('.part.panel .viewpane-filter').locator('input, textarea').first();
    if ((await filter.inputValue()) !== text) await filter.fill(text);
    const rows = panel.locator('.monaco-list-row');
    const matching = await rows.filter({ hasText: text }).count();
    // Filtered, the tree holds only matches; until the filter applies, it is the whole
    // (virtual) list, whose matching row may be out of view: not an answer yet.
    if (matching > 0 || (await rows.count()) === 0) return matching;
    return undefined;
  }

  /** Clears the Problems filter and closes the panel. */
  async hideProblems() {
    const panel = this.page.locator('.part.panel .markers-panel');
    if (!(await panel.isVisible())) return;
    await this.page.locator('.part.panel .viewpane-filter').locator('input, textarea').first().fill('');
    await this.page.locator('.statusbar-item[id="status.problems"]').click();
    await panel.waitFor({ state: 'hidden' });
  }

  /** The editor tab with this label; closes it with its close action. */
  async closeTab(label) {
    const tab = this.page.locator('.tabs-container .tab').filter({ hasText: label });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
  }

  /** A side bar view pane by its title (History, Session Counters, ...). */
  viewPane(title) {
    return this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header').filter({ hasText: title }) });
  }

  notificationToast(text) {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
  }
}
