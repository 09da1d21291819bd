// Runs node's test runner on every *.test.ts under the given folder (Node 20 has no --test globs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...extra] = process.argv.slice(2);
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(dir, f))
  .sort();
if (files.length === 0) {
  console.error(`no test files under ${dir}`);
  process.exit(1);
}
// The parsers with the edit the bundles have (scripts/parserPatch.cjs).
const r = spawnSync(process.execPath, ['--require', './scripts/parserPatchHook.cjs', '--import', 'tsx', '--test', ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
