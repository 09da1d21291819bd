// The one way the project starts Debian's chromium, headless, through playwright-core: the e2e
// workbench (code-server), the webview preview and the exported-report test all launch it here.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.MQT_CHROMIUM ?? '/usr/bin/chromium';

// No sandbox (the tests run as root), no GPU, and no traffic of chromium's own.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless chromium with the project's flags. With `profileDir`, a persistent context on that
 * profile (the workbench keeps its state there); without, a browser. Other options go to playwright.
 */
export function launchChromium({ profileDir, ...options } = {}) {
  const launch = { executablePath: CHROMIUM, headless: true, args: FLAGS, ...options };
  return profileDir ? chromium.launchPersistentContext(profileDir, launch) : chromium.launch(launch);
}
