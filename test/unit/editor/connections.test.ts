// ConnectionStore's secrets on a working stand-in of the vscode API: read once ahead of the first
// run, then read again whenever SecretStorage says they changed (here or in another window).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installVscodeStandIn } from '../../support/vscodeStandIn';

const vs = installVscodeStandIn();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the vscode stand-in is in place */
const { ConnectionStore } = require('../../../src/editor/connections') as typeof import('../../../src/editor/connections');
/* eslint-enable @typescript-eslint/no-require-imports */
test.after(() => vs.restore());

const KEY = 'mysqlQueryTuner.password:app';
const SSH_KEY = 'mysqlQueryTuner.sshPassword:app';
const conn = { name: 'app', host: 'db.example', port: 3306, user: 'app' };

test('prefetched once, the password serves every later spec until SecretStorage says it changed', async () => {
  vs.reset();
  const store = new ConnectionStore(vs.context as never);
  try {
    await store.save(conn, 'one');
    vs.secretGets.length = 0;
    store.prefetchSecrets();
    assert.deepEqual(vs.secretGets, [KEY]);
    assert.equal((await store.spec(conn)).password, 'one');
    assert.equal((await store.spec(conn)).password, 'one');
    assert.deepEqual(vs.secretGets, [KEY], 'no second read');

    // Another window stores a new password: the change event drops the kept one.
    vs.secrets.set(KEY, 'two');
    assert.equal((await store.spec(conn)).password, 'one', 'no event yet: kept');
    vs.secretChanged(KEY);
    assert.equal((await store.spec(conn)).password, 'two');

    // Saved here: the next spec has it, even before the event would arrive.
    await store.save(conn, 'three');
    assert.equal((await store.spec(conn)).password, 'three');
    await store.save(conn, undefined);
    assert.equal((await store.spec(conn)).password, undefined);
  } finally {
    store.dispose();
  }
});

test('a read that fails is not kept; with no active connection nothing is read; an SSH secret is prefetched too', async () => {
  vs.reset();
  const store = new ConnectionStore(vs.context as never);
  const secrets = (vs.context as { secrets: unknown }).secrets as { get: (k: string) => Thenable<string | undefined> };
  const get = secrets.get;
  try {
    store.prefetchSecrets();
    assert.deepEqual(vs.secretGets, []);
    await store.save({ ...conn, ssh: 'deploy@bastion' }, 'pw');
    await store.setSshSecret('app', 'sshpw');
    vs.secretGets.length = 0;
    store.prefetchSecrets();
    assert.deepEqual(vs.secretGets, [KEY, SSH_KEY]);

    vs.secretChanged(KEY);
    secrets.get = () => Promise.reject(new Error('keyring locked'));
    await assert.rejects(store.spec(conn), /keyring locked/);
    secrets.get = get;
    assert.equal((await store.spec(conn)).password, 'pw');
  } finally {
    secrets.get = get;
    store.dispose();
  }
});
