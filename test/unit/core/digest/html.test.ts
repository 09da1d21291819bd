import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { digestTableFragment, sortDigest } from '../../../../src/core/digest';
import { digestFiles } from '../../../../src/core/digest/file';

const LOG = join(__dirname, '../../../fixtures/digest/mariadb-10.11.log');

test('the slow-log table sorts by any column, links each row to its class, escapes SQL', async () => {
  const agg = await digestFiles([LOG]);
  const classes = agg.result();
  const byCount = sortDigest(classes, 'count');
  assert.equal(classes[byCount[0]!]!.fingerprint, 'select film_id, title from film where film_id in(?+)');
  for (let i = 1; i < byCount.length; i++) assert.ok(classes[byCount[i - 1]!]!.count >= classes[byCount[i]!]!.count);
  const html = digestTableFragment('Slow log: x <y>', classes, agg.events, 'count', { sort: (s) => `sort:${s}`, open: (i) => `open:${i}` });
  assert.match(html, /<h2>Slow log: x &#60;y&#62;<\/h2>/);
  assert.match(html, /89 statements in 15 classes/);
  assert.match(html, /href="sort:total"/);
  assert.match(html, /Count ▾/);
  const rows = [...html.matchAll(/<tr><td><a href="open:(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(rows, byCount);
  assert.doesNotMatch(html, /<code>[^<]*'[^<]*<\/code>/, 'quotes in fingerprints are escaped');
});
