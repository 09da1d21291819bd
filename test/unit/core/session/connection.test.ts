import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionUrl, ConnectionUrlError, parseConnectionUrl } from '../../../../src/core/session/connection';
import { errorPosition } from '../../../../src/core/session/errors';
import { atLeast, capabilitiesFrom, serverInfoFrom } from '../../../../src/core/session/server';

test('parses mysql:// URLs with encoded credentials and TLS mode', () => {
  const s = parseConnectionUrl('mysql://mqt:p%40ss%3Aw@127.0.0.1:3407/sakila?ssl-mode=REQUIRED');
  assert.deepEqual(s, { host: '127.0.0.1', port: 3407, user: 'mqt', password: 'p@ss:w', database: 'sakila', tls: 'required' });
  assert.equal(parseConnectionUrl('mysql://root@db.example').port, 3306);
  assert.equal(parseConnectionUrl('mysql://u@[::1]:3306/x').host, '::1');
});

test('rejects what is not a connection URL', () => {
  assert.throws(() => parseConnectionUrl('not a url'), ConnectionUrlError);
  assert.throws(() => parseConnectionUrl('postgres://u@h/db'), /Unsupported URL scheme/);
  assert.throws(() => parseConnectionUrl('mysql://u@h/db?ssl-mode=sometimes'), /Unknown ssl-mode/);
});

test('URL round trip keeps the password out unless asked', () => {
  const spec = { host: 'h', port: 3407, user: 'a b', password: 'x/y', database: 'db' };
  assert.equal(connectionUrl(spec), 'mysql://a%20b@h:3407/db');
  assert.deepEqual(parseConnectionUrl(connectionUrl(spec, true)), spec);
});

test('server flavor and version from the handshake or VERSION()', () => {
  const m = serverInfoFrom('5.5.5-10.11.19-MariaDB-0+deb12u1');
  assert.equal(m.flavor, 'mariadb');
  assert.equal(m.version, '10.11.19-MariaDB-0+deb12u1');
  assert.ok(atLeast(m, 10, 11) && !atLeast(m, 11));
  const my = serverInfoFrom('8.0.36', 'MySQL Community Server - GPL');
  assert.equal(my.flavor, 'mysql');
  assert.equal(capabilitiesFrom(my, { haveProfiling: 'YES' }).explainAnalyze, true);
  assert.equal(capabilitiesFrom(serverInfoFrom('5.7.44'), {}).explainAnalyze, false);
});

test('syntax error positions map to line and column of the statement', () => {
  const stmt = 'SELECT a,\n  b FROMM t\nWHERE x = 1';
  const msg =
    "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 't\nWHERE x = 1' at line 2";
  assert.deepEqual(errorPosition(msg, stmt), { line: 2, column: 11 });
  assert.deepEqual(errorPosition("... near '' at line 1", 'SELECT'), { line: 1, column: 7 });
  assert.deepEqual(errorPosition('Unknown column', stmt), {});
});
