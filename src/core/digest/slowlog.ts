// A streaming reader of MySQL and MariaDB slow query logs. Feed it text in chunks of any size;
// it calls back once per logged statement and keeps only the statement being read.
//
// An entry is a run of header lines (`# Time:`, `# User@Host:`, `# Thread_id: … Schema: …`,
// `# Query_time: …`, MariaDB's `log_slow_verbosity` lines: `# Full_scan: …`, `# explain: …`,
// `# Pages_accessed: …`), optional `use db;` and `SET timestamp=N;` lines, then the statement,
// which may span many lines and ends at a line ending in `;` followed by the next entry's
// `# Time:` or `# User@Host:` line. (pt-query-digest ends it at any line starting with `#`, and
// so cuts a string literal holding `;` + newline + `#` in two; real entries always start so.) Server start banners (`… Version: … started with:`,
// `Tcp port:`, `Time Id Command Argument`) are dropped wherever they appear.

export interface SlowLogEvent {
  /** The statement as logged, without its final `;`, or `administrator command: X`. */
  query: string;
  queryTime: number;
  lockTime: number;
  rowsSent: number;
  rowsExamined: number;
  /** Seconds since the epoch (UTC) from `SET timestamp=`, else from `# Time:`; undefined when neither. */
  timestamp?: number;
  /** The default database: `use db;`, else MariaDB's `Schema:`. */
  db?: string;
  user?: string;
  host?: string;
  threadId?: number;
  admin: boolean;
  /** Every other `Name: value` header field (MariaDB: QC_hit, Rows_affected, Bytes_sent, Full_scan, Tmp_table_on_disk, …). */
  fields: Record<string, string>;
}

const FIELD = /(\w+):\s+(\S+|$)/g;
const USER_HOST = /^# User@Host: ([^[]+|\[[^[]+\]).*?@ (\S*) \[(.*?)\]\s*(?:Id:\s*(\d+))?/;
const MARIA_TIME = /^# Time: (\d\d)(\d\d)(\d\d) +(\d?\d):(\d\d):(\d\d)/;
const ISO_TIME = /^# Time: (\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?/;

function isBanner(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 84 /* T */) return line.startsWith('Tcp port:') || line.startsWith('TCP Port:') || /^Time\s+Id\s+Command/.test(line);
  if (c === 47 /* / */ || (c >= 65 && c <= 90)) return /mysqld|mariadbd|Version/.test(line) && /Version.*(?:started with:|embedded library)/.test(line);
  return false;
}

export class SlowLogReader {
  private rest = '';
  private header: string[] = [];
  private query: string[] = [];
  private inQuery = false;
  private readonly onEvent: (e: SlowLogEvent) => void;

  constructor(onEvent: (e: SlowLogEvent) => void) {
    this.onEvent = onEvent;
  }

  /** Feeds the next piece of the log. */
  push(chunk: string): void {
    const text = this.rest.length ? this.rest + chunk : chunk;
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      this.line(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    this.rest = text.slice(start);
  }

  /** The log is over: emits the last statement. */
  end(): void {
    if (this.rest.length) this.line(this.rest);
    this.rest = '';
    this.flush();
  }

  private line(line: string): void {
    if (isBanner(line)) return;
    if (this.inQuery) {
      // A statement ends at `;` at the end of a line followed by a header line.
      if (line.charCodeAt(0) === 35 /* # */ && (line.startsWith('# Time: ') || line.startsWith('# User@Host: ')) && this.query[this.query.length - 1]!.endsWith(';')) {
        this.flush();
        this.header.push(line);
        return;
      }
      this.query.push(line);
      return;
    }
    if (line.charCodeAt(0) === 35 || line.startsWith('use ') || /^SET (?:last_insert_id|insert_id|timestamp)/.test(line)) {
      if (line.startsWith('# administrator command:')) {
        this.header.push(line);
        this.flush();
        return;
      }
      this.header.push(line);
      return;
    }
    if (line.length === 0 && this.header.length === 0) return;
    this.inQuery = true;
    this.query.push(line);
  }

  private flush(): void {
    const header = this.header;
    const lines = this.query;
    this.header = [];
    this.query = [];
    this.inQuery = false;
    let admin = false;
    let query: string;
    if (lines.length) {
      query = lines.length === 1 ? lines[0]! : lines.join('\n');
      if (query.endsWith(';')) query = query.slice(0, -1);
    } else {
      const a = header.find((h) => h.startsWith('# administrator command:'));
      if (!a) return; // header lines with no statement (a truncated log)
      query = a.slice(2).replace(/;$/, '');
      admin = true;
    }
    this.onEvent(parseHeader(header, query, admin));
  }
}

function parseHeader(header: string[], query: string, admin: boolean): SlowLogEvent {
  const e: SlowLogEvent = { query, queryTime: 0, lockTime: 0, rowsSent: 0, rowsExamined: 0, admin, fields: {} };
  let logTime: number | undefined;
  for (const h of header) {
    if (h.startsWith('# Time:')) {
      logTime = parseLogTime(h);
    } else if (h.startsWith('# User@Host:')) {
      const m = USER_HOST.exec(h);
      if (m) {
        e.user = m[1]!.trim();
        e.host = m[2] || m[3] || '';
        if (m[4]) e.threadId = Number(m[4]);
      }
    } else if (h.startsWith('use ')) {
      e.db = h.slice(4).replace(/;\s*$/, '').replace(/^`(.*)`$/, '$1');
    } else if (h.startsWith('SET ')) {
      const t = /timestamp=(\d+)/.exec(h);
      if (t) e.timestamp = Number(t[1]);
    } else if (h.startsWith('# explain:') || h.startsWith('# administrator')) {
      continue;
    } else if (h.startsWith('# ')) {
      // `Schema: ` with an empty value is followed directly by the next field.
      const line = h.includes('Schema:') ? h.replace(/Schema:\s+(?=\w+: )/, 'Schema: - ') : h;
      FIELD.lastIndex = 0;
      for (let m = FIELD.exec(line); m; m = FIELD.exec(line)) {
        if (m[0].length === 0) { FIELD.lastIndex++; continue; }
        setField(e, m[1]!, m[2]!);
      }
    }
  }
  if (e.timestamp === undefined && logTime !== undefined) e.timestamp = logTime;
  return e;
}

function setField(e: SlowLogEvent, name: string, value: string): void {
  switch (name) {
    case 'Query_time': e.queryTime = Number(value) || 0; return;
    case 'Lock_time': e.lockTime = Number(value) || 0; return;
    case 'Rows_sent': e.rowsSent = Number(value) || 0; return;
    case 'Rows_examined': e.rowsExamined = Number(value) || 0; return;
    case 'Thread_id': case 'Id': e.threadId = Number(value); return;
    case 'Schema': if (value !== '-' && value !== '' && e.db === undefined) e.db = value; e.fields.Schema = value; return;
    default: e.fields[name] = value;
  }
}

/** MariaDB `# Time: 261201 20:07:41` (server local time, read as UTC) or MySQL `# Time: 2026-12-01T20:07:41.123456Z`. */
function parseLogTime(line: string): number | undefined {
  const m = MARIA_TIME.exec(line);
  if (m) return Date.UTC(2000 + Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  const i = ISO_TIME.exec(line);
  if (i) {
    const t = Date.parse(`${i[1]}T${i[2]}${i[3] ?? 'Z'}`);
    return Number.isNaN(t) ? undefined : t / 1000;
  }
  return undefined;
}
