import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readTrace, TraceError } from '../../../../src/core/trace';
import { mutations } from '../../../support/mutate';
import { prng } from '../../../support/prng';
import { traceFixtures } from './fixtures';

const NOISE = '{}[]"\\\n\t:,0123456789aelnrstu_ /*#-.';

function mutate(text: string, rnd: () => number): string {
  const m = mutations(text, rnd, NOISE);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return m.head();
    case 1:
      return m.tail();
    case 2:
      return m.cut(60);
    case 3:
      return m.overwrite();
    case 4:
      return m.insert();
    case 5:
      return m.shuffleLines();
    default:
      return '['.repeat(Math.floor(rnd() * 5000)) + text.slice(0, m.pos());
  }
}

describe('optimizer trace: fuzzed input', () => {
  it('gives a Trace or a clear TraceError, never anything else', () => {
    const rnd = prng(15);
    const all = traceFixtures();
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const f = all[Math.floor(rnd() * all.length)];
      let text = f.text;
      for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) text = mutate(text, rnd);
      try {
        const t = readTrace(text);
        assert.equal(t.source, 'optimizer_trace');
        JSON.stringify(t);
      } catch (e) {
        if (!(e instanceof TraceError)) throw new Error(`case ${i} (${f.name}): ${(e as Error).stack}`);
        assert.ok(e.message.length > 10);
        errors++;
      }
    }
    assert.ok(errors > 100, 'the fuzzer produces broken input');
  });
  it('refuses what is not a trace', () => {
    for (const bad of ['', 'hello', '{}', '{"steps": 3}', '[1,2]', '{"a":', '"x"', 'null']) {
      assert.throws(() => readTrace(bad), TraceError, bad);
    }
    assert.equal(readTrace('{"steps": []}').tables.length, 0);
  });
  it('a deeply nested document is refused, not a stack overflow', () => {
    const deep = `{"steps": [${'{"a":['.repeat(100000)}`;
    assert.throws(() => readTrace(deep), TraceError);
  });
});
