import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TraceSchema } from '../../../../src/core/trace';

export const TRACE_DIR = path.join(__dirname, '../../../fixtures/trace');

export interface TraceFixture {
  name: string;
  text: string;
}

export function traceFixtures(): TraceFixture[] {
  const out: TraceFixture[] = [];
  for (const dir of ['', 'mysql']) {
    for (const f of readdirSync(path.join(TRACE_DIR, dir))
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      out.push({ name: path.join(dir, f), text: readFileSync(path.join(TRACE_DIR, dir, f), 'utf8') });
    }
  }
  return out;
}

export const fixture = (name: string): string => readFileSync(path.join(TRACE_DIR, name), 'utf8');

/** The sandbox's sakila indexes (src/sandbox/sakila.ts), as the capture reads them from information_schema. */
export const SAKILA: TraceSchema = {
  film: {
    indexes: [
      { name: 'PRIMARY', columns: ['film_id'] },
      { name: 'idx_title', columns: ['title'] },
      { name: 'idx_fk_language_id', columns: ['language_id'] },
    ],
    columns: { film_id: 'smallint(5) unsigned', title: 'varchar(128)', length: 'smallint(5) unsigned' },
  },
  rental: {
    indexes: [
      { name: 'PRIMARY', columns: ['rental_id'] },
      { name: 'rental_date', columns: ['rental_date', 'inventory_id', 'customer_id'] },
      { name: 'idx_fk_inventory_id', columns: ['inventory_id'] },
      { name: 'idx_fk_customer_id', columns: ['customer_id'] },
    ],
    columns: { rental_date: 'datetime', customer_id: 'smallint(5) unsigned' },
  },
};
