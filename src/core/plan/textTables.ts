// Reading what the mysql/mariadb clients print: box tables, \G rows, batch TSV.

export interface Warning {
  level: string;
  code: string;
  message: string;
}

export interface Cleaned {
  lines: string[];
  /** "Note (Code 1003): ..." lines printed by the client with \W. */
  warnings: Warning[];
}

const PROMPT = /^(?:mysql|mariadb|MariaDB \[[^\]]*\]|MySQL \[[^\]]*\]|MySQL(?: [\w.:-]+)*? (?:JS|SQL|Py)|[\w.-]+@[\w.-]+ \[[^\]]*\])>\s?/i;
const ECHO_CONT = /^\s*(?:->|'>|">|`>|\/\*>)\s?/;
const ENDS_STATEMENT = /(?:;|\\G|\\g)\s*$/;
const FOOTER = /^(?:\d+ rows? in set|Empty set|Query OK|Rows matched:|Records:|Bye$|\(\d+(?:\.\d+)? sec\)$)/i;
const CLIENT_WARNING = /^(Note|Warning|Error) \(Code (\d+)\): (.*)$/;

/** Drops prompts with the echoed statement, result footers and client warning lines. */
export function cleanClientOutput(text: string): Cleaned {
  // Kept lines are compacted into the split array itself: no second array for huge pastes.
  const lines = text.split('\n');
  let kept = 0;
  const warnings: Warning[] = [];
  let inEcho = false;
  for (const raw of lines) {
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (inEcho) {
      if (ECHO_CONT.test(line)) {
        inEcho = !ENDS_STATEMENT.test(line);
        continue;
      }
      inEcho = false;
    }
    // Cheap first-character checks keep huge pastes fast; most lines are plan lines.
    const c = line.charAt(0);
    const prompt = /[A-Za-z]/.test(c) && line.includes('>') ? PROMPT.exec(line) : null;
    if (prompt) {
      const rest = line.slice(prompt[0].length);
      inEcho = rest.trim() !== '' && !ENDS_STATEMENT.test(rest);
      continue;
    }
    // Footers and client warnings never hold a tab; batch rows always do.
    if (/[\dEQRB(NW]/.test(c) && !line.includes('\t')) {
      const t = line.trim();
      if (FOOTER.test(t)) continue;
      const w = CLIENT_WARNING.exec(t);
      if (w) {
        warnings.push({ level: w[1], code: w[2], message: w[3] });
        continue;
      }
    }
    lines[kept++] = line;
  }
  lines.length = kept;
  return { lines, warnings };
}

export interface TextTable {
  columns: string[];
  rows: string[][];
}

const BORDER = /^\s*\+(?:-+\+)+\s*$/;
export const isBorder = (line: string): boolean => BORDER.test(line);

function splitBoxLine(line: string, border: string): string[] {
  const cuts: number[] = [];
  for (let i = border.indexOf('+'); i >= 0; i = border.indexOf('+', i + 1)) cuts.push(i);
  const fits = cuts.every((c) => line[c] === '|');
  if (fits) {
    const cells: string[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) cells.push(line.slice(cuts[i] + 1, cuts[i + 1]).trim());
    return cells;
  }
  // Wide values (multi-byte text, edited pastes): fall back to splitting on bars.
  const t = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return t.split('|').map((c) => c.trim());
}

/** Reads every box table in the lines. A one-column table keeps its multi-line cell whole. */
export function parseBoxTables(lines: string[]): TextTable[] {
  const tables: TextTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isBorder(lines[i]) || i + 2 >= lines.length || !isBorder(lines[i + 2])) {
      i++;
      continue;
    }
    const border = lines[i].trimEnd();
    const columns = splitBoxLine(lines[i + 1], border);
    i += 3;
    const body: string[] = [];
    while (i < lines.length && !(isBorder(lines[i]) && lines[i].trim() === border.trim())) body.push(lines[i++]);
    i++;
    if (columns.length === 1) {
      tables.push({ columns, rows: singleColumnRows(body) });
      continue;
    }
    const rows: string[][] = [];
    for (const line of body) {
      if (line.trimStart().startsWith('|')) rows.push(splitBoxLine(line, border));
      else if (rows.length) {
        const last = rows[rows.length - 1];
        last[last.length - 1] += '\n' + line;
      }
    }
    tables.push({ columns, rows });
  }
  return tables;
}

/** Cells of a one-column box: a row starts with "| "; later lines of a multi-line cell are bare. */
function singleColumnRows(body: string[]): string[][] {
  const rows: string[][] = [];
  let cur: string[] | undefined;
  for (const line of body) {
    if (/^\s*\|\s?/.test(line) && (cur === undefined || /\|\s*$/.test(cur[cur.length - 1] ?? ''))) {
      if (cur) rows.push([finishCell(cur)]);
      cur = [line.replace(/^\s*\|\s?/, '')];
    } else if (cur) cur.push(line);
    else cur = [line];
  }
  if (cur) rows.push([finishCell(cur)]);
  return rows;
}

function finishCell(lines: string[]): string {
  const last = lines.length - 1;
  lines[last] = lines[last].replace(/\s*\|\s*$/, '');
  return lines.join('\n').replace(/\s+$/, '');
}

const ROW_SEPARATOR = /^\*+\s*\d+\.\s*row\s*\*+\s*$/;
export const isRowSeparator = (line: string): boolean => ROW_SEPARATOR.test(line.trim());

/** Reads \G output into one record per row (keys in order). */
export function parseVertical(lines: string[]): Array<Array<[string, string]>> {
  const rows: Array<Array<[string, string]>> = [];
  let cur: Array<[string, string]> | undefined;
  let whole = false;
  for (const line of lines) {
    if (isRowSeparator(line)) {
      cur = [];
      whole = false;
      rows.push(cur);
      continue;
    }
    if (!cur) {
      if (line.trim() === '') continue;
      cur = [];
      rows.push(cur);
    }
    const kv = /^\s*([A-Za-z_][\w ]*?|@(?:\w[\w$.]*|`[^`]+`)):(?: (.*))?$/.exec(line);
    if (kv && !whole) {
      cur.push([kv[1], kv[2] ?? '']);
      // EXPLAIN/ANALYZE (or a user variable holding a plan) hold one JSON or tree text: every later line belongs to it.
      if (cur.length === 1 && (/^(?:EXPLAIN|ANALYZE)$/i.test(kv[1]) || (kv[1].startsWith('@') && /^\s*(?:[{[]|->)/.test(kv[2] ?? '')))) whole = true;
    } else if (cur.length) {
      cur[cur.length - 1][1] += '\n' + line;
    }
  }
  return rows.filter((r) => r.length > 0);
}

/** Undoes batch-mode escaping (\n, \t, \\, \0) of one TSV cell. */
export function unescapeBatch(cell: string): string {
  return cell.replace(/\\(.)/g, (m, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '0':
        return '\0';
      case '\\':
        return '\\';
      default:
        return m;
    }
  });
}
