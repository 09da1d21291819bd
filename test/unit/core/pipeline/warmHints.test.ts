// The warmHints step: the hint parser is loaded and the statement parsed after the measured run
// is sent (the next turn of the event loop), never before start() returns, and the report's own
// hints (report/enrich) use that parse instead of parsing again. In a new process, so that no
// earlier test has loaded the parser.
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
import { enrichReport } from ${JSON.stringify(join(ROOT, 'src/core/report/enrich.ts'))};
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
// Every parse from here on is counted: the report's hints must not parse the statement again.
let parses = 0;
for (const build of ['node-sql-parser/build/mysql', 'node-sql-parser/build/mariadb']) {
  const proto = req(build).Parser.prototype;
  const astify = proto.astify;
  proto.astify = function (...args) { parses++; return astify.apply(this, args); };
}
const report = { statement: read.text, server: { flavor: 'mariadb', version: '10.11.19-MariaDB' }, notes: [], execution: { executed: false }, counters: [] };
enrichReport(report as never, read.tokens);
out.hints = Array.isArray(report.hints);
out.reportParses = parses;
// A statement not warmed is parsed by the report (the count can move).
const other = makeStatement('SELECT * FROM film WHERE film_id = 7 AND title = ' + "'x'");
enrichReport({ ...report, statement: other.text } as never, other.tokens);
out.coldParses = parses;
console.log(JSON.stringify(out));
`;

test('warmHints parses the statement on the turn after start(), not during it, and the report keeps that parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-warm-'));
  const file = join(dir, 'warm.mts');
  writeFileSync(file, SCRIPT);
  const r = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/parserPatchHook.cjs'), '--import', 'tsx', file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    atStart: false,
    finisher: true,
    afterStart: false,
    nextTurn: true,
    hints: true,
    reportParses: 0,
    coldParses: 1,
  });
});
