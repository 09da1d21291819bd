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
  if (c === 47 /* / */ || (c >= 65 && c <= 90)) return /Version.*(?:started with:|embedded library)/.test(line);
  return false;
}

function isMetaLine(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 35 /* # */) return true;
  if (c === 117 /* u */) return line.startsWith('use ');
  return c === 83 /* S */ && (line.startsWith('SET timestamp') || line.startsWith('SET insert_id') || line.startsWith('SET last_insert_id'));
}

export class SlowLogReader {
  private rest = '';
  private header: string[] = [];
  /** The statement's text from earlier chunks, when it spans chunks. */
  private parts: string[] = [];
  private inQuery = false;
  /** Did the statement's last line so far end with `;`? */
  private semi = false;
  private readonly onEvent: (e: SlowLogEvent) => void;

  constructor(onEvent: (e: SlowLogEvent) => void) {
    this.onEvent = onEvent;
  }

  /** Feeds the next piece of the log. */
  push(chunk: string): void {
    const text = this.rest.length ? this.rest + chunk : chunk;
    let start = 0;
    // Statement lines are not cut one by one: the statement is one slice of the chunk.
    let qStart = this.inQuery ? 0 : -1;
    let qEnd = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (this.inQuery) {
        const c = text.charCodeAt(start);
        if (this.semi && (c === 35 /* # */ ? text.startsWith('# Time: ', start) || text.startsWith('# User@Host: ', start) : isBanner(text.slice(start, end)))) {
          // The next entry (or a server restart banner): the statement ended on the line before.
          this.parts.push(text.slice(qStart, qEnd));
          this.flush();
          qStart = -1;
          if (c === 35) this.header.push(text.slice(start, end));
        } else {
          this.semi = text.charCodeAt(end - 1) === 59 /* ; */;
          qEnd = end;
        }
      } else {
        const line = text.slice(start, end);
        if (isBanner(line)) {
          // dropped wherever it appears
        } else if (isMetaLine(line)) {
          this.header.push(line);
          if (line.startsWith('# administrator command:')) this.flush();
        } else if (line.length > 0 || this.header.length > 0) {
          this.inQuery = true;
          qStart = start;
          qEnd = end;
          this.semi = text.charCodeAt(end - 1) === 59;
        }
      }
      start = nl + 1;
    }
    // Keep the statement's complete lines so far (with their line end); the partial line comes
    // back at the start of the next chunk.
    if (this.inQuery && qEnd < start) this.parts.push(text.slice(qStart, qEnd) + '\n');
    this.rest = text.slice(start);
  }

  /** The log is over: emits the last statement. */
  end(): void {
    if (this.rest.length) {
      const line = this.rest;
      this.rest = '';
      this.push(line + '\n');
    }
    this.flush();
  }

  private flush(): void {
    const header = this.header;
    const parts = this.parts;
    this.header = [];
    this.parts = [];
    const hadQuery = this.inQuery;
    this.inQuery = false;
    this.semi = false;
    let admin = false;
    let query: string;
    if (hadQuery) {
      query = parts.length === 1 ? parts[0]! : parts.join('');
      if (query.endsWith('\n')) query = query.slice(0, -1); // a chunk ended right after the statement
      if (query.includes('\r')) query = query.replace(/\r\n/g, '\n');
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

const QUERY_TIME = /^# Query_time: (\S+)\s+Lock_time: (\S+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+)/;
const THREAD = /^# Thread_id: (\d+)\s+Schema: (\S*)\s+QC_hit: (\S+)\s*$/;

/** An entry whose rarely read fields are parsed when first read. */
class Entry implements SlowLogEvent {
  queryTime = 0;
  lockTime = 0;
  rowsSent = 0;
  rowsExamined = 0;
  timestamp?: number;
  db?: string;
  threadId?: number;
  private parsed: Record<string, string> | undefined;
  private userHost: RegExpExecArray | null | undefined;

  /** The `# User@Host:` line, read when user or host is asked for. */
  userHostLine: string | undefined;

  constructor(readonly query: string, readonly admin: boolean, private readonly lazy: string[], private readonly eager: Record<string, string>) {}

  get fields(): Record<string, string> {
    if (!this.parsed) {
      const f = this.eager;
      for (const line of this.lazy) readFields(line, f);
      this.parsed = f;
    }
    return this.parsed;
  }

  private uh(): RegExpExecArray | null {
    if (this.userHost === undefined) this.userHost = this.userHostLine ? USER_HOST.exec(this.userHostLine) : null;
    return this.userHost;
  }

  get user(): string | undefined {
    return this.uh()?.[1]?.trim();
  }

  get host(): string | undefined {
    const m = this.uh();
    return m ? m[2] || m[3] || '' : undefined;
  }
}

function readFields(h: string, into: Record<string, string>): void {
  // `Schema: ` with an empty value is followed directly by the next field.
  const line = h.includes('Schema:') ? h.replace(/Schema:\s+(?=\w+: )/, 'Schema: - ') : h;
  FIELD.lastIndex = 0;
  for (let m = FIELD.exec(line); m; m = FIELD.exec(line)) {
    if (m[0].length === 0) { FIELD.lastIndex++; continue; }
    into[m[1]!] = m[2]!;
  }
}

/** Lines with the fields a digest counts are read at once; the others when asked for. */
const EAGER = /^# (?:Full_scan|Filesort|Thread_id|Query_time): /;

function parseHeader(header: string[], query: string, admin: boolean): SlowLogEvent {
  const lazy: string[] = [];
  const eager: Record<string, string> = {};
  const e = new Entry(query, admin, lazy, eager);
  let logTime: number | undefined;
  for (const h of header) {
    const c = h.charCodeAt(2);
    if (c === 81 /* Q */ && h.startsWith('# Query_time: ')) {
      // The line every entry has, read with one regex; the generic reader below is for the rest.
      const m = QUERY_TIME.exec(h);
      if (m && m.index === 0 && !/\w+:/.test(h.slice(m[0].length))) {
        e.queryTime = fin(m[1]!);
        e.lockTime = fin(m[2]!);
        e.rowsSent = Number(m[3]);
        e.rowsExamined = Number(m[4]);
        continue;
      }
    } else if (c === 84 /* T */ && h.startsWith('# Thread_id: ')) {
      const m = THREAD.exec(h);
      if (m) {
        e.threadId = Number(m[1]);
        if (m[2] && e.db === undefined) e.db = m[2];
        eager.Schema = m[2]!;
        eager.QC_hit = m[3]!;
        continue;
      }
    }
    if (h.startsWith('# Time:')) {
      logTime = parseLogTime(h);
    } else if (h.startsWith('# User@Host:')) {
      e.userHostLine = h;
      const id = h.lastIndexOf('Id:');
      if (id > 0) e.threadId = Number(h.slice(id + 3));
    } else if (h.startsWith('use ')) {
      e.db = h.slice(4).replace(/;\s*$/, '').replace(/^`(.*)`$/, '$1');
    } else if (h.startsWith('SET ')) {
      const t = /timestamp=(\d+)/.exec(h);
      if (t) e.timestamp = Number(t[1]);
    } else if (h.length < 3 || c === 101 /* e */ && h.startsWith('# explain:') || h.startsWith('# administrator')) {
      continue;
    } else if (h.startsWith('# ')) {
      if (!EAGER.test(h)) { lazy.push(h); continue; }
      const f: Record<string, string> = {};
      readFields(h, f);
      for (const k in f) setField(e, eager, k, f[k]!);
    }
  }
  if (e.timestamp === undefined && logTime !== undefined) e.timestamp = logTime;
  return e;
}

/** A figure of the log; anything that is not a finite number counts as 0. */
function fin(v: string): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function setField(e: Entry, fields: Record<string, string>, name: string, value: string): void {
  switch (name) {
    case 'Query_time': e.queryTime = fin(value); return;
    case 'Lock_time': e.lockTime = fin(value); return;
    case 'Rows_sent': e.rowsSent = fin(value); return;
    case 'Rows_examined': e.rowsExamined = fin(value); return;
    case 'Thread_id': case 'Id': e.threadId = Number(value); return;
    case 'Schema': if (value !== '-' && value !== '' && e.db === undefined) e.db = value; fields.Schema = value; return;
    default: fields[name] = value;
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
