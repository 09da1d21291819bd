/**
 * A SHOW SESSION STATUS result: variable name -> raw value, in server order. A variable that is
 * not in it reads as 0: snapshots are taken with STATUS_SQL, which leaves out the zeros.
 */
export type StatusSnapshot = Map<string, string>;

/**
 * The snapshot statement. Of about 560 variables, about 110 are not 0 after FLUSH STATUS, and
 * reading all of them cold cost a short-lived `mqt` about 10 ms per statement analysed (three
 * snapshots). The filter's own work (MariaDB counts each variable it reads as Rows_tmp_read) is
 * the same at every snapshot, so the observation cost takes it out as it takes out the rest.
 */
export const STATUS_SQL = "SHOW SESSION STATUS WHERE Value <> '0'";

export interface StatusRow {
  Variable_name: string;
  Value: string | number | null;
}

export function snapshotFromRows(rows: readonly StatusRow[]): StatusSnapshot {
  const snap: StatusSnapshot = new Map();
  for (const r of rows) snap.set(r.Variable_name, r.Value === null ? '' : String(r.Value));
  return snap;
}

/**
 * Bytes the text protocol spends on the rows of a SHOW STATUS result: per row a 4-byte
 * header plus each value as a length-encoded string. The column definitions and the end
 * packet do not depend on the values, so two snapshots of the same server differ by
 * exactly the difference of this figure. Used to make the Bytes_sent correction exact.
 */
export function rowWireBytes(snap: StatusSnapshot): number {
  let total = 0;
  for (const [name, value] of snap) total += 4 + lenEnc(Buffer.byteLength(name)) + lenEnc(Buffer.byteLength(value));
  return total;
}

function lenEnc(n: number): number {
  if (n < 251) return 1 + n;
  if (n < 1 << 16) return 3 + n;
  if (n < 1 << 24) return 4 + n;
  return 9 + n;
}

/**
 * Counters that SHOW SESSION STATUS reports but that are global, or that move on their own
 * (times, memory, uptime): a diff of them says nothing about the statement.
 */
const NOISE = [
  /^Innodb_/,
  /^Aria_/,
  /^Binlog_/,
  /^Key_blocks_/,
  /^Qcache_/,
  /^Threads_/,
  /^Ssl_/,
  /^wsrep/i,
  /^Rpl_/,
  /^Slave_/,
  /^Open(ed)?_/,
  /^Uptime/,
  /^Connections$/,
  /^Aborted_/,
  /^Max_used_connections/,
  /^Memory_used/,
  /^Max_memory_used$/,
  /^Query_time$/,
  /^Stack_usage$/,
  /^Queries$/,
  /^Tc_log_/,
  /^Feature_/,
  /^Performance_schema_/,
  /^Resultset_metadata_skipped$/,
  /^Busy_time$/,
  /^Cpu_time$/,
  /^Last_query_cost$/,
  /^Compression$/,
  /^Delayed_/,
  /^Not_flushed_delayed_rows$/,
  /^Executed_/,
  /^Column_compressions$/,
  /^Column_decompressions$/,
  /^Transactions_/,
  /^Update_scan$/,
  /^Rows_sent_/,
  /^Com_stmt_reprepare$/,
  /^Handler_discover$/,
  /^Master_gtid_wait/,
  /^Acl_/,
  /^Global_connection_memory$/,
  /^Uptime_since_flush_status$/,
];

// One regular expression for the list: a snapshot has about 500 names, three snapshots per
// statement, and a short-lived process runs the list cold (each pattern compiled on first use).
const anyOf = (list: RegExp[], flags: string) => new RegExp(list.map((re) => `(?:${re.source})`).join('|') || '(?!)', flags);
const NOISE_ANY = anyOf(
  NOISE.filter((re) => !re.flags.includes('i')),
  '',
);
const NOISE_ANY_I = anyOf(
  NOISE.filter((re) => re.flags.includes('i')),
  'i',
);

export function isNoise(name: string): boolean {
  return NOISE_ANY.test(name) || NOISE_ANY_I.test(name);
}

export function numeric(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
