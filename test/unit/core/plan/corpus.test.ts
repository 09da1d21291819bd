// Every recorded plan reads whole: every table, every estimated and actual row figure and every
// operation the output names is in the model. Walks test/fixtures/plan and, where this machine
// has it, the shared corpus of real outputs (MQT_CORPUS, default /work/shared/corpus).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parsePlanText, PlanParseError, walkPlan, type Plan, type PlanNode } from '../../../../src/core/plan';
import { figuresInSource, loadAllFixtures, serverMessage, tablesInSource, type Fixture } from './fixtures';

const SHARED = process.env.MQT_CORPUS ?? '/work/shared/corpus';
const sets: Array<[string, Fixture[]]> = [['test/fixtures/plan', loadAllFixtures()]];
if (existsSync(`${SHARED}/recorded`)) sets.push([SHARED, loadAllFixtures(SHARED)]);

function counts(values: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** Each source figure must be in the model at least as often as the source prints it. */
function assertFigures(label: string, source: number[], model: number[]): void {
  const have = counts(model);
  for (const [v, n] of counts(source)) {
    assert.ok((have.get(v) ?? 0) >= n, `${label} ${v} printed ${n} time(s), in the model ${have.get(v) ?? 0} (model: ${model.join(', ')})`);
  }
}

function checkWhole(f: Fixture, plan: Plan): void {
  const nodes: PlanNode[] = [...walkPlan(plan.root)].map((x) => x.node);
  const names = new Set(nodes.flatMap((n) => [n.table, n.alias].filter((x): x is string => x !== undefined)));
  for (const t of tablesInSource(f.text, f.expected)) assert.ok(names.has(t), `table ${t} missing (have ${[...names].join(', ')})`);
  const src = figuresInSource(f.text, f.expected);
  assertFigures(
    'estimated rows',
    src.estimated,
    nodes.flatMap((n) => (n.rowsEstimated === undefined ? [] : [n.rowsEstimated])),
  );
  assertFigures(
    'actual rows',
    src.actual,
    nodes.flatMap((n) => (n.rowsActual === undefined ? [] : [n.rowsActual])),
  );
  for (const [ops, n] of src.operations) {
    const have = nodes.filter((x) => ops.split('|').includes(x.op)).length;
    assert.ok(have >= n, `operation ${ops}: ${n} in the output, ${have} in the model`);
  }
  if (src.described) {
    const have = nodes.filter((n) => n.details?.operation !== undefined).length;
    assert.equal(have, src.described, 'every iterator line / operation is a node');
  }
  assert.ok(!nodes.some((n) => n.op === 'unknown'), 'no node without an operation');
}

for (const [where, fixtures] of sets) {
  describe(`every real plan in ${where} reads whole`, () => {
    it('has plans of every format', () => {
      const formats = new Set(fixtures.map((f) => f.expected));
      assert.equal(formats.size, 7, [...formats].join(', '));
    });
    for (const f of fixtures) {
      it(f.name, () => {
        const message = serverMessage(f.text);
        if (message) {
          assert.throws(
            () => parsePlanText(f.text),
            (e: unknown) => e instanceof PlanParseError && e.message.includes(message),
          );
          return;
        }
        const plan = parsePlanText(f.text);
        assert.equal(plan.format, f.expected);
        checkWhole(f, plan);
      });
    }
  });
}
