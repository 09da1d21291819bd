// The `mqt` CLI end to end, as a user runs it, against the sandbox.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandbox } from './helpers';
import { sandboxUrl } from '../../src/sandbox';

const root = join(__dirname, '../..');
let url: string;

function mqt(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  url = sandboxUrl(await sandbox());
});

test('analyze --format json prints one report object with the documented keys', () => {
  const r = mqt('analyze', '--url', url, '--sql', 'SELECT * FROM film WHERE film_id = 10', '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  for (const k of ['server', 'statement', 'plan', 'counters', 'profile', 'execution', 'hints']) assert.ok(k in j, k);
  assert.equal(j.server.flavor, 'mariadb');
  assert.match(j.server.version, /^10\./);
  // The default is the editor's: actuals 'auto' (on MariaDB the measured run is ANALYZE FORMAT=JSON).
  assert.equal(j.plan.format, 'mariadb-analyze-json');
  assert.equal(typeof j.plan.root.op, 'string');
  assert.ok(Array.isArray(j.plan.root.children) && Array.isArray(j.plan.root.extra));
  assert.deepEqual(Object.keys(j.counters[0]).slice(0, 5), ['name', 'before', 'after', 'delta', 'corrected']);
  assert.equal(j.profile.source, 'show-profile');
  assert.ok(j.profile.stages.every((s: { name: string; ms: number }) => typeof s.name === 'string' && typeof s.ms === 'number'));
  assert.deepEqual({ executed: j.execution.executed, rows: j.execution.rows }, { executed: true, rows: 1 });
  // Rewrite hints ride along: SELECT * is flagged at the star.
  const star = j.hints.find((x: { rule: string }) => x.rule === 'select-star');
  assert.deepEqual({ range: star.range, severity: star.severity }, { range: { start: 7, end: 8 }, severity: 'info' });
  assert.equal(typeof star.message, 'string');
  assert.equal(r.out.includes(url.split(':')[2].split('@')[0]), false, 'the password is not in the report');
});

test('a write in JSON: executed false with a reason', () => {
  const r = mqt('analyze', '--url', url, '--sql', 'DELETE FROM payment WHERE amount > 5', '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.execution.executed, false);
  assert.match(j.execution.reason, /DELETE/);
});

test('text, markdown and html formats; --out writes the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-cli-'));
  const text = mqt('analyze', '--url', url, '--sql', 'SELECT COUNT(*) FROM rental', '--actuals', 'never');
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /Plan \(mariadb-json\)/);
  const md = mqt('analyze', '--url', url, '--sql', 'SELECT COUNT(*) FROM rental', '--format', 'md');
  assert.match(md.out, /^## Query report/m);
  assert.match(md.out, /\| counter \|/);
  const out = join(dir, 'r.html');
  const html = mqt('analyze', '--url', url, '--sql', "SELECT '<script>alert(1)</script>' AS x", '--format', 'html', '--out', out);
  assert.equal(html.code, 0, html.err);
  const page = spawnSync('cat', [out], { encoding: 'utf8' }).stdout;
  assert.match(page, /^<!DOCTYPE html>/);
  assert.equal(page.includes('<script>alert(1)'), false, 'statement text is escaped');
  assert.match(page, /&lt;script&gt;alert\(1\)/);
});

test('a file of several statements: a batch summary, then each report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-cli-'));
  const f = join(dir, 'q.sql');
  writeFileSync(f, 'SELECT COUNT(*) FROM payment WHERE amount * 2 > 10;\n-- second\nSELECT * FROM customer WHERE customer_id = 3;\n');
  const r = mqt('analyze', '--url', url, '--file', f);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Summary of 2 statements, slowest first/);
  const j = JSON.parse(mqt('analyze', '--url', url, '--file', f, '--format', 'json').out);
  assert.equal(j.length, 2);
});

