// The batch and pair paths (core/pipeline/runs, what the editor's controller calls) honour
// readOnlySession and profileWrites on the real server, statement by statement. Reads run in
// the read-only session whatever the setting says (issue 13); the setting only adds nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type mysql from 'mysql2/promise';
import { normalize } from '../../src/core/config';
import { policyFrom } from '../../src/core/pipeline/policy';
import { batchTargets, runTargets } from '../../src/core/pipeline/runs';
import { connect, useProfilerSession } from './helpers';

let probe: mysql.Connection;
const { session } = useProfilerSession(async (info) => {
  probe = await connect(info);
});
after(async () => {
  await probe.end();
});

const checksumOf = async (table: string) => ((await probe.query(`CHECKSUM TABLE ${table}`)) as unknown as [[{ Checksum: number }]])[0][0].Checksum;

test('batch: with readOnlySession every read runs in a READ ONLY transaction, the write in between included', async () => {
  const { config } = normalize({ readOnlySession: true, profileWrites: true, planActuals: 'never' });
  const script = "SELECT @@session.tx_read_only;\nUPDATE actor SET first_name = 'BATCH' WHERE actor_id = 7;\nSELECT @@session.tx_read_only";
  const results = await runTargets(batchTargets(script), config, policyFrom(config), session(), { checksum: true });
  const one = (await runTargets([{ text: 'SELECT 1' }], config, policyFrom(config), session(), { checksum: true }))[0].report.execution.checksum;
  assert.equal(results.length, 3);
  // SELECT @@session.tx_read_only returns one row "1" exactly when the server holds the session read-only.
  assert.equal(results[0].report.execution.checksum, one, 'first read ran READ ONLY');
  assert.equal(results[2].report.execution.checksum, one, 'the read after the write is READ ONLY again');
  assert.equal(results[1].report.execution.executed, true, 'the write ran, rolled back (profile writes on)');
  assert.ok(results[1].report.notes.some((n) => /1 row\(s\) affected, then rolled back/.test(n)));
});

test('batch: without profileWrites a write is explained only; with it, data is the same after the rollback', async () => {
  const before = await checksumOf('actor');
  const script = "UPDATE actor SET last_name = 'X' WHERE actor_id < 50; SELECT COUNT(*) FROM actor";
  for (const profileWrites of [false, true]) {
    const { config } = normalize({ profileWrites, planActuals: 'never' });
    const [write, read] = await runTargets(batchTargets(script), config, policyFrom(config), session());
    assert.equal(write.report.execution.executed, profileWrites, `profileWrites=${profileWrites}`);
    assert.ok(write.report.plan, 'explained either way');
    assert.equal(read.report.execution.executed, true);
  }
  assert.equal(await checksumOf('actor'), before, 'nothing kept');
});

test('pair: rows checksummed; both statements run READ ONLY, with readOnlySession and without it', async () => {
  const pair = [{ text: 'SELECT @@session.tx_read_only' }, { text: 'SELECT 1' }];
  const ro = normalize({ readOnlySession: true, planActuals: 'never' }).config;
  const [a, b] = await runTargets(pair, ro, policyFrom(ro), session(), { checksum: true });
  assert.equal(a.report.execution.checksum, b.report.execution.checksum, 'tx_read_only was 1 during the original');
  const rw = normalize({ readOnlySession: false, planActuals: 'never' }).config;
  const [c, d] = await runTargets(pair, rw, policyFrom(rw), session(), { checksum: true });
  assert.equal(c.report.execution.checksum, d.report.execution.checksum, 'tx_read_only was 1 without the setting too');
  const [zero] = await runTargets([{ text: 'SELECT 0' }], rw, policyFrom(rw), session(), { checksum: true });
  assert.notEqual(zero.report.execution.checksum, d.report.execution.checksum, 'the checksum tells 0 from 1');
});

test('pair: a rewrite that writes runs only inside a rolled-back transaction, and only with profileWrites', async () => {
  const before = await checksumOf('payment');
  const pair = [{ text: 'SELECT COUNT(*) FROM payment WHERE amount > 5' }, { text: 'DELETE FROM payment WHERE amount > 5' }];
  const off = normalize({ planActuals: 'never' }).config;
  const [, del] = await runTargets(pair, off, policyFrom(off), session(), { checksum: true });
  assert.equal(del.report.execution.executed, false);
  assert.match(del.report.execution.reason ?? '', /DELETE/);
  const on = normalize({ profileWrites: true, planActuals: 'never' }).config;
  const [, delOn] = await runTargets(pair, on, policyFrom(on), session(), { checksum: true });
  assert.equal(delOn.report.execution.executed, true);
  assert.ok(delOn.report.notes.some((n) => /then rolled back/.test(n)));
  assert.equal(await checksumOf('payment'), before, 'payment unchanged');
});
