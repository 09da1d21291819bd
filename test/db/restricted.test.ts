// Restricted Mode: while the gate is closed (an untrusted workspace), no statement reaches a
// server: not an analysis, not a schema read, not the side panel's status. Checked against
// the real sandbox by watching its connection counter. The gate is passed in, never global.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize } from '../../src/core/config';
import { analyze } from '../../src/core/pipeline/analyze';
import { policyFrom } from '../../src/core/pipeline/policy';
import { makeStatement } from '../../src/core/pipeline/statement';
import { gate } from '../../src/core/safety/gate';
import { AnalysisError } from '../../src/core/session/errors';
import { ProfilerSession } from '../../src/core/session/profiler';
import { connect, sandbox } from './helpers';

test('a closed gate stops every session before it connects; opening it lets them through', async () => {
  const info = await sandbox();
  const probe = await connect(info);
  const connections = async () => Number(((await probe.query("SHOW GLOBAL STATUS LIKE 'Connections'")) as unknown as [[{ Value: string }]])[0][0].Value);
  let reason: string | undefined = 'Restricted Mode: trust the workspace to run queries.';
  const trust = gate(() => reason);
  const session = new ProfilerSession(
    { host: info.host, port: info.port, user: info.user, password: info.password, database: info.database, tls: 'disabled' },
    undefined,
    trust,
  );
  const other = new ProfilerSession({ host: info.host, port: info.port, user: info.user, password: info.password, database: info.database, tls: 'disabled' });
  try {
    const before = await connections();
    await assert.rejects(session.analyze('SELECT 1'), (e: unknown) => e instanceof AnalysisError && /Restricted Mode/.test(e.message));
    await assert.rejects(session.readSchema(), /Restricted Mode/);
    await assert.rejects(session.readStatus(), /Restricted Mode/);
    // The policy given to one analysis closes it even on a session whose own gate is open.
    const { config } = normalize({});
    await assert.rejects(analyze(makeStatement('SELECT 1'), config, policyFrom(config, trust), other), /Restricted Mode/);
    assert.equal(await connections(), before, 'no connection was even opened');
    reason = undefined;
    const r = await session.analyze('SELECT 1');
    assert.equal(r.execution.executed, true);
  } finally {
    await session.close();
    await other.close();
    await probe.end();
  }
});
