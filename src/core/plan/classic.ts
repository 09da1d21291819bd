import { planNode, type Plan, type PlanNode } from './model';
import { PlanParseError } from './errors';
import { accessOp, isAccessType, num, pushUnique, str, strList } from './values';
import { cleanClientOutput, isBorder, isRowSeparator, parseBoxTables, parseVertical, unescapeBatch, type TextTable, type Warning } from './textTables';

// Classic tabular EXPLAIN (incl. EXTENDED / PARTITIONS and MariaDB tabular ANALYZE), built
// into a tree the way pt-visual-explain does it.

type Row = Record<string, unknown>;

const KNOWN = new Set(['id', 'select_type', 'table', 'type', 'possible_keys', 'key', 'key_len', 'ref', 'rows', 'filtered', 'extra', 'r_rows', 'r_filtered']);

function field(row: Row, name: string): unknown {
  if (name in row) return row[name];
  for (const k of Object.keys(row)) if (k.toLowerCase() === name) return row[k];
  return undefined;
}

/** One table node from one EXPLAIN row. */
function rowNode(row: Row): PlanNode {
  const extra = (str(field(row, 'extra')) ?? '')
    .split(/;\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  const table = str(field(row, 'table'));
  // MariaDB prints a rowid filter beside the access: type "ref|filter", key "a|b", rows "1000 (2%)".
  const filter = /^(.+)\|filter$/.exec(str(field(row, 'type')) ?? '');
  const type = filter ? filter[1] : str(field(row, 'type'));
  const op = type ? accessOp(type) : table ? 'table' : (extra[0] ?? 'no table');
  const node = planNode(op, { extra });
  if (table) node.table = table;
  if (type) node.accessType = type;
  const possible = strList(field(row, 'possible_keys'));
  if (possible) node.possibleKeys = possible;
  const [key, filterKey] = (str(field(row, 'key')) ?? '').split('|');
  if (key) node.key = key;
  const [keyLen, filterKeyLen] = (str(field(row, 'key_len')) ?? '').split('|');
  if (keyLen) node.keyLen = keyLen;
  const ref = str(field(row, 'ref'));
  if (ref) node.ref = ref;
  const rows = withPercent(field(row, 'rows'));
  const rrows = withPercent(field(row, 'r_rows'));
  node.rowsEstimated = rows.value;
  node.rowsActual = rrows.value;
  if (filter) {
    const f = planNode('rowid filter');
    if (filterKey) f.key = filterKey;
    if (filterKeyLen) f.keyLen = filterKeyLen;
    if (rows.pct !== undefined) f.filtered = rows.pct;
    if (rrows.pct !== undefined) f.filteredActual = rrows.pct;
    node.children.push(f);
  }
  node.filtered = num(field(row, 'filtered'));
  node.filteredActual = num(field(row, 'r_filtered'));
  node.selectId = num(field(row, 'id'));
  const st = str(field(row, 'select_type'));
  if (st) node.selectType = st;
  for (const [k, v] of Object.entries(row)) {
    if (KNOWN.has(k.toLowerCase())) continue;
    const s = str(v);
    if (s !== undefined) (node.details ??= {})[k] = s;
  }
  for (const k of Object.keys(node) as Array<keyof PlanNode>) if (node[k] === undefined) delete node[k];
  return node;
}

/** "1000 (2%)": the rows and, with a rowid filter, the filter's selectivity. */
function withPercent(v: unknown): { value?: number; pct?: number } {
  const m = /^\s*(\S+)\s*\(([\d.]+)%\)\s*$/.exec(typeof v === 'string' ? v : '');
  return m ? { value: num(m[1]), pct: num(m[2]) } : { value: num(v) };
}

interface Select {
  id: number | undefined;
  key: string;
  rows: PlanNode[];
  plan?: PlanNode;
  building?: boolean;
}

/** `<derived2>`, `<subquery3>`, `<union1,2,...,5>` → the kind and the select ids it reads. */
function reference(table: string | undefined): { kind: string; ids: number[] } | undefined {
  const m = /^<(derived|subquery|union|intersect|except|materialize)([\d,.\s]+)>$/i.exec(table ?? '');
  if (!m) return undefined;
  const ids: number[] = [];
  const parts = m[2].split(',').map((p) => p.trim());
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '...' && i > 0 && i + 1 < parts.length) {
      // MySQL abbreviates long unions as <union1,2,3,...,9>.
      const from = ids[ids.length - 1] + 1;
      const to = Number(parts[i + 1]);
      for (let k = from; k < to && ids.length < 10_000; k++) ids.push(k);
    } else if (/^\d+$/.test(parts[i])) ids.push(Number(parts[i]));
  }
  return { kind: m[1].toLowerCase(), ids };
}

