import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanText, renderPlanText, walkPlan, type Plan } from '../../../../src/core/plan';
import { loadFixtures, tablesInSource } from './fixtures';

const fixtures = loadFixtures();

function namesIn(plan: Plan): Set<string> {
  const names = new Set<string>();
  for (const { node } of walkPlan(plan.root)) {
    if (node.table) names.add(node.table);
    if (node.alias) names.add(node.alias);
  }
  return names;
}

describe('every recorded fixture', () => {
  it('has fixtures to test', () => {
    assert.ok(fixtures.length >= 150, `only ${fixtures.length} fixtures`);
  });
  for (const f of fixtures) {
    it(`${f.name} parses as ${f.expected} with all its tables`, () => {
      const plan = parsePlanText(f.text);
      assert.equal(plan.format, f.expected);
      const names = namesIn(plan);
      for (const t of tablesInSource(f.text, f.expected)) {
        assert.ok(names.has(t), `table ${t} missing from model (have ${[...names].join(', ')})`);
      }
      const text = renderPlanText(plan);
      assert.ok(text.split('\n').length >= 2);
    });
  }
});
