// What index advice is made of: the candidates' statuses, the measured runs, the options.
export type CopyRows = 'ask' | 'never' | 'always';
export type AdviceStatus = 'verified' | 'no-gain' | 'not-used' | 'unverified';

export interface Measure {
  rowsExamined: number;
  ms: number;
  access: string;
  key: string | null;
  /** The plan reads that index alone, never the table rows (EXPLAIN's "Using index"). */
  indexOnly: boolean;
  /** Stopped by the time limit: rows and time are what it reached by then (a lower bound). */
  timedOut?: true;
}

export interface Advice {
  table: string;
  columns: string[];
  ddl: string;
  status: AdviceStatus;
  reason: string;
  makesRedundant: string[];
  verified?: {
    where: 'sandbox';
    sample: { rows: number; fraction: number };
    /** The shadow held synthetic rows shaped by the server's statistics, no copied row (copyRows = never). */
    statisticsOnly?: true;
    before: Measure;
    after: Measure;
    /** When two candidates help together: the other one and the plan with both. */
    pair?: { with: string; after: Measure };
  };
}

export interface AdviceResult {
  advice: Advice[];
  notes: string[];
}

export interface AdviseOptions {
  /** Rows copied (or generated) per table at most (a bounded sample beyond). */
  sampleRows?: number;
  copyRows?: CopyRows;
  /** Asked before rows leave a server that is not the sandbox; without it, `ask` declines. */
  confirm?: (question: string) => Promise<boolean>;
  /** Tests: treat the analysed server as another server even when it is the sandbox. */
  forceWire?: boolean;
  /** Statement time limit on the shadow, per run. */
  timeoutMs?: number;
}

export const DEFAULT_SAMPLE_ROWS = 100_000;

/** What the evidence says of a shadow built without copying a row. */
export const STATISTICS_ONLY = "statistics-only (synthetic rows shaped by the server's statistics; no rows copied)";

export const q = (name: string) => '`' + name.replace(/`/g, '``') + '`';
export const fmt = (n: number) => n.toLocaleString('en-US');
export const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

/**
 * What a caller gives to have the pipeline's advise step run (`mqt analyze --advice`, `mqt
 * advise`, Advise Indexes): the options, and how to reach the sandbox.
 */
export interface AdviceRun extends AdviseOptions {
  /** A connection to the sandbox (READ WRITE, for the shadow schema), undefined when none runs; the step ends it. */
  sandbox(): Promise<import('mysql2/promise').Connection | undefined>;
  /** A failure fails the run (mqt advise) instead of becoming a note (mqt analyze --advice). */
  strict?: boolean;
}
