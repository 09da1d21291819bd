// Flat config: type-aware rules so floating promises are caught, and the layering checked:
// each layer may import only what is below it (README "Layout"). The data flows one way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (message, regexes, names = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: regexes.map((regex) => ({ regex, message })),
    },
  ],
});
const up = (...dirs) => `(^|/)(${dirs.join('|')})(/|$)`;

/** What each layer must not import. */
const LAYERS = [
  // core: pure TypeScript, used by everything; knows nothing of editors, browsers, the CLI or the sandbox.
  {
    files: ['src/core/**/*.ts'],
    rules: layer('core/ is pure: no vscode, editor, webview, cli or sandbox.', [up('editor', 'webview', 'cli', 'sandbox')], ['vscode']),
  },
  // webview: browser code; reads the Report (statement facts included), never the server or the SQL lexer.
  {
    files: ['src/webview/**/*.ts'],
    rules: layer(
      'webview/ is browser code: the Report and core/protocol only, no vscode, server, SQL lexer or node.',
      [up('editor', 'cli', 'sandbox'), '(^|/)core/(session|safety|pipeline|sql|counters|hints)(/|$)', '^node:', '^mysql2'],
      ['vscode'],
    ),
  },
  // editor: thin VS Code adapters over core; the sandbox is for the CLI, tests and benchmarks.
  {
    files: ['src/editor/**/*.ts', 'src/extension.ts'],
    rules: layer('editor/ adapts core to VS Code: no webview code, cli or sandbox.', [up('webview', 'cli', 'sandbox')]),
  },
  { files: ['src/cli/**/*.ts'], rules: layer('cli/ runs core in a terminal: no vscode, editor or webview.', [up('editor', 'webview')], ['vscode']) },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: layer('sandbox/ is its own part: no vscode, editor, webview or cli.', [up('editor', 'webview', 'cli')], ['vscode']),
  },
];

/** Size limits: a source file stays under 400 lines, a function under about 60. */
const size = (level) => ({
  'max-lines': [level, { max: 400, skipBlankLines: false, skipComments: false }],
  'max-lines-per-function': [level, { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.sandbox/**', '.e2e/**', 'test-results/**', 'bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Build and test scripts run on node as plain ES modules.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // The node-sql-parser edit is CommonJS (a `--require` hook reaches worker threads), and so are
    // the driver's stand-ins that the bundles take in (scripts/driver*.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...LAYERS,
  { files: ['src/**/*.ts'], rules: size('error') },
);
