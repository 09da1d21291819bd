import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanJson, parsePlanText, PlanParseError, renderPlanText, type Plan } from '../../../../src/core/plan';
import { loadFixtures } from './fixtures';
import { mutations } from '../../../support/mutate';
import { prng } from '../../../support/prng';

const NOISE = '{}[]()"\\\n\t|+-> :,.;*#/0123456789aeE_<>`\'';

function mutate(text: string, rnd: () => number): string {
  const m = mutations(text, rnd, NOISE);
  switch (Math.floor(rnd() * 9)) {
    case 0:
      return m.head();
    case 1:
      return m.tail();
    case 2:
      return m.cut(40);
    case 3:
      return m.overwrite();
    case 4:
      return m.insert();
    case 5:
      return m.shuffleLines();
    case 6: {
      const a = m.pos();
      const b = Math.min(text.length, a + Math.floor(rnd() * 200));
      return text.slice(0, b) + text.slice(a, b).repeat(1 + Math.floor(rnd() * 20)) + text.slice(b);
    }
    case 7: {
      // Harness masks as bare words in value positions ("r_engine_stats": REPLACED), or anywhere.
      const words = ['REPLACED', 'elided', '#', '***', 'COST_REPLACED', 'NaN', 'x1'];
      const word = words[Math.floor(rnd() * words.length)];
      return text.replace(/: [^,\n]+/g, (hit) => (rnd() < 0.2 ? `: ${word}` : hit));
    }
    default:
      return m.noise(Math.floor(rnd() * 300));
  }
}

function checkOutcome(run: () => Plan, label: string): void {
  const started = performance.now();
  try {
    const plan = run();
    assert.ok(plan.root && Array.isArray(plan.root.children), label);
    renderPlanText(plan);
  } catch (e) {
    if (!(e instanceof PlanParseError)) throw new Error(`${label}: ${String(e)}`);
    assert.ok(!e.message.startsWith('Internal error'), `${label}: ${e.message}`);
    assert.ok(!e.message.includes('\n'), label);
  }
  assert.ok(performance.now() - started < 2000, `${label} took too long`);
}

describe('fuzz', () => {
  const fixtures = loadFixtures();
  it('the seeds hold every shape of issue 22', () => {
    for (const name of [
      'mysql-analyze/public-notes-mrr-range-1',
      'mysql-json/client-vertical-explain_into-1',
      'mysql-json2/mysqlserver-explain_into-2',
      'mariadb-json/sandbox-recursive-cte',
      'mariadb-json/sandbox-window',
      'mariadb-analyze-json/sandbox-rowid-filter',
      'classic/sandbox-recursive-cte',
      'classic/sandbox-rowid-filter',
      'mariadb-analyze-json/mariadb-analyze_engine_stats-1',
    ]) {
      assert.ok(
        fixtures.some((f) => f.name === `recorded/${name}.txt`),
        name,
      );
    }
  });

  it('mutated fixtures return a Plan or throw PlanParseError', () => {
    const rnd = prng(0x5eed);
    let count = 0;
    for (let round = 0; round < 25; round++) {
      for (const f of fixtures) {
        let text = mutate(f.text, rnd);
        if (rnd() < 0.3) text = mutate(text, rnd);
        checkOutcome(() => parsePlanText(text), `${f.name} round ${round}`);
        count++;
      }
    }
    assert.ok(count >= 3000);
  });

  it('mutated JSON objects go through parsePlanJson safely', () => {
    const rnd = prng(42);
    const jsons = fixtures.filter((f) => f.expected !== 'classic' && f.text.includes('{'));
    for (let i = 0; i < 600; i++) {
      const f = jsons[i % jsons.length];
      const start = f.text.indexOf('{');
      let obj: unknown;
      try {
        obj = JSON.parse(
          f.text
            .slice(start)
            .replace(/\/\*[^*]*\*\//g, '')
            .replace(/\n\d+ rows? in set.*$/s, '')
            .replace(/\s*\|\s*$/gm, ''),
        );
      } catch {
        continue;
      }
      scramble(obj, rnd, 0);
      checkOutcome(() => parsePlanJson(obj), `${f.name} #${i}`);
    }
  });
});

/** Swaps values for wrong types in place. */
function scramble(v: unknown, rnd: () => number, depth: number): void {
  if (depth > 30 || typeof v !== 'object' || v === null) return;
  const swaps: unknown[] = [null, 'x', -1, 1e308, [], {}, true, 'REPLACED', [{ table: 5 }], { query_block: [] }];
  for (const k of Object.keys(v)) {
    const rec = v as Record<string, unknown>;
    if (rnd() < 0.08) rec[k] = swaps[Math.floor(rnd() * swaps.length)];
    else scramble(rec[k], rnd, depth + 1);
  }
}

describe('hostile input', () => {
  // A hang guard (a quadratic reader takes minutes on 50 MB), not a speed goal: speed is in the bench.
  const quick = (label: string, run: () => unknown, limitMs = 30_000) => {
    const started = performance.now();
    assert.throws(run, PlanParseError, label);
    assert.ok(performance.now() - started < limitMs, `${label} took ${performance.now() - started} ms`);
  };

  it('50 MB of garbage is rejected quickly', () => {
    const rnd = prng(7);
    const size = 50 * 1024 * 1024;
    quick('letters', () => parsePlanText('x'.repeat(size)));
    quick('braces', () => parsePlanText('{'.repeat(size)));
    quick('brackets json', () => parsePlanText(`{"query_block": ${'['.repeat(size)}`));
    quick('arrows', () => parsePlanText('-> Table scan on t\n    '.repeat(size / 24)));
    quick('tsv', () => parsePlanText('1\tSIMPLE\tt\n'.repeat(size / 12)));
    const chunk = Array.from({ length: 1 << 16 }, () => String.fromCharCode(Math.floor(rnd() * 128))).join('');
    quick('random', () => parsePlanText(chunk.repeat(size / chunk.length)));
    quick('too large', () => parsePlanText(' '.repeat(65 * 1024 * 1024)), 10_000);
  });

  it('100k-deep JSON is rejected as text and as an object', () => {
    const depth = 100_000;
    const text = '{"query_block":'.repeat(depth) + '{}' + '}'.repeat(depth);
    quick('text', () => parsePlanText(text));
    let obj: Record<string, unknown> = {};
    for (let i = 0; i < depth; i++) obj = { query_block: { nested_loop: [{ table: { table_name: 't', materialized: obj } }] } };
    quick('object', () => parsePlanJson(obj));
    let v2: Record<string, unknown> = { operation: 'Table scan on t' };
    for (let i = 0; i < depth; i++) v2 = { operation: 'Filter: (a)', inputs: [v2] };
    quick('v2 object', () => parsePlanJson(v2));
    const deepTree = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i * 2)}-> Filter: (a > ${i})`).join('\n');
    quick('tree', () => parsePlanText(deepTree));
  });
});