test('--repeat and compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-cli-'));
  const a = mqt(
    'analyze',
    '--url',
    url,
    '--sql',
    'SELECT COUNT(*) FROM payment WHERE customer_id = 7',
    '--repeat',
    '3',
    '--format',
    'json',
    '--out',
    join(dir, 'a.json'),
  );
  assert.equal(a.code, 0, a.err);
  const b = mqt(
    'analyze',
    '--url',
    url,
    '--sql',
    'SELECT COUNT(*) FROM payment IGNORE INDEX (idx_fk_customer_id) WHERE customer_id = 7',
    '--format',
    'json',
    '--out',
    join(dir, 'b.json'),
  );
  assert.equal(b.code, 0, b.err);
  const c = mqt('compare', join(dir, 'a.json'), join(dir, 'b.json'), '--format', 'json');
  assert.equal(c.code, 0, c.err);
  const j = JSON.parse(c.out);
  assert.ok(j.plan.some((p: { table: string; what: string }) => p.table === 'payment' && p.what === 'changed'));
  assert.ok(j.counters.find((x: { name: string; change: number }) => x.name === 'Handler_read_rnd_next').change > 90000);
  const text = mqt('compare', join(dir, 'a.json'), join(dir, 'b.json'));
  assert.match(text.out, /slower|faster/);
});

test('bad input exits 2 with one line on stderr', () => {
  for (const args of [
    ['analyze', '--url', url],
    ['analyze', '--url', 'postgres://x', '--sql', 'SELECT 1'],
    ['analyze', '--url', url, '--sql', '  '],
    ['analyze', '--url', url, '--file', '/nonexistent.sql'],
    ['nonsense'],
    ['analyze', '--url', url, '--sql', 'SELECT 1', '--format', 'xml'],
    ['plan', '--input', '/dev/null'],
  ]) {
    const r = mqt(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^mqt: /);
  }
});

test('a failed connection exits 1 with one line on stderr', () => {
  const r = mqt('analyze', '--url', 'mysql://nobody@127.0.0.1:1/db', '--sql', 'SELECT 1');
  assert.equal(r.code, 1);
  assert.match(r.err, /^mqt: Cannot connect to 127\.0\.0\.1:1: connection refused/);
  assert.equal(r.err.trim().split('\n').length, 1);
});

test('sandbox status and url', () => {
  assert.match(mqt('sandbox', 'status').out, /^running on 127\.0\.0\.1:\d+/);
  assert.equal(mqt('sandbox', 'url').out.trim(), url);
});

test('plan parses a saved EXPLAIN offline', () => {
  const r = mqt('plan', '--input', join(root, 'test/fixtures/plan/mariadb-sandbox/q03-join.explain.txt'), '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.format, 'classic');
  const text = mqt('plan', '--input', join(root, 'test/fixtures/plan/mariadb-sandbox/q03-join.explain.txt'));
  assert.match(text.out, /idx_last_name/);
});

test('analyze --advice --format json carries the advice list of mqt advise; without the flag, none', () => {
  const sql = "SELECT payment_id FROM payment WHERE payment_date >= '2023-10-01'";
  const r = mqt('analyze', '--url', url, '--sql', sql, '--format', 'json', '--advice');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.advice.length, 1);
  const a = j.advice[0];
  assert.deepEqual(Object.keys(a), ['table', 'columns', 'ddl', 'status', 'reason', 'makesRedundant', 'verified']);
  assert.deepEqual({ table: a.table, columns: a.columns, status: a.status }, { table: 'payment', columns: ['payment_date'], status: 'verified' });
  assert.deepEqual(Object.keys(a.verified.after).slice(0, 4), ['rowsExamined', 'ms', 'access', 'key']);
  assert.ok(
    j.notes.some((n: string) => /^Index advice: Shadow mqt_shadow_/.test(n)),
    j.notes.join('\n'),
  );
  const plain = JSON.parse(mqt('analyze', '--url', url, '--sql', sql, '--format', 'json').out);
  assert.equal(plain.advice, undefined);
});
