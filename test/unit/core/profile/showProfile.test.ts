import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProfiledQuery, stagesFromShowProfile } from '../../../../src/core/profile/showProfile';

/** The box tables of a `mysql -t` output, as arrays of row objects. */
function boxTables(text: string): Array<Array<Record<string, string>>> {
  const tables: Array<Array<Record<string, string>>> = [];
  let headers: string[] | undefined;
  let rows: Array<Record<string, string>> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      if (line.startsWith('+') && headers && rows.length) {
        tables.push(rows);
        headers = undefined;
        rows = [];
      }
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (!headers) headers = cells;
    else rows.push(Object.fromEntries(headers.map((h, i) => [h, cells[i]])));
  }
  return tables;
}

const [profiles, profile] = boxTables(readFileSync(join(__dirname, '../../../fixtures/profile/q01-range.profile.txt'), 'utf8'));

test('SHOW PROFILE ALL rows become stages in ms, in order, with every column', () => {
  const stages = stagesFromShowProfile(profile);
  assert.equal(stages.length, 24);
  assert.equal(stages[0].name, 'Starting');
  assert.equal(stages[0].ms, 0.047);
  assert.ok(Math.abs(stages[0].cpuUserMs! - 0.041) < 1e-9);
  assert.equal(stages[0].contextVoluntary, 0);
  const sending = stages.find((s) => s.name === 'Sending data')!;
  assert.ok(Math.abs(sending.ms - 0.054) < 1e-9);
  // Repeated stage names stay as separate steps of the timeline.
  assert.equal(stages.filter((s) => s.name === 'Query end').length, 3);
  const total = stages.reduce((s, x) => s + x.ms, 0);
  // SHOW PROFILES says 0.3389 ms; each stage is rounded to the microsecond, 24 of them.
  assert.ok(Math.abs(total - 0.3389) < 0.024 * 0.5 + 1e-9, `total ${total}`);
});

test('our statement is found in SHOW PROFILES by its (normalised) text', () => {
  const sql =
    "SELECT rental_id, rental_date, inventory_id, customer_id\n  FROM rental WHERE rental_date BETWEEN '2005-06-01 00:00:00' AND '2005-06-03 00:00:00'";
  assert.equal(findProfiledQuery(profiles, sql), 1);
  assert.equal(findProfiledQuery(profiles, 'SELECT 1'), undefined);
  const list = [...profiles, { Query_ID: '2', Duration: '0.1', Query: 'SHOW SESSION STATUS' }, { Query_ID: '3', Duration: '0.1', Query: sql }];
  assert.equal(findProfiledQuery(list, sql), 3, 'the last match wins');
});
