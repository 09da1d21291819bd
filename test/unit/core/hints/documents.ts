// Fixed documents for the tests that compare findings (golden.test.ts, pool.test.ts): the
// benchmark generators' files and seeded mutations of them.
import type { HintInput } from '../../../../src/core/hints';
import { splitStatements } from '../../../../src/core/sql/statements';
import { generateDistinctSqlFile, generateSqlFile } from '../../../../scripts/bench/sqlfile';
import { sakila } from './helpers';
import { prng } from '../../../support/prng';

/** Statements the parsers reject (or only the MariaDB build takes), from seeded mutations. */
export function brokenDocument(seed: number): string {
  const rand = prng(seed);
  const pieces = [...splitStatements(generateSqlFile(300, seed)), ...splitStatements(generateDistinctSqlFile(300, seed))].map((s) => s.text);
  const mariadbOnly = [
    'DELETE FROM payment WHERE payment_id = 5 RETURNING payment_id',
    'SELECT NEXT VALUE FOR s1',
    "CREATE OR REPLACE TABLE t2 AS SELECT * FROM film WHERE title LIKE '%A'",
    'SELECT * FROM film WHERE film_id = 3 FOR UPDATE NOWAIT',
    'INSERT INTO t (a) VALUES (1) RETURNING a',
  ];
  const out: string[] = [];
  // A cut inside a string would leave it open and swallow the rest of the document.
  const closed = (s: string) => (s.split("'").length % 2 === 1 ? s : `${s}'`);
  for (const p of pieces) {
    const r = rand();
    const words = p.split(' ');
    if (r < 0.1) out.push(p.replace(/ORDER BY (\S+)/, 'ORDER BY $1 AS k1'));
    else if (r < 0.2) out.push(closed(words.slice(0, 1 + Math.floor(rand() * words.length)).join(' ')));
    else if (r < 0.3) out.push(closed(words.filter((_, k) => k !== Math.floor(rand() * words.length)).join(' ')));
    else if (r < 0.33) out.push(mariadbOnly[Math.floor(rand() * mariadbOnly.length)]);
    else out.push(p);
  }
  return out.join(';\n') + ';\n';
}

export const DOCUMENTS: Array<{ name: string; text: () => string; input: () => Omit<HintInput, 'sql'> }> = [
  { name: 'distinct, no schema, mariadb', text: () => generateDistinctSqlFile(600, 42), input: () => ({ dialect: 'mariadb' }) },
  { name: 'distinct, sakila schema, mysql', text: () => generateDistinctSqlFile(600, 43), input: () => ({ dialect: 'mysql', schema: sakila() }) },
  { name: 'realistic, no schema, mariadb', text: () => generateSqlFile(600, 42), input: () => ({ dialect: 'mariadb' }) },
  {
    name: 'realistic, sakila schema, mysql',
    text: () => generateSqlFile(600, 43),
    input: () => ({ dialect: 'mysql', schema: sakila(), serverVersion: '8.0.36' }),
  },
  { name: 'broken statements, mariadb', text: () => brokenDocument(5), input: () => ({ dialect: 'mariadb' }) },
  {
    name: 'broken statements, sakila schema, mariadb',
    text: () => brokenDocument(6),
    input: () => ({ dialect: 'mariadb', schema: sakila(), serverVersion: '10.11.19-MariaDB' }),
  },
];
