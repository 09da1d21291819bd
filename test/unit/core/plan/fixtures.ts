import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanFormat } from '../../../../src/core/plan';

export const FIXTURE_ROOT = join(__dirname, '..', '..', '..', 'fixtures', 'plan');

export interface Fixture {
  /** Path relative to test/fixtures/plan. */
  name: string;
  /** The output without the provenance header. */
  text: string;
  expected: PlanFormat;
}

/** Drops the "# source: ..." header lines and the blank line after them. */
export function stripHeader(raw: string): string {
  if (!raw.startsWith('# ')) return raw;
  const lines = raw.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].startsWith('#')) i++;
  if (i < lines.length && lines[i].trim() === '') i++;
  return lines.slice(i).join('\n');
}

/** Sandbox files are named qNN-name.{explain,explain-extended,analyze}.{txt,tsv,json}. */
function sandboxFormat(file: string): PlanFormat {
  if (!file.endsWith('.json')) return 'classic';
  return file.includes('.analyze.') ? 'mariadb-analyze-json' : 'mariadb-json';
}

export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  const recorded = join(FIXTURE_ROOT, 'recorded');
  for (const folder of readdirSync(recorded).sort()) {
    for (const file of readdirSync(join(recorded, folder)).sort()) {
      const text = stripHeader(readFileSync(join(recorded, folder, file), 'utf8'));
      out.push({ name: `recorded/${folder}/${file}`, text, expected: folder as PlanFormat });
    }
  }
  const sandbox = join(FIXTURE_ROOT, 'mariadb-sandbox');
  for (const file of readdirSync(sandbox).sort()) {
    out.push({ name: `mariadb-sandbox/${file}`, text: readFileSync(join(sandbox, file), 'utf8'), expected: sandboxFormat(file) });
  }
  return out;
}

export function fixture(name: string): string {
  return loadFixtures().find((f) => f.name === name)?.text ?? assertNever(name);
}

function assertNever(name: string): never {
  throw new Error(`no fixture ${name}`);
}

/** Table names read straight from the raw text, independently of the parsers. */
export function tablesInSource(text: string, format: PlanFormat): string[] {
  const names = new Set<string>();
  if (format === 'classic') {
    for (const n of classicTables(text)) names.add(n);
  } else if (format === 'mysql-tree' || format === 'mysql-analyze') {
    for (const m of text.matchAll(/(?:scan|lookup|search) on (`[^`]+`|<[^>]+>|[^\s(),]+)/g)) names.add(m[1].replace(/`/g, ''));
    for (const m of text.matchAll(/(?:Constant row|Delete|Update) from (\S+)/g)) names.add(m[1]);
  } else {
    for (const m of text.matchAll(/"table_name":\s*"([^"]*)"/g)) names.add(m[1]);
  }
  names.delete('NULL');
  return [...names];
}

function classicTables(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  for (const line of lines) {
    const v = /^\s*table: (.*)$/.exec(line);
    if (v) out.push(v[1].trim());
  }
  let col = -1;
  let sep = '';
  for (const line of lines) {
    const cells = line.includes('\t') ? line.split('\t') : line.startsWith('|') ? line.split('|').map((c) => c.trim()) : undefined;
    if (!cells) continue;
    const idx = cells.indexOf('table');
    if (idx >= 0 && cells.includes('select_type')) {
      col = idx;
      sep = line.includes('\t') ? '\t' : '|';
      continue;
    }
    if (cells.includes('Level')) {
      col = -1;
      continue;
    }
    if (col < 0 && line.includes('\t') && cells.length >= 10) col = 2;
    if (col >= 0 && cells.length >= 10 && (sep === '' || (sep === '\t') === line.includes('\t')) && cells[col]) out.push(cells[col]);
  }
  return out;
}
