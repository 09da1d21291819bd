// The benchmark helpers only (statistics, figures, generated inputs); benchmarks themselves
// never run in the unit suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { below, formatTable, median, quantile, reported, rng, round, unmeasured } from '../../scripts/bench/stats';
import { generateDistinctSqlFile, generateHugeStatement, generateLongFile, generateSqlFile } from '../../scripts/bench/sqlfile';
import { bigPlanJson, countNodes, growPlanJson } from '../../scripts/bench/planjson';
import { splitStatements } from '../../src/core/sql/statements';
import { busyShare, cpuTimes } from '../../scripts/bench/settle';

test('quantile interpolates between closest ranks and ignores input order', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(quantile([10, 20, 30, 40, 50], 0), 10);
  assert.equal(quantile([10, 20, 30, 40, 50], 1), 50);
  assert.equal(quantile([10, 20, 30, 40, 50], 0.99), 49.6);
  assert.ok(Number.isNaN(median([])));
  const xs = [5, 1, 4];
  median(xs);
  assert.deepEqual(xs, [5, 1, 4]);
});

test('round keeps 3 significant digits below 100 and whole numbers above', () => {
  assert.equal(round(0.123456), 0.123);
  assert.equal(round(12.3456), 12.3);
  assert.equal(round(1234.56), 1235);
});

test('figures: met is computed from the goal, unmeasured is never met', () => {
  assert.deepEqual(below('x', 9.99, 'ms', 10), { name: 'x', value: 9.99, unit: 'ms', goal: '< 10 ms', met: true });
  assert.equal(below('x', 10, 'ms', 10).met, false);
  assert.equal(below('x', 10, 'ms', 10, { inclusive: true }).met, true);
  assert.equal(reported('t', 1.5, 's').met, true);
  const u = unmeasured('y', 'ms', '< 1 ms', 'no engine');
  assert.equal(u.met, false);
  assert.ok(Number.isNaN(u.value));
  assert.equal(JSON.parse(JSON.stringify(u)).value, null);
  assert.match(formatTable([u]), /y\s+n\/a\s+< 1 ms\s+NO/);
});

test('rng is deterministic per seed', () => {
  const a = rng(7);
  const b = rng(7);
  const xs = [a(), a(), a()];
  assert.deepEqual(xs, [b(), b(), b()]);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('the generated SQL file has the asked number of statements, the same for the same seed', () => {
  const text = generateSqlFile(200, 3);
  assert.equal(splitStatements(text).length, 200);
  assert.equal(generateSqlFile(200, 3), text);
  assert.notEqual(generateSqlFile(200, 4), text);
});

test('the generated plans parse: ~1 MB, and one of at least 200 nodes', () => {
  assert.ok(bigPlanJson().length >= 1024 * 1024);
  const text = growPlanJson((t) => countNodes(t) >= 200);
  assert.ok(countNodes(text) >= 200 && countNodes(text) < 260);
});

test('the distinct-statement file: every statement differs even with its literals masked', () => {
  const text = generateDistinctSqlFile(5000, 1);
  const shapes = splitStatements(text).map((s) => s.text.replace(/\d+/g, '0'));
  assert.equal(shapes.length, 5000);
  assert.equal(new Set(shapes.map((s) => s.replace(/ AS k0_0/, ''))).size > 1000, true, 'structures vary, not only the alias');
  assert.equal(new Set(splitStatements(text).map((s) => s.text)).size, 5000);
  assert.equal(generateDistinctSqlFile(50, 9), generateDistinctSqlFile(50, 9));
});

test('the 3 MB statement and the 30,000-line file have the sizes they are named for', () => {
  const huge = generateHugeStatement(3 * 1024 * 1024);
  assert.ok(huge.length >= 3 * 1024 * 1024 && huge.length < 3 * 1024 * 1024 + 16);
  assert.equal(splitStatements(huge).length, 1);
  assert.equal(generateLongFile(30000, 3).split('\n').length, 30000);
});

test('settle: CPU busy share from two /proc/stat readings (idle and iowait count as idle)', () => {
  const a = cpuTimes('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\nintr 1\n');
  const b = cpuTimes('cpu  160 0 70 1000 70 0 0 0 0 0\ncpu0 80 0 35 500 35 0 0 0 0 0\nintr 1\n');
  assert.deepEqual(a, { busy: 150, total: 1000 });
  assert.deepEqual(b, { busy: 230, total: 1300 });
  assert.equal(busyShare(a!, b!), 80 / 300);
  assert.equal(busyShare(b!, b!), 0);
  assert.equal(cpuTimes('intr 1\n'), undefined);
  assert.equal(cpuTimes('cpu  1 2 x 4 5\n'), undefined);
});
