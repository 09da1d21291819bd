// Add Connection's dialog, box by box, on a working stand-in of the vscode API: what is saved
// to settings, what goes to SecretStorage, and that a cancelled box saves nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installVscodeStandIn } from '../../support/vscodeStandIn';

// One stand-in for the file: the modules keep the vscode API they were loaded with.
const vs = installVscodeStandIn();
/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the vscode stand-in is in place */
const { ConnectionStore } = require('../../../src/editor/connections') as typeof import('../../../src/editor/connections');
const { addConnection: add } = require('../../../src/editor/addConnection') as typeof import('../../../src/editor/addConnection');
/* eslint-enable @typescript-eslint/no-require-imports */
test.after(() => vs.restore());

function fresh(): InstanceType<typeof ConnectionStore> {
  vs.reset();
  return new ConnectionStore(vs.context as never);
}

const pickTls = (mode: string) => (q: { items?: unknown[] }) => (q.items as Array<{ label: string }>).find((i) => i.label === mode);

test('box by box: host, port, user, database, TLS, password, name; the password goes to SecretStorage only', async () => {
  const store = fresh();
  try {
    vs.answers.push('db.example', '3307', 'app', 'shop', pickTls('verify-full'), 's3cret', 'app@db.example:3307/shop');
    const conn = await add(store);
    assert.deepEqual(conn, { name: 'app@db.example:3307/shop', host: 'db.example', port: 3307, user: 'app', tls: 'verify-full', database: 'shop' });
    assert.deepEqual(vs.settings.get('mysqlQueryTuner.connections'), [conn]);
    assert.equal(vs.secrets.get('mysqlQueryTuner.password:app@db.example:3307/shop'), 's3cret');
    assert.ok(!JSON.stringify([...vs.settings]).includes('s3cret'));
    assert.deepEqual(
      vs.asked.map((a) => a.split(':')[0] + ':' + a.split(':')[1]),
      [
        'box: Add Connection (1/6)',
        'box: Add Connection (2/6)',
        'box: Add Connection (3/6)',
        'box: Add Connection (4/6)',
        'pick: Add Connection (5/6)',
        'box: Add Connection (6/6)',
        'box: Connection name',
      ],
    );
    assert.equal(store.active()?.name, conn?.name);
  } finally {
    store.dispose();
  }
});

test('a URL in the first box fills the rest; with ssh= the SSH password is asked last and kept apart', async () => {
  const store = fresh();
  try {
    vs.answers.push('mysql://app:dbpw@10.0.0.5:3306/shop?ssl-mode=required&ssh=deploy@bastion:2222', 'via-bastion', 'sshpw');
    const conn = await add(store);
    assert.deepEqual(conn, { name: 'via-bastion', host: '10.0.0.5', port: 3306, user: 'app', tls: 'required', ssh: 'deploy@bastion:2222', database: 'shop' });
    assert.equal(vs.secrets.get('mysqlQueryTuner.password:via-bastion'), 'dbpw');
    assert.equal(vs.secrets.get('mysqlQueryTuner.sshPassword:via-bastion'), 'sshpw');
    assert.deepEqual(vs.asked.length, 3);
    assert.match(vs.asked[2], /^box: SSH tunnel through deploy@bastion:2222: SSH password/);
  } finally {
    store.dispose();
  }
});

test('a cancelled box saves nothing; a URL passed by another command is saved only after a yes', async () => {
  const store = fresh();
  try {
    vs.answers.push('db.example', '3306', undefined);
    assert.equal(await add(store), undefined);
    assert.equal(vs.settings.get('mysqlQueryTuner.connections'), undefined);
    vs.answers.push(undefined);
    assert.equal(await add(store, { url: 'mysql://app:pw@db.example/shop' }), undefined);
    assert.match(vs.asked.at(-1) ?? '', /^warning: A command asks to save the connection "app@db.example:3306\/shop" \(app@db.example:3306\/shop\)/);
    assert.equal(vs.settings.get('mysqlQueryTuner.connections'), undefined);
    vs.answers.push('Save Connection');
    const saved = await add(store, { url: 'mysql://app:pw@db.example/shop', name: 'given' });
    assert.equal(saved?.name, 'given');
    assert.equal(vs.secrets.get('mysqlQueryTuner.password:given'), 'pw');
  } finally {
    store.dispose();
  }
});
