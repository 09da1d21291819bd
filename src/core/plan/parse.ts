import { type Plan, type PlanNode } from './model';
import { MAX_PLAN_DEPTH, MAX_PLAN_NODES, MAX_PLAN_TEXT, PlanParseError } from './errors';
import { attachWarnings, fromClassicRows, parseClassicLines } from './classic';
import { detectJsonFormat, scanJson } from './detect';
import { fromMariaJson } from './mariaJson';
import { fromMysqlJson, fromMysqlJson2 } from './mysqlJson';
import { cleanClientOutput, isBorder, isRowSeparator, parseBoxTables, parseVertical, unescapeBatch, type Warning } from './textTables';
import { parseTreeLines, parseTreeText } from './tree';
import { isObject } from './values';

// Entry points: any pasted EXPLAIN text, or JSON the driver already parsed.

const HEADER_WORD = /^(?:EXPLAIN|ANALYZE|QUERY PLAN|\w+)$/i;
/** `SELECT @plan` after `EXPLAIN FORMAT=JSON INTO @plan`: a user variable names the column. */
const USER_VAR = /^@(?:\w[\w$.]*|`[^`]+`|'[^']+'|"[^"]+")$/;
/** The header line of a result set whose first column is a user variable (`@v1\tJSON_VALID(@v1)`). */
const USER_VAR_HEADER = /^@(?:\w[\w$.]*|`[^`]+`|'[^']+'|"[^"]+")(?:\t.*)?$/;
const VALUE_PREFIX = /^(?:EXPLAIN|ANALYZE)\s*:\s?/i;

/** Auto-detects the format of pasted EXPLAIN output and reads it into one model. */
export function parsePlanText(text: string): Plan {
  if (typeof text !== 'string') throw new PlanParseError('Plan text must be a string');
  if (text.length > MAX_PLAN_TEXT) {
    throw new PlanParseError(`Plan text is too large (${text.length} chars, limit ${MAX_PLAN_TEXT})`);
  }
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return guarded(() => parseText(unix.replace(/^\uFEFF/, ''), 0, []));
}

/** Reads a plan already parsed from JSON (or rows/strings as the mysql2 driver returns them). */
export function parsePlanJson(obj: unknown): Plan {
  return guarded(() => fromJsonValue(obj, false, 0));
}

function guarded(run: () => Plan): Plan {
  let plan: Plan;
  try {
    plan = run();
  } catch (e) {
    if (e instanceof PlanParseError) throw e;
    if (e instanceof RangeError) throw new PlanParseError('Plan is too deeply nested or too large to read');
    const msg = e instanceof Error ? e.message : String(e);
    throw new PlanParseError(`Internal error while reading plan: ${msg}`);
  }
  checkShape(plan.root);
  return plan;
}

/** Walks without recursion so later consumers (renderers, tests) get bounded trees. */
function checkShape(root: PlanNode): void {
  const stack: Array<[PlanNode, number]> = [[root, 0]];
  let count = 0;
  while (stack.length) {
    const [node, depth] = stack.pop() as [PlanNode, number];
    if (++count > MAX_PLAN_NODES) throw new PlanParseError(`Plan has more than ${MAX_PLAN_NODES} nodes`);
    if (depth > MAX_PLAN_DEPTH) throw new PlanParseError(`Plan is nested deeper than ${MAX_PLAN_DEPTH} levels`);
    for (const c of node.children) stack.push([c, depth + 1]);
  }
}

