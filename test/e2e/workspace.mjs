// The e2e workspace's one file: the extension's own sample queries, plus a long one to cancel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SQL_FILE = 'queries.sql';
export const SQL_TEXT =
  readFileSync(path.join(ROOT, 'media', 'sample-queries.sql'), 'utf8') +
  '\n-- A long query, to cancel from the progress notification.\nSELECT SLEEP(20);\n' +
  '-- A slow join (no usable index), to watch live and cancel from the report.\nSELECT COUNT(*) FROM film f JOIN payment p ON p.amount * 100 = f.film_id + p.customer_id;\n' +
  "-- A selective range on an unindexed column, for Advise Indexes.\nSELECT payment_id FROM payment WHERE payment_date >= '2023-10-01';\n";
