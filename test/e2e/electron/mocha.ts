/**
 * The mocha "tdd" interface that @vscode/test-cli installs as globals in the extension host,
 * typed here so the suite needs no @types/mocha. Read when a test file loads (mocha sets
 * the globals before it requires each file).
 */
export interface TestContext {
  skip(): never;
  timeout(ms: number): void;
}
type Body = (this: TestContext) => void | Promise<void>;

interface MochaTdd {
  suite(title: string, fn: () => void): void;
  test(title: string, fn: Body): void;
  suiteSetup(fn: Body): void;
  suiteTeardown(fn: Body): void;
}

const g = globalThis as unknown as Partial<MochaTdd>;
if (typeof g.suite !== 'function') throw new Error('Run these tests with @vscode/test-cli (npm run test:electron): mocha globals are missing.');

export const { suite, test, suiteSetup, suiteTeardown } = g as MochaTdd;
