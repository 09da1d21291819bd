// The performance_schema profile source, on the real sandbox (it runs with stage and
// statement events on). MySQL 8 uses this path by default; here it is forced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSource } from '../../src/core/profile/read';
import { serverInfoFrom } from '../../src/core/session/server';
import { useProfilerSession } from './helpers';

const { session } = useProfilerSession();

test('the sandbox runs with performance_schema on', async () => {
  const r = await session().analyze('SELECT 1');
  assert.equal(r.capabilities.performanceSchema, true);
});

test('stages and statement figures come from performance_schema for our own statement', async () => {
  const r = await session().analyze('SELECT COUNT(*) FROM payment WHERE amount > 3', { profileSource: 'performance-schema' });
  assert.equal(r.profile.source, 'performance-schema');
  assert.ok(r.profile.stages.length > 5, `${r.profile.stages.length} stages`);
  assert.ok(r.profile.stages.some((s) => /Sending data|Executing/i.test(s.name)));
  assert.equal(
    r.profile.stages.some((s) => s.name.startsWith('stage/')),
    false,
    'names are shown without the instrument prefix',
  );
  const st = r.profile.statement!;
  assert.equal(st.rowsExamined, 100000);
  assert.equal(st.rowsSent, 1);
  assert.equal(st.noIndexUsed, true);
  assert.equal(st.selectScan, 1);
  // Stage time is a part of the statement's own timer.
  assert.ok((r.profile.totalMs ?? 0) <= st.ms * 1.01 + 0.01, `${r.profile.totalMs} vs ${st.ms}`);
  assert.ok((r.profile.totalMs ?? 0) >= st.ms * 0.5, `${r.profile.totalMs} vs ${st.ms}`);
});

test('with SHOW PROFILE as the source, performance_schema still adds the statement figures', async () => {
  const r = await session().analyze('SELECT * FROM customer WHERE customer_id = 42');
  assert.equal(r.profile.source, 'show-profile');
  assert.equal(r.profile.statement?.rowsExamined, 1);
  assert.equal(r.profile.statement?.noIndexUsed, false);
});

test('source choice: MySQL 8 prefers performance_schema, MariaDB and MySQL 5.7 SHOW PROFILE', () => {
  const caps = { profiling: true, performanceSchema: true, flushStatus: true, explainJson: true, explainAnalyze: true };
  assert.equal(chooseSource(serverInfoFrom('8.0.36'), caps), 'performance-schema');
  assert.equal(chooseSource(serverInfoFrom('8.4.2'), { ...caps, performanceSchema: false }), 'show-profile');
  assert.equal(chooseSource(serverInfoFrom('10.11.19-MariaDB'), caps), 'show-profile');
  assert.equal(chooseSource(serverInfoFrom('5.7.44'), caps), 'show-profile');
  assert.equal(chooseSource(serverInfoFrom('10.11.19-MariaDB'), { ...caps, profiling: false }), 'performance-schema');
  assert.equal(chooseSource(serverInfoFrom('10.11.19-MariaDB'), { ...caps, profiling: false, performanceSchema: false }), null);
});
