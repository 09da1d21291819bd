import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectionFromClipboard,
  connectionFromEnv,
  connectionFromOptions,
  connectionsFromSqlTools,
  discoverConnections,
  readOptionFile,
} from '../../../../src/core/connections/import';

function home(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mqt-home-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('~/.my.cnf: client groups merged in order, quotes, comments, !include and !includedir', () => {
  const h = home({
    '.my.cnf': '# mine\n[client]\nuser = app\npassword = "p#ss \\"x\\""\nhost=db.internal\n!include extra.cnf\n!includedir conf.d\n[mysqldump]\nuser=dumper\n',
    'extra.cnf': '[client]\nport=3307\n',
    'conf.d/a.cnf': '[mysql]\ndatabase=shop\nssl-mode=VERIFY_IDENTITY\n',
    'conf.d/ignored.txt': '[client]\nuser=nobody\n',
  });
  const spec = connectionFromOptions(readOptionFile(join(h, '.my.cnf')));
  assert.deepEqual(spec, { host: 'db.internal', port: 3307, user: 'app', password: 'p#ss "x"', database: 'shop', tls: 'verify-full' });
});

test('ssl-ca, ssl-cert and ssl-key are imported (~ expanded); a CA alone means verify-full', () => {
  const h = home({ '.my.cnf': '[client]\nhost=db.internal\nuser=app\nssl-ca=~/certs/ca.pem\nssl_cert=/etc/c.pem\nssl-key=/etc/k.pem\n' });
  const spec = connectionFromOptions(readOptionFile(join(h, '.my.cnf')), { HOME: h });
  assert.deepEqual(spec, {
    host: 'db.internal',
    port: 3306,
    user: 'app',
    tls: 'verify-full',
    tlsCa: join(h, 'certs/ca.pem'),
    tlsCert: '/etc/c.pem',
    tlsKey: '/etc/k.pem',
  });
});

test('include loops and missing files do not hang or throw', () => {
  const h = home({ 'a.cnf': '[client]\nuser=a\n!include b.cnf\n!include missing.cnf\n', 'b.cnf': '!include a.cnf\n[client]\nport=1234\n' });
  assert.deepEqual(connectionFromOptions(readOptionFile(join(h, 'a.cnf'))), { host: 'localhost', port: 1234, user: 'a' });
  assert.equal(connectionFromOptions(readOptionFile(join(h, 'nope.cnf'))), undefined);
});

test('a socket is used for localhost', () => {
  const h = home({ '.my.cnf': '[client]\nsocket=/run/mysqld/mysqld.sock\nuser=me\n' });
  assert.equal(connectionFromOptions(readOptionFile(join(h, '.my.cnf')))?.socketPath, '/run/mysqld/mysqld.sock');
});

test('environment variables', () => {
  assert.equal(connectionFromEnv({ USER: 'x' }), undefined);
  assert.deepEqual(connectionFromEnv({ MYSQL_HOST: 'h', MYSQL_TCP_PORT: '3310', MYSQL_PWD: 'pw', USER: 'bob' }), {
    host: 'h',
    port: 3310,
    user: 'bob',
    password: 'pw',
  });
});

test('SQLTools connections: MySQL and MariaDB only, connect strings too', () => {
  const found = connectionsFromSqlTools([
    { name: 'local', driver: 'MySQL', server: '127.0.0.1', port: 3306, username: 'root', password: 'r', database: 'sakila' },
    { name: 'maria', driver: 'MariaDB', connectString: 'mysql://u:p@m:3307/db' },
    { name: 'pg', driver: 'PostgreSQL', server: 'x' },
    null,
  ]);
  assert.deepEqual(
    found.map((f) => f.name),
    ['local', 'maria'],
  );
  assert.deepEqual(found[0].spec, { host: '127.0.0.1', port: 3306, user: 'root', password: 'r', database: 'sakila' });
  assert.equal(found[1].spec.port, 3307);
  assert.deepEqual(connectionsFromSqlTools('garbage'), []);
});

test('clipboard: a mysql:// URL, or nothing', () => {
  assert.equal(connectionFromClipboard('mysql://a:b@h:1/d')?.spec.password, 'b');
  assert.equal(connectionFromClipboard('hello world'), undefined);
  assert.equal(connectionFromClipboard('mysql://'), undefined);
});

test('discover: everything found, in a stable order', () => {
  const h = home({ '.my.cnf': '[client]\nuser=me\npassword=s\n' });
  const found = discoverConnections({
    home: h,
    env: { MYSQL_HOST: 'envhost' },
    sqltools: [{ name: 't', driver: 'MySQL', server: 's' }],
    clipboard: 'mysql://c@clip/x',
  });
  assert.deepEqual(
    found.map((f) => f.source),
    ['~/.my.cnf', 'environment (MYSQL_HOST…)', 'SQLTools', 'clipboard URL'],
  );
});
