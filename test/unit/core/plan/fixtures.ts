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

const PLAN_FOLDERS = new Set<string>([
  'classic',
  'mysql-json',
  'mysql-json2',
  'mysql-tree',
  'mysql-analyze',
  'mariadb-json',
  'mariadb-analyze-json',
] satisfies PlanFormat[]);

/** Sandbox files are named qNN-name.{explain,explain-extended,analyze}.{txt,tsv,json}. */
function sandboxFormat(file: string): PlanFormat {
  if (!file.endsWith('.json')) return 'classic';
  return file.includes('.analyze.') ? 'mariadb-analyze-json' : 'mariadb-json';
}

/** A plan output that is only a server message (`-> <not executable by iterator executor>`). */
export function serverMessage(text: string): string | undefined {
  return /^(?:EXPLAIN\n)?\s*-> (<[^<>\n]+>)\s*$/.exec(text)?.[1];
}

/** Every recorded plan (outputs that are only a server message are left out: see loadAllFixtures). */
export function loadFixtures(): Fixture[] {
  return loadAllFixtures().filter((f) => serverMessage(f.text) === undefined);
}

/** Every recorded output under `root` (test/fixtures/plan, or the shared corpus laid out the same way). */
export function loadAllFixtures(root = FIXTURE_ROOT): Fixture[] {
  const out: Fixture[] = [];
  const recorded = join(root, 'recorded');
  for (const folder of readdirSync(recorded).sort()) {
    if (!PLAN_FOLDERS.has(folder)) continue;
    for (const file of readdirSync(join(recorded, folder)).sort()) {
      const text = stripHeader(readFileSync(join(recorded, folder, file), 'utf8'));
      out.push({ name: `recorded/${folder}/${file}`, text, expected: folder as PlanFormat });
    }
  }
  const sandbox = join(root, 'mariadb-sandbox');
  for (const file of readdirSync(sandbox).sort()) {
    if (!/\.(?:explain|explain-extended|analyze)\.(?:txt|tsv|json)$/.test(file)) continue;
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
    // "Index range scan (Multi-Range Read) on t1": a qualifier may stand before "on".
    for (const m of text.matchAll(/(?:scan|lookup|search)(?: \([^()]*\))? on (`[^`]+`|<[^>]+>|[^\s(),]+)/g)) names.add(m[1].replace(/`/g, ''));
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

export interface SourceFigures {
  /** Every estimated row figure the output prints, as numbers (masked ones left out). */
  estimated: number[];
  /** Every actual row figure. */
  actual: number[];
  /** Operations the output names, by the op the model should give them (with counts). */
  operations: Map<string, number>;
  /** How many iterator lines (tree) or operation objects (JSON v2) the output has. */
  described: number;
}

const NUM = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const numbers = (text: string, re: RegExp): number[] => [...text.matchAll(re)].map((m) => Number(m[1]));

/** JSON keys that are operations of their own, and the op the model names them by. */
const JSON_OPS: Record<string, string[]> = {
  filesort: ['filesort'],
  temporary_table: ['temporary table'],
  window_functions_computation: ['window'],
  duplicates_removal: ['duplicates removal'],
  union_result: ['union'],
  intersect_result: ['intersect'],
  except_result: ['except'],
  recursive_union: ['recursive union'],
  rowid_filter: ['rowid filter'],
  read_sorted_file: ['read sorted file'],
  materialized: ['materialize'],
  'range-checked-for-each-record': ['range checked for each record'],
  ordering_operation: ['ordering', 'filesort'],
  grouping_operation: ['grouping'],
  windowing: ['window'],
  buffer_result: ['buffer result'],
  materialized_from_subquery: ['materialize'],
};

/** The figures and operations of a raw output, read with plain patterns, apart from the parsers. */
export function figuresInSource(text: string, format: PlanFormat): SourceFigures {
  const operations = new Map<string, number>();
  let estimated: number[] = [];
  let actual: number[] = [];
  let described = 0;
  if (format === 'mysql-tree' || format === 'mysql-analyze') {
    estimated = numbers(text, new RegExp(String.raw`\((?:cost=[^\s)]+ )?rows=(${NUM})\)`, 'g'));
    actual = numbers(text, new RegExp(String.raw`\(actual [^)]*?\brows=(${NUM})`, 'g'));
    described = text.split('\n').filter((l) => /^(?:\s*|\s*(?:EXPLAIN|ANALYZE): )-> /i.test(l)).length;
  } else if (format === 'classic') {
    ({ estimated, actual } = classicFigures(text));
  } else {
    estimated = numbers(text, new RegExp(String.raw`"(?:rows|rows_examined_per_scan|estimated_rows)":\s*(${NUM})\b`, 'g'));
    actual = numbers(text, new RegExp(String.raw`"(?:r_rows|actual_rows)":\s*(${NUM})\b`, 'g'));
    if (format === 'mysql-json2') described = (text.match(/"operation":\s*"/g) ?? []).length;
    for (const m of text.matchAll(/"([\w-]+)":\s*[{[]/g)) {
      const ops = JSON_OPS[m[1]];
      if (ops) operations.set(ops.join('|'), (operations.get(ops.join('|')) ?? 0) + 1);
    }
  }
  return { estimated, actual, operations, described };
}

const leadingNumber = (cell: string | undefined): number | undefined => {
  const m = new RegExp(`^\\s*(${NUM})(?:\\s*\\(|\\s*$)`).exec(cell ?? '');
  return m ? Number(m[1]) : undefined;
};

/** rows and r_rows of a classic output: box tables, TSV (with or without a header) or \G rows. */
function classicFigures(text: string): { estimated: number[]; actual: number[] } {
  const estimated: number[] = [];
  const actual: number[] = [];
  const push = (list: number[], v: number | undefined) => {
    if (v !== undefined) list.push(v);
  };
  let rowsAt = -1;
  let rrowsAt = -1;
  let width = 0;
  let border: number[] = [];
  for (const line of text.split('\n')) {
    if (/^\s*\+[-+]+\+\s*$/.test(line)) {
      border = [...line.matchAll(/\+/g)].map((m) => m.index ?? 0);
      continue;
    }
    const vertical = /^\s*(r_rows|rows): (.*)$/.exec(line);
    if (vertical) {
      push(vertical[1] === 'rows' ? estimated : actual, leadingNumber(vertical[2]));
      continue;
    }
    // Box rows are cut where the border has its "+", since a cell may hold "|" (MariaDB's "ref|filter").
    const cells = line.includes('\t')
      ? line.split('\t')
      : line.startsWith('|')
        ? border.slice(1).map((end, i) => line.slice(border[i] + 1, end).trim())
        : undefined;
    if (!cells) continue;
    if (cells.includes('select_type') && cells.includes('rows')) {
      rowsAt = cells.indexOf('rows');
      rrowsAt = cells.indexOf('r_rows');
      width = cells.length;
      continue;
    }
    if (cells[0] === 'Level' || /^(?:Note|Warning|Error)$/.test(cells[0])) continue;
    if (rowsAt < 0 && cells.length >= 10) {
      // A batch TSV without its header line: the servers' column layouts, by column count.
      const partitions =
        cells.length === 12 ||
        cells.length === 14 ||
        (cells.length === 11 &&
          !/^(?:ALL|index|range|ref|eq_ref|const|system|ref_or_null|index_merge|fulltext|unique_subquery|index_subquery|NULL)$/.test(cells[3]));
      push(estimated, leadingNumber(cells[partitions ? 9 : 8]));
      if (cells.length >= 13) push(actual, leadingNumber(cells[partitions ? 10 : 9]));
      continue;
    }
    if (rowsAt >= 0 && cells.length === width) {
      push(estimated, leadingNumber(cells[rowsAt]));
      if (rrowsAt >= 0) push(actual, leadingNumber(cells[rrowsAt]));
    }
  }
  return { estimated, actual };
}
