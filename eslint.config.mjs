// Flat config: type-aware rules so floating promises are caught; `vscode` stays out of the
// layers that must run without an editor (core, webview, cli).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'core/, webview/ and cli/ must not depend on the vscode API.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.sandbox/**', '.e2e/**', 'test-results/**', 'bench/**' ] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Build and test scripts run on node as plain ES modules.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
  },
  { files: ['src/core/**/*.ts', 'src/webview/**/*.ts', 'src/cli/**/*.ts'], rules: noVscode },
);
