// Types of chromium.mjs for the TypeScript tests.
import type { Browser, BrowserContext, BrowserContextOptions, LaunchOptions } from 'playwright-core';

export declare const CHROMIUM: string;
export declare function launchChromium(options?: LaunchOptions): Promise<Browser>;
export declare function launchChromium(options: LaunchOptions & BrowserContextOptions & { profileDir: string }): Promise<BrowserContext>;
