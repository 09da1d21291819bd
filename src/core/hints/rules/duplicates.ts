// duplicate-index: an index whose columns are a left prefix of another index's serves no
// lookup the longer one cannot, and costs space, buffer pool and time on every write.
import type { Ctx } from '../context';
import { findTable } from '../schema';
import type { Scope } from '../scope';
import { ident } from './common';
import { describeIndex, redundantIndexes } from './indexes';

const WHY =
  'every lookup it serves, the longer index serves too; the extra index costs disk and buffer pool space and time on every INSERT, UPDATE and DELETE.';

/** Reported at each reference of a table whose schema has redundant indexes (the script keeps the first). */
export function duplicateIndexAtTables(ctx: Ctx, scopes: Scope[]): void {
  if (!ctx.opts.schema) return;
  for (const t of scopes.flatMap((s) => s.tables)) {
    if (!t.info || !t.range || !t.name) continue;
    for (const { index, coveredBy } of redundantIndexes(t.info)) {
      ctx.emit(
        'duplicate-index',
        ctx.trim(t.range),
        `Index ${describeIndex(index)} on ${t.info.name} is a left prefix of ${describeIndex(coveredBy)}: ${WHY}`,
        {
          ddl: `ALTER TABLE ${ident(t.info.name)} DROP INDEX ${ident(index.name)};`,
          fix: `ALTER TABLE ${ident(t.info.name)} DROP INDEX ${ident(index.name)}; (check first that no query hint names it)`,
          evidence: [`schema: ${t.info.name}.${describeIndex(index)} ⊂ ${describeIndex(coveredBy)}`],
        },
      );
    }
  }
}

/** A CREATE INDEX that an existing index already covers, or that makes an existing one redundant. */
export function duplicateIndexOfCreate(ctx: Ctx, created: { table: string; name: string; columns: string[] }): void {
  const info = findTable(ctx.opts.schema, created.table);
  if (!info) return;
  const range = { start: 0, end: ctx.text.length };
  for (const ix of info.indexes) {
    if (ix.type === 'FULLTEXT' || ix.type === 'SPATIAL') continue;
    const names = ix.columns.map((c) => c.name);
    const newIsPrefix = created.columns.every((c, k) => names[k] === c);
    const oldIsPrefix = names.every((c, k) => created.columns[k] === c);
    if (newIsPrefix) {
      ctx.emit(
        'duplicate-index',
        range,
        `${ix.name} (${names.join(', ')}) already exists on ${info.name} and starts with (${created.columns.join(', ')}): the new index is redundant; ${WHY}`,
        { fix: 'Drop this statement.', evidence: [`schema: ${info.name}.${describeIndex(ix)}`] },
        'warning',
      );
      return;
    }
    if (oldIsPrefix && !ix.unique) {
      ctx.emit(
        'duplicate-index',
        range,
        `Once this index exists, ${ix.name} (${names.join(', ')}) on ${info.name} is a left prefix of it and redundant: ${WHY}`,
        { ddl: `ALTER TABLE ${ident(info.name)} DROP INDEX ${ident(ix.name)};`, evidence: [`schema: ${info.name}.${describeIndex(ix)}`] },
      );
    }
  }
}