/** Rows of one select id form one select; UNION RESULT rows (id NULL) stand alone. */
function groupSelects(nodes: PlanNode[]): { selects: Select[]; byId: Map<number, Select> } {
  const selects: Select[] = [];
  const byId = new Map<number, Select>();
  for (const n of nodes) {
    const id = n.selectId;
    let sel = id === undefined ? undefined : byId.get(id);
    if (!sel) {
      sel = { id, key: id === undefined ? `null${selects.length}` : String(id), rows: [] };
      selects.push(sel);
      if (id !== undefined) byId.set(id, sel);
    }
    sel.rows.push(n);
  }
  return { selects, byId };
}

/** Puts each select's rows together, its derived tables, subqueries and union members under them; each select is used once. */
class SelectTree {
  /** A union result stands for its first member wherever that member is referenced. */
  private readonly unionFor = new Map<number, Select>();
  readonly consumed = new Set<Select>();

  constructor(
    selects: Select[],
    private readonly byId: Map<number, Select>,
  ) {
    for (const sel of selects) {
      const ref = sel.id === undefined ? reference(sel.rows[0].table) : undefined;
      if (ref && ref.kind !== 'derived' && ref.kind !== 'subquery' && ref.ids.length) this.unionFor.set(ref.ids[0], sel);
    }
  }

  /** The plan of select `id` where a row reads it (`<derived2>`), or of a union member (no union result in its place). */
  private take(id: number, member: boolean): PlanNode | undefined {
    const sel = (member ? undefined : this.unionFor.get(id)) ?? this.byId.get(id);
    if (!sel || sel.building || this.consumed.has(sel)) return undefined;
    this.consumed.add(sel);
    return this.build(sel);
  }

  build(sel: Select): PlanNode {
    if (sel.plan) return sel.plan;
    sel.building = true;
    for (const n of sel.rows) {
      const ref = reference(n.table);
      if (!ref) continue;
      const reads = ref.kind === 'derived' || ref.kind === 'subquery' || ref.kind === 'materialize';
      if (!reads && sel.id !== undefined) continue;
      if (!reads) n.op = ref.kind === 'union' ? 'union' : ref.kind;
      for (const id of ref.ids) {
        const child = this.take(id, !reads);
        if (child) n.children.push(child);
      }
    }
    sel.plan = joinRows(sel.rows, sel.id === undefined);
    sel.building = false;
    return sel.plan;
  }
}

/** Builds the pt-visual-explain style tree from rows in EXPLAIN order. */
export function fromClassicRows(rows: Row[]): PlanNode {
  if (!Array.isArray(rows) || rows.length === 0) throw new PlanParseError('No EXPLAIN rows');
  const nodes = rows.map((r) => {
    if (typeof r !== 'object' || r === null) throw new PlanParseError('EXPLAIN row is not an object');
    return rowNode(r);
  });
  const { selects, byId } = groupSelects(nodes);
  const tree = new SelectTree(selects, byId);
  for (const sel of selects) tree.build(sel);
  // Subqueries nobody references hang under the nearest earlier select with a smaller id.
  const roots: PlanNode[] = [];
  selects.forEach((sel, i) => {
    if (tree.consumed.has(sel)) return;
    const plan = tree.build(sel);
    const parent =
      sel.id === undefined
        ? undefined
        : selects
            .slice(0, i)
            .reverse()
            .find((p) => p.id !== undefined && p.id < sel.id! && p.plan);
    if (parent?.plan) {
      tree.consumed.add(sel);
      parent.plan.children.push(subqueryNode(sel, plan));
    } else roots.push(plan);
  });
  if (roots.length === 1) return roots[0];
  return planNode('query', { children: roots });
}

function subqueryNode(sel: Select, plan: PlanNode): PlanNode {
  const first = sel.rows[0];
  const node = planNode('subquery', { children: [plan] });
  if (sel.id !== undefined) node.selectId = sel.id;
  if (first.selectType) node.selectType = first.selectType;
  return node;
}

/**
 * Left-deep nested loops in table order; "Using temporary"/"Using filesort" on the first
 * table really apply to the whole select, so they wrap the join.
 */
function joinRows(rows: PlanNode[], setResult: boolean): PlanNode {
  let tree = rows[0];
  for (let i = 1; i < rows.length; i++) {
    const join = planNode('nested loop', { children: [tree, rows[i]] });
    if (rows[i].extra.some((e) => /^Using join buffer/i.test(e))) pushUnique(join.extra, 'Using join buffer');
    tree = join;
  }
  const first = rows[0];
  // A UNION RESULT row's "Using temporary" is the union's own table, not a wrapper.
  if (setResult) return tree;
  const wrap = (flag: RegExp, op: string): void => {
    const idx = first.extra.findIndex((e) => flag.test(e));
    if (idx < 0) return;
    tree = planNode(op, { children: [tree], extra: [first.extra[idx]] });
    if (first.selectId !== undefined) tree.selectId = first.selectId;
  };
  wrap(/^Using temporary/i, 'temporary table');
  wrap(/^Using filesort/i, 'filesort');
  return tree;
}

// ---------- text ----------

