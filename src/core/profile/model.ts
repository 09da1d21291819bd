export type ProfileSource = 'show-profile' | 'performance-schema';

/** One stage of statement execution, in the order the server ran them. */
export interface ProfileStage {
  name: string;
  ms: number;
  cpuUserMs?: number;
  cpuSystemMs?: number;
  contextVoluntary?: number;
  contextInvoluntary?: number;
  blockOpsIn?: number;
  blockOpsOut?: number;
  messagesSent?: number;
  messagesReceived?: number;
  pageFaultsMajor?: number;
  pageFaultsMinor?: number;
  swaps?: number;
  /** Server source location, e.g. "mysql_execute_command sql_parse.cc:5982". */
  source?: string;
}

/** Per-statement figures from performance_schema.events_statements_history. */
export interface StatementEvent {
  ms: number;
  lockMs: number;
  rowsExamined: number;
  rowsSent: number;
  rowsAffected: number;
  createdTmpTables: number;
  createdTmpDiskTables: number;
  sortMergePasses: number;
  sortRows: number;
  selectFullJoin: number;
  selectScan: number;
  noIndexUsed: boolean;
  noGoodIndexUsed: boolean;
  warnings: number;
  errors: number;
}

export interface Profile {
  source: ProfileSource | null;
  stages: ProfileStage[];
  totalMs?: number;
  /** The server's own per-statement figures, when performance_schema records them. */
  statement?: StatementEvent;
  /** Why there is no profile, or what limited it. */
  note?: string;
}