function parseText(text: string, nesting: number, warnings: Warning[]): Plan {
  if (nesting > 4) throw new PlanParseError('Plan text is wrapped too many times');
  const cleaned = cleanClientOutput(text);
  warnings.push(...cleaned.warnings);
  const lines = cleaned.lines;
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new PlanParseError('Plan text is empty');
  const first = lines[0].trim();
  // Joined only by the branches that need it: a huge paste of rows should not be copied again.
  const body = (): string => lines.join('\n');

  if (isBorder(first)) {
    const tables = parseBoxTables(lines);
    const single = tables.find((t) => t.columns.length === 1);
    if (single && single.rows.length && !tables.some((t) => t.columns.length > 3)) {
      collectWarnings(tables, warnings);
      return finish(parseText(single.rows[0][0], nesting + 1, warnings), warnings);
    }
    return finish(parseClassicLines(lines), warnings);
  }
  if (isRowSeparator(first)) {
    const rows = parseVertical(lines);
    const head = rows[0]?.[0];
    if (head && (/^(?:EXPLAIN|ANALYZE)$/i.test(head[0]) || USER_VAR.test(head[0]))) {
      for (const r of rows.slice(1)) warningFromPairs(r, warnings);
      return finish(parseText(head[1], nesting + 1, warnings), warnings);
    }
    return finish(parseClassicLines(lines), warnings);
  }
  if (VALUE_PREFIX.test(first) && !first.includes('\t')) {
    return parseText(body().replace(/^\s*(?:EXPLAIN|ANALYZE)\s*:\s?/i, ''), nesting + 1, warnings);
  }
  if ((HEADER_WORD.test(first) || USER_VAR_HEADER.test(first)) && lines.length > 1 && /^\s*(?:\{|\[|->)/.test(lines[1])) {
    return parseText(lines.slice(1).join('\n'), nesting + 1, warnings);
  }
  if (first.startsWith('{') || first.startsWith('[')) return finish(parseJsonText(body(), warnings), warnings);
  if (first.startsWith('->')) {
    // Batch mode prints the whole tree in one cell with \n escapes.
    if (lines.length === 1 && first.includes('\\n')) return finish(parseTreeText(unescapeBatch(first)), warnings);
    return finish(parseTreeLines(lines), warnings);
  }
  if (first.includes('\t') || /\bselect_type\b/.test(first)) return finish(parseClassicLines(lines), warnings);
  throw new PlanParseError(`Unrecognized plan text starting with "${first.slice(0, 40)}"`);
}

function parseJsonText(body: string, warnings: Warning[]): Plan {
  let text = body;
  const firstLine = body.split('\n', 1)[0];
  if (!body.includes('\n') || (firstLine.includes('\\n') && /\\n\s*"/.test(firstLine))) {
    // A batch-mode cell: one line with \n escapes (and \\ for backslashes).
    if (body.includes('\\n') || body.includes('\\\\')) text = unescapeBatch(body);
  }
  const scan = scanJson(text);
  let obj: unknown;
  try {
    obj = JSON.parse(scan.json);
  } catch (e) {
    throw new PlanParseError(`Invalid JSON plan: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (scan.rest.trim()) collectWarnings(parseBoxTables(scan.rest.split('\n')), warnings);
  return fromJsonValue(obj, scan.hadComments, 0);
}

function fromJsonValue(obj: unknown, hadComments: boolean, nesting: number): Plan {
  if (nesting > 4) throw new PlanParseError('Plan value is wrapped too many times');
  if (typeof obj === 'string') return parseText(obj, nesting + 1, []);
  if (Array.isArray(obj)) {
    // mysql2 result rows: classic rows, or one row holding the EXPLAIN text/JSON.
    if (obj.length === 0) throw new PlanParseError('Empty plan array');
    if (obj.every(isObject) && obj.some((r) => 'select_type' in r || 'table' in r)) {
      return { format: 'classic', root: fromClassicRows(obj) };
    }
    if (obj.length === 1) return fromJsonValue(obj[0], hadComments, nesting + 1);
    throw new PlanParseError('Plan array is neither EXPLAIN rows nor a single plan');
  }
  if (isObject(obj)) {
    const keys = Object.keys(obj);
    if (keys.length === 1 && /^(?:EXPLAIN|ANALYZE)$/i.test(keys[0])) return fromJsonValue(obj[keys[0]], hadComments, nesting + 1);
  }
  const format = detectJsonFormat(obj, hadComments);
  switch (format) {
    case 'mysql-json2':
      return { format, root: fromMysqlJson2(obj) };
    case 'mysql-json':
      return { format, root: fromMysqlJson(obj) };
    default:
      return { format, root: fromMariaJson(obj) };
  }
}

function collectWarnings(tables: ReturnType<typeof parseBoxTables>, warnings: Warning[]): void {
  for (const t of tables) {
    if (t.columns.length === 3 && /^level$/i.test(t.columns[0])) {
      for (const r of t.rows) warnings.push({ level: r[0] ?? '', code: r[1] ?? '', message: r[2] ?? '' });
    }
  }
}

function warningFromPairs(pairs: Array<[string, string]>, warnings: Warning[]): void {
  const get = (k: string) => pairs.find(([key]) => key.toLowerCase() === k)?.[1].trim();
  const code = get('code');
  const message = get('message');
  if (code && message !== undefined) warnings.push({ level: get('level') ?? 'Note', code, message });
}

function finish(plan: Plan, warnings: Warning[]): Plan {
  attachWarnings(plan.root, warnings);
  return plan;
}
