// Helpers that drive the VS Code workbench served by code-server, through playwright-core.
// Selectors are the workbench's own DOM (VS Code 1.100); every wait is on a condition.
/* global document -- callbacks passed to waitForFunction run in the page */
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser({ profileDir, env }) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    env,
    viewport: { width: 1400, height: 850 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

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
  async pickInQuickInput(text, label) {
    await this.quickInputBox().fill(text);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: new RegExp(`^${escapeRegExp(label)}`) }).first();
    await row.waitFor({ state: 'visible' });
    if ((await row.getAttribute('class'))?.split(/\s+/).includes('focused')) await this.page.keyboard.press('Enter');
    else await row.click();
  }

  async runCommand(title) {
    await this.openPalette();
    await this.pickInQuickInput(`>${title}`, title);
  }

  async quickOpen(fileName) {
    await this.openPalette();
    await this.pickInQuickInput(fileName, fileName);
    await this.page.locator('.tab.active').filter({ hasText: fileName }).waitFor();
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
    const line = this.editorLine(re);
    await line.waitFor();
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

  /** The report webview's document: the outer webview iframe hosts an inner #active-frame. */
  webview() {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  notificationToast(text) {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
  }
}
