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
  /** MariaDB's query-plan fields (`log_slow_verbosity=query_plan`: Full_scan, Filesort, …) when logged; also in `fields`. */
  plan?: Readonly<Record<string, string>>;
}

const FIELD = /(\w+):\s+(\S+|$)/g;
const USER_HOST = /^# User@Host: ([^[]+|\[[^[]+\]).*?@ (\S*) \[(.*?)\]\s*(?:Id:\s*(\d+))?/;
const MARIA_TIME = /^# Time: (\d\d)(\d\d)(\d\d) +(\d?\d):(\d\d):(\d\d)/;
const ISO_TIME = /^# Time: (\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)?/;

function isBanner(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (c === 84 /* T */)
    return text.startsWith('Tcp port:', start) || text.startsWith('TCP Port:', start) || /^Time\s+Id\s+Command/.test(text.slice(start, end));
  if (c === 47 /* / */ || (c >= 65 && c <= 90)) return /Version.*(?:started with:|embedded library)/.test(text.slice(start, end));
  return false;
}

export class SlowLogReader {
  private rest = '';
  /** The entry being read: its header lines are parsed as they arrive, in place in the chunk. */
  private e = new Entry();
  /** Header lines of the entry so far (a blank line before any is skipped, after one it is the statement). */
  private lines = 0;
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
      const c = text.charCodeAt(start);
      if (this.inQuery) {
        if (this.semi && (c === 35 /* # */ ? text.startsWith('# Time: ', start) || text.startsWith('# User@Host: ', start) : isBanner(text, start, end))) {
          // The next entry (or a server restart banner): the statement ended on the line before.
          this.parts.push(text.slice(qStart, qEnd));
          this.flush();
          qStart = -1;
          if (c === 35) this.header(text, start, end);
        } else {
          this.semi = text.charCodeAt(end - 1) === 59; /* ; */
          qEnd = end;
        }
      } else if (c === 35) {
        this.header(text, start, end);
      } else if (isBanner(text, start, end)) {
        // dropped wherever it appears
      } else if (c === 117 /* u */ && text.startsWith('use ', start)) {
        this.lines++;
        this.e.db = text
          .slice(start + 4, end)
          .replace(/;\s*$/, '')
          .replace(/^`(.*)`$/, '$1');
      } else if (
        c === 83 /* S */ &&
        (text.startsWith('SET timestamp', start) || text.startsWith('SET insert_id', start) || text.startsWith('SET last_insert_id', start))
      ) {
        this.lines++;
        const t = /timestamp=(\d+)/.exec(text.slice(start, end));
        if (t) this.e.timestamp = Number(t[1]);
      } else if (end > start || this.lines > 0) {
        this.inQuery = true;
        qStart = start;
        qEnd = end;
        this.semi = text.charCodeAt(end - 1) === 59;
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

  /** A `#` line of the entry's header, read where it lies in the chunk. */
  private header(text: string, start: number, end: number): void {
    this.lines++;
    const e = this.e;
    if (text.charCodeAt(start + 1) !== 32 /* space */) return; // `#` alone, or `#x`: nothing to read
    switch (text.charCodeAt(start + 2)) {
      case 81 /* Q */:
        if (text.startsWith('# Query_time: ', start)) {
          queryTimeLine(e, text, start, end);
          return;
        }
        break;
      case 84 /* T */:
        if (text.startsWith('# Thread_id: ', start)) {
          threadLine(e, text, start, end);
          return;
        }
        if (text.startsWith('# Time:', start)) {
          e.logTime = parseLogTime(text.slice(start, end));
          return;
        }
        break;
      case 85 /* U */:
        if (text.startsWith('# User@Host:', start)) {
          const line = text.slice(start, end);
          e.userHostLine = line;
          const id = line.lastIndexOf('Id:');
          if (id > 0) e.threadId = Number(line.slice(id + 3));
          return;
        }
        break;
      case 101 /* e */:
        if (text.startsWith('# explain:', start)) return;
        break;
      case 97 /* a */:
        if (text.startsWith('# administrator command:', start)) {
          e.adminLine = text.slice(start, end);
          this.flush();
          return;
        }
        if (text.startsWith('# administrator', start)) return;
        break;
      case 70 /* F */:
        if (text.startsWith('# Full_scan: ', start) || text.startsWith('# Filesort: ', start)) {
          planLine(e, text, start, end);
          return;
        }
        break;
    }
    e.lazy.push(text.slice(start, end));
  }

  private flush(): void {
    const e = this.e;
    const parts = this.parts;
    this.e = new Entry();
    this.parts = [];
    this.lines = 0;
    const hadQuery = this.inQuery;
    this.inQuery = false;
    this.semi = false;
    let query: string;
    if (hadQuery) {
      query = parts.length === 1 ? parts[0]! : parts.join('');
      if (query.endsWith('\n')) query = query.slice(0, -1); // a chunk ended right after the statement
      if (query.includes('\r')) query = query.replace(/\r\n/g, '\n');
      if (query.endsWith(';')) query = query.slice(0, -1);
    } else {
      if (e.adminLine === undefined) return; // header lines with no statement (a truncated log)
      query = e.adminLine.slice(2).replace(/;$/, '');
      e.admin = true;
    }
    e.query = query;
    if (e.timestamp === undefined && e.logTime !== undefined) e.timestamp = e.logTime;
    this.onEvent(e);
  }
}

/** The line every entry has, read with one regex; more fields after these (MySQL's log_slow_extra) go through the generic reader. */
function queryTimeLine(e: Entry, text: string, start: number, end: number): void {
  QUERY_TIME.lastIndex = start;
  const m = QUERY_TIME.exec(text);
  const colon = m ? text.indexOf(':', QUERY_TIME.lastIndex) : -1;
  if (m && (colon === -1 || colon >= end || !FIELD_NAME.test(text.slice(QUERY_TIME.lastIndex, end)))) {
    e.queryTime = fin(m[1]!);
    e.lockTime = fin(m[2]!);
    e.rowsSent = Number(m[3]);
    e.rowsExamined = Number(m[4]);
    return;
  }
  e.eagerLine(text.slice(start, end));
}

/** MariaDB's `# Thread_id: 14  Schema: sakila  QC_hit: No`. */
function threadLine(e: Entry, text: string, start: number, end: number): void {
  THREAD.lastIndex = start;
  const m = THREAD.exec(text);
  if (!m || THREAD.lastIndex !== end) {
    e.eagerLine(text.slice(start, end));
    return;
  }
  e.threadId = Number(m[1]);
  if (m[2] && e.db === undefined) e.db = m[2];
  e.eager.Schema = m[2]!;
  e.eager.QC_hit = m[3]!;
}

/** MariaDB's two query-plan lines, each with one sticky regex; anything else, field by field. */
function planLine(e: Entry, text: string, start: number, end: number): void {
  const re = text.charCodeAt(start + 4) === 117 /* u */ ? FULL_SCAN : FILESORT;
  re.lastIndex = start;
  const m = re.exec(text);
  if (m && re.lastIndex === end) {
    const names = re === FULL_SCAN ? FULL_SCAN_FIELDS : FILESORT_FIELDS;
    for (let i = 0; i < 4; i++) e.eager[names[i]!] = m[i + 1]!;
  } else {
    e.eagerLine(text.slice(start, end));
  }
  e.plan = e.eager;
}

/** Sticky: read at the line's start inside the chunk. */
const QUERY_TIME = /# Query_time: (\S+)\s+Lock_time: (\S+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+)/y;
const FIELD_NAME = /\w+:/;
const THREAD = /# Thread_id: (\d+)[ \t]+Schema: (\S*)[ \t]+QC_hit: (\S+)[ \t]*/y;
const FULL_SCAN = /# Full_scan: (\S+)[ \t]+Full_join: (\S+)[ \t]+Tmp_table: (\S+)[ \t]+Tmp_table_on_disk: (\S+)[ \t]*/y;
const FULL_SCAN_FIELDS = ['Full_scan', 'Full_join', 'Tmp_table', 'Tmp_table_on_disk'];
const FILESORT = /# Filesort: (\S+)[ \t]+Filesort_on_disk: (\S+)[ \t]+Merge_passes: (\S+)[ \t]+Priority_queue: (\S+)[ \t]*/y;
const FILESORT_FIELDS = ['Filesort', 'Filesort_on_disk', 'Merge_passes', 'Priority_queue'];

/** An entry whose rarely read fields are parsed when first read. */
class Entry implements SlowLogEvent {
  query = '';
  admin = false;
  queryTime = 0;
  lockTime = 0;
  rowsSent = 0;
  rowsExamined = 0;
  timestamp?: number;
  db?: string;
  threadId?: number;
  plan?: Record<string, string>;
  /** Fields read as their line arrives (Schema, QC_hit, the query-plan flags). */
  readonly eager: Record<string, string> = {};
  /** Header lines read only when `fields` is asked for. */
  readonly lazy: string[] = [];
  /** The `# Time:` line's time, used when there is no `SET timestamp=`. */
  logTime: number | undefined;
  adminLine: string | undefined;
  /** The `# User@Host:` line, read when user or host is asked for. */
  userHostLine: string | undefined;
  private parsed: Record<string, string> | undefined;
  private userHost: RegExpExecArray | null | undefined;

