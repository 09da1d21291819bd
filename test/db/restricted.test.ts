// Restricted Mode: while the gate is closed (an untrusted workspace), no statement reaches a
// server: not an analysis, not a schema read, not the side panel's status. Checked against
// the real sandbox by watching its connection counter.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockServerAccess } from '../../src/core/safety/gate';
import { AnalysisError } from '../../src/core/session/errors';
import { connect, profilerSession, sandbox } from './helpers';

after(() => blockServerAccess(undefined));

test('a closed gate stops every session before it connects; opening it lets them through', async () => {
  const info = await sandbox();
  const probe = await connect(info);
  const connections = async () => Number(((await probe.query("SHOW GLOBAL STATUS LIKE 'Connections'")) as unknown as [[{ Value: string }]])[0][0].Value);
  try {
    const before = await connections();
    blockServerAccess('Restricted Mode: trust the workspace to run queries.');
    const session = profilerSession(info);
    await assert.rejects(session.analyze('SELECT 1'), (e: unknown) => e instanceof AnalysisError && /Restricted Mode/.test(e.message));
    await assert.rejects(session.readSchema(), /Restricted Mode/);
    await assert.rejects(session.readStatus(), /Restricted Mode/);
    assert.equal(await connections(), before, 'no connection was even opened');
    blockServerAccess(undefined);
    const r = await session.analyze('SELECT 1');
    assert.equal(r.execution.executed, true);
    await session.close();
  } finally {
    await probe.end();
  }
});
