// The warmHints step: the hint parser is loaded and the statement parsed after the measured run
// is sent (the next turn of the event loop), never before start() returns. In a new process, so
// that no earlier test has loaded the parser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '../../../..');

const SCRIPT = `
import { warmHints } from ${JSON.stringify(join(ROOT, 'src/core/pipeline/steps/warmHints.ts'))};
import { makeStatement } from ${JSON.stringify(join(ROOT, 'src/core/pipeline/statement.ts'))};
import { createRequire } from 'node:module';
const req = createRequire(${JSON.stringify(join(ROOT, 'src/x.js'))});
const parser = req.resolve('node-sql-parser/build/mysql');
const loaded = () => Object.keys(req.cache).includes(parser);
const read = makeStatement('SELECT * FROM customer WHERE customer_id = 42');
const out = { atStart: loaded() };
const finish = await warmHints.start({} as never, { detect: { server: { flavor: 'mariadb' } }, read } as never);
out.finisher = finish === undefined;
out.afterStart = loaded();
await new Promise((r) => setImmediate(r));
out.nextTurn = loaded();
console.log(JSON.stringify(out));
`;

test('warmHints loads the hint parser and parses the statement on the turn after start(), not during it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-warm-'));
  const file = join(dir, 'warm.mts');
  writeFileSync(file, SCRIPT);
  const r = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/parserPatchHook.cjs'), '--import', 'tsx', file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { atStart: false, finisher: true, afterStart: false, nextTurn: true });
});