const HEADER_NAMES = ['id', 'select_type', 'table', 'type'];

/** Column lists the servers print, by column count, for TSV without a header line. */
function guessColumns(cells: string[]): string[] | undefined {
  const base = ['id', 'select_type', 'table', 'type', 'possible_keys', 'key', 'key_len', 'ref', 'rows'];
  switch (cells.length) {
    case 10:
      return [...base, 'Extra'];
    case 11:
      return isAccessType(cells[3]) || cells[3] === 'NULL'
        ? [...base, 'filtered', 'Extra']
        : ['id', 'select_type', 'table', 'partitions', ...base.slice(3), 'Extra'];
    case 12:
      return ['id', 'select_type', 'table', 'partitions', ...base.slice(3), 'filtered', 'Extra'];
    case 13:
      return [...base, 'r_rows', 'filtered', 'r_filtered', 'Extra'];
    case 14:
      return ['id', 'select_type', 'table', 'partitions', ...base.slice(3), 'r_rows', 'filtered', 'r_filtered', 'Extra'];
    default:
      return undefined;
  }
}

const isPlanHeader = (cols: string[]): boolean => HEADER_NAMES.filter((h) => cols.some((c) => c.toLowerCase() === h)).length >= 3;
const isWarningHeader = (cols: string[]): boolean => cols.length === 3 && cols[0].toLowerCase() === 'level' && cols[2].toLowerCase() === 'message';

function toRecords(table: TextTable): Row[] {
  return table.rows.map((cells) => {
    const row: Row = {};
    table.columns.forEach((c, i) => {
      row[c] = cells[i] === undefined || cells[i] === 'NULL' ? null : cells[i];
    });
    return row;
  });
}

function tsvTables(lines: string[]): TextTable[] {
  const tables: TextTable[] = [];
  let cur: TextTable | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const cells = line.split('\t').map(unescapeBatch);
    if (isPlanHeader(cells) || isWarningHeader(cells)) {
      cur = { columns: cells, rows: [] };
      tables.push(cur);
      continue;
    }
    if (cells.length === 3 && /^(Note|Warning|Error)$/.test(cells[0]) && /^\d+$/.test(cells[1])) {
      if (!cur || !isWarningHeader(cur.columns)) {
        cur = { columns: ['Level', 'Code', 'Message'], rows: [] };
        tables.push(cur);
      }
      cur.rows.push(cells);
      continue;
    }
    if (!cur || cur.columns.length !== cells.length || isWarningHeader(cur.columns)) {
      const cols = guessColumns(cells);
      if (!cols) throw new PlanParseError(`Unrecognized EXPLAIN row with ${cells.length} tab-separated columns`);
      cur = { columns: cols, rows: [] };
      tables.push(cur);
    }
    cur.rows.push(cells);
  }
  return tables;
}

function verticalTables(lines: string[]): TextTable[] {
  const tables: TextTable[] = [];
  for (const pairs of parseVertical(lines)) {
    const columns = pairs.map(([k]) => k);
    const cells = pairs.map(([, v]) => v.trim());
    const last = tables[tables.length - 1];
    if (last && last.columns.join('\t') === columns.join('\t')) last.rows.push(cells);
    else tables.push({ columns, rows: [cells] });
  }
  return tables;
}

/** Reads a pasted classic EXPLAIN (box, \G or TSV), with SHOW WARNINGS notes if present. */
export function parseClassicText(text: string): Plan {
  const { lines, warnings } = cleanClientOutput(text);
  return parseClassicLines(lines, warnings);
}

/** Same as parseClassicText for lines already through cleanClientOutput. */
export function parseClassicLines(lines: string[], warnings: Warning[] = []): Plan {
  let tables: TextTable[];
  if (lines.some(isBorder)) tables = parseBoxTables(lines);
  else if (lines.some(isRowSeparator)) tables = verticalTables(lines);
  else tables = tsvTables(lines);
  const rows: Row[] = [];
  const notes: Warning[] = [...warnings];
  for (const t of tables) {
    if (isWarningHeader(t.columns)) {
      for (const r of t.rows) notes.push({ level: r[0] ?? '', code: r[1] ?? '', message: r[2] ?? '' });
    } else if (isPlanHeader(t.columns)) rows.push(...toRecords(t));
  }
  if (rows.length === 0) throw new PlanParseError('No classic EXPLAIN rows found');
  const root = fromClassicRows(rows);
  attachWarnings(root, notes);
  return { format: 'classic', root };
}

export function attachWarnings(root: PlanNode, notes: Warning[]): void {
  if (notes.length === 0) return;
  const details = (root.details ??= {});
  const other = details.warnings ? details.warnings.split('\n') : [];
  for (const n of notes) {
    if (n.code === '1003') details.rewrittenQuery = n.message.trim();
    else {
      const line = `${n.level} ${n.code}: ${n.message.trim()}`;
      if (!other.includes(line)) other.push(line);
    }
  }
  if (other.length) details.warnings = other.join('\n');
}
