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

export interface Profile {
  source: ProfileSource | null;
  stages: ProfileStage[];
  totalMs?: number;
  /** Why there is no profile, or what limited it. */
  note?: string;
}
