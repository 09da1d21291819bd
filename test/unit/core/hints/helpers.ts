import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeHints, type HintFinding, type HintInput, type SchemaInfo } from '../../../../src/core/hints';
import { parsePlanJson, type Plan } from '../../../../src/core/plan';

const root = join(__dirname, '..', '..', '..', 'fixtures');

/** A fresh copy of the recorded sakila schema plus made-up tables for the cases sakila lacks. */
export function sakila(): SchemaInfo {
  const s = JSON.parse(readFileSync(join(root, 'hints', 'sakila.schema.json'), 'utf8')) as SchemaInfo;
  s.tables.legacy_customer = {
    name: 'legacy_customer',
    rows: 50000,
    columns: {
      id: { name: 'id', dataType: 'int', columnType: 'int(11)', nullable: false },
      email: { name: 'email', dataType: 'varchar', columnType: 'varchar(50)', nullable: true, charset: 'latin1', collation: 'latin1_swedish_ci' },
      phone: { name: 'phone', dataType: 'varchar', columnType: 'varchar(20)', nullable: false, charset: 'latin1', collation: 'latin1_swedish_ci' },
      created: { name: 'created', dataType: 'datetime', columnType: 'datetime', nullable: false },
      score: { name: 'score', dataType: 'int', columnType: 'int(11)', nullable: true },
    },
    indexes: [
      { name: 'PRIMARY', unique: true, primary: true, type: 'BTREE', columns: [{ name: 'id' }] },
      { name: 'idx_email', unique: false, primary: false, type: 'BTREE', columns: [{ name: 'email' }] },
      { name: 'idx_phone', unique: false, primary: false, type: 'BTREE', columns: [{ name: 'phone' }] },
      { name: 'idx_created', unique: false, primary: false, type: 'BTREE', columns: [{ name: 'created' }] },
      { name: 'idx_phone_created', unique: false, primary: false, type: 'BTREE', columns: [{ name: 'phone' }, { name: 'created' }] },
    ],
  };
  return s;
}

export function recordedPlan(name: string): Plan {
  return parsePlanJson(JSON.parse(readFileSync(join(root, 'plan', 'mariadb-sandbox', `${name}.explain.json`), 'utf8')));
}

export function hints(sql: string, opts: Omit<HintInput, 'sql'> = {}): HintFinding[] {
  return analyzeHints({ sql, ...opts });
}

export function of(sql: string, rule: string, opts: Omit<HintInput, 'sql'> = {}): HintFinding[] {
  return hints(sql, opts).filter((h) => h.rule === rule);
}

export function slice(sql: string, h: { range: { start: number; end: number } }): string {
  return sql.slice(h.range.start, h.range.end);
}

/** The text with a finding's edit applied. */
export function applyEdit(sql: string, h: HintFinding): string {
  if (!h.edit) throw new Error(`${h.rule} has no edit`);
  return sql.slice(0, h.edit.start) + h.edit.text + sql.slice(h.edit.end);
}
