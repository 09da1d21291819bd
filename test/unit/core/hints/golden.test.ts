// The findings of fixed documents, compared with what the engine of main at 9619c2d found
// (test/fixtures/hints/findings.golden.json): a faster engine must find the same things.
// MQT_WRITE_GOLDEN=1 writes the file instead (only when the findings are meant to change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../../src/core/hints/document';
import type { HintFinding } from '../../../../src/core/hints';
import { DOCUMENTS } from './documents';

const GOLDEN = join(__dirname, '..', '..', '..', 'fixtures', 'hints', 'findings.golden.json');

interface Digest {
  findings: number;
  rules: Record<string, number>;
  sha256: string;
}

function digest(hints: HintFinding[]): Digest {
  const rules: Record<string, number> = {};
  for (const h of hints) rules[h.rule] = (rules[h.rule] ?? 0) + 1;
  return { findings: hints.length, rules, sha256: createHash('sha256').update(JSON.stringify(hints)).digest('hex') };
}

if (process.env.MQT_WRITE_GOLDEN === '1') {
  const out: Record<string, Digest> = {};
  for (const c of DOCUMENTS) out[c.name] = digest(analyzeDocument(c.text(), c.input()).hints);
  writeFileSync(GOLDEN, JSON.stringify(out, null, 2) + '\n');
}

const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Digest>;

for (const c of DOCUMENTS) {
  test(`same findings as the engine of 9619c2d: ${c.name}`, () => {
    const got = digest(analyzeDocument(c.text(), c.input()).hints);
    assert.deepEqual({ ...got, sha256: undefined }, { ...golden[c.name], sha256: undefined }, 'findings per rule');
    assert.equal(got.sha256, golden[c.name].sha256, 'every finding (rule, range, message, fix, edit) equal');
  });
}
