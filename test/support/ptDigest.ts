// mqt digest against pt-query-digest (Debian's percona-toolkit) on the same log: the same
// classes, equal counts, Query_time sums within 1%. Shared by the unit and database tests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { digestFiles } from '../../src/core/digest/file';
import type { DigestClass } from '../../src/core/digest';

interface PtClass {
  fingerprint: string;
  query_count: number;
  metrics: { Query_time: { sum: string } };
}

export function ptDigest(file: string): PtClass[] {
  const out = execFileSync('pt-query-digest', ['--output', 'json', '--limit', '100%:100000', '--no-version-check', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  // An empty log gives no JSON at all.
  return out.trim() ? (JSON.parse(out) as { classes: PtClass[] }).classes : [];
}

/** Asserts both tools agree on the file; returns our classes. */
export async function compareWithPt(file: string, minClasses: number): Promise<DigestClass[]> {
  const pt = ptDigest(file);
  const ours = (await digestFiles([file])).result();
  assert.ok(pt.length >= minClasses, `pt-query-digest found ${pt.length} classes`);
  const mine = new Map(ours.map((c) => [c.fingerprint, c]));
  assert.deepEqual([...mine.keys()].sort(), pt.map((c) => c.fingerprint).sort(), 'the same classes');
  for (const p of pt) {
    const m = mine.get(p.fingerprint)!;
    assert.equal(m.count, p.query_count, `count of ${p.fingerprint}`);
    const sum = Number(p.metrics.Query_time.sum);
    assert.ok(Math.abs(m.queryTime.sum - sum) <= Math.max(sum * 0.01, 1e-6), `Query_time sum of ${p.fingerprint}: ${m.queryTime.sum} vs ${sum}`);
  }
  return ours;
}