  get fields(): Record<string, string> {
    if (!this.parsed) {
      const f = this.eager;
      for (const line of this.lazy) readFields(line, f);
      this.parsed = f;
    }
    return this.parsed;
  }

  /** A header line whose fields count: every field now. */
  eagerLine(line: string): void {
    const f: Record<string, string> = {};
    readFields(line, f);
    for (const k in f) setField(this, this.eager, k, f[k]!);
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
    if (m[0].length === 0) {
      FIELD.lastIndex++;
      continue;
    }
    into[m[1]!] = m[2]!;
  }
}

/** A figure of the log; anything that is not a finite number counts as 0. */
function fin(v: string): number {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function setField(e: Entry, fields: Record<string, string>, name: string, value: string): void {
  switch (name) {
    case 'Query_time':
      e.queryTime = fin(value);
      return;
    case 'Lock_time':
      e.lockTime = fin(value);
      return;
    case 'Rows_sent':
      e.rowsSent = fin(value);
      return;
    case 'Rows_examined':
      e.rowsExamined = fin(value);
      return;
    case 'Thread_id':
    case 'Id':
      e.threadId = Number(value);
      return;
    case 'Schema':
      if (value !== '-' && value !== '' && e.db === undefined) e.db = value;
      fields.Schema = value;
      return;
    default:
      fields[name] = value;
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
