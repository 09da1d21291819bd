// The step interface. A step is one module: it declares its output type (by adding a key to
// StepOutputs), the earlier outputs it needs, and how its output goes into the Report. The
// pipeline (pipeline/steps/index.ts) is the ordered list of steps; adding one is one line there.
import type { Connection, QueryOptions, RowDataPacket } from 'mysql2/promise';
import type { AdviceRun } from '../advise/types';
import type { TunerConfig } from '../config';
import type { NetBuffer } from '../counters/diff';
import type { StatusSnapshot } from '../counters/snapshot';
import type { LiveUpdate } from '../live';
import type { Capabilities, Execution, Report, ServerInfo } from '../report/model';
import type { Guard } from '../session/guard';
import type { SqlDialect } from '../sql/dialect';
import type { TraceSchema } from '../trace/model';
import type { ServerPolicy } from './policy';
import type { Reader, Statement } from './statement';

/**
 * Each step's output, by step name. Step modules add their key with
 * `declare module '../step' { interface StepOutputs { mine: MyOutput } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StepOutputs {}

export type StepName = keyof StepOutputs;

/**
 * Points inside a step that other steps can run around: `explain` wraps the EXPLAIN round
 * trips (the optimizer trace), `execute` the measured run itself (live progress watching it
 * from a second connection).
 */
export type Phase = 'explain' | 'execute';

/** What is known of the server once it was detected (cached per connection). */
export interface Detected {
  server: ServerInfo;
  capabilities: Capabilities;
  /** max_allowed_packet, 0 when unknown. */
  maxPacket: number;
  /** How this server reads SQL: its version and the session's sql_mode. */
  dialect: SqlDialect;
  /** net_buffer_length, and whether the server undoes Bytes_sent of a flushed buffer (counters/diff). */
  netBuffer: NetBuffer;
  /** DATABASE() of the session (a read cannot change it: USE and CALL are never run); undefined: not read. */
  database?: string | null;
  /** @@optimizer_trace_max_mem_size; undefined when the server keeps no optimizer trace. */
  traceMem?: number;
}

/** The session's state on the current connection; forgotten when it reconnects. */
export interface ConnectionState {
  detected?: Detected;
  /** The time limit the session's max_statement_time / max_execution_time holds now (ms). */
  limitMs?: number;
  /** `profiling` is on for the whole session (set once, with READ ONLY). */
  profiling?: boolean;
  /** Two back-to-back SHOW SESSION STATUS of this session: what observing costs (counters/diff). */
  calibration?: { first: StatusSnapshot; second: StatusSnapshot; netLength: number };
  /**
   * The server's network buffer for this session when a statement longer than
   * net_buffer_length was sent: it grows to hold it (rounded up to 4 KB) and stays grown.
   */
  netLength?: number;
  /** Indexes and columns read for trace causes, by tables and the plan's possible keys. */
  traceSchemas?: Map<string, TraceSchema>;
}

/** What a run of the statement itself returns. */
export type Executed = Execution & { affected?: number; first?: unknown };

/** The dedicated connection, behind the guard (time limit, cancel, lost connection). */
export interface StepDb {
  readonly conn: Connection;
  readonly guard: Guard;
  /** Limit for one round trip (ms). */
  readonly stepMs: number;
  /** The statement's time limit (ms); 0 when there is none. */
  readonly limitMs: number;
  readonly state: ConnectionState;
  /** One guarded round trip; `what` names it in a timeout or cancel message. */
  query<T = RowDataPacket[]>(what: string, sql: string | QueryOptions, values?: unknown[]): Promise<T>;
  /**
   * Run the statement itself, rows streamed and counted, never kept (core/pipeline/execute);
   * `keepFirst` keeps the first cell of the first row (ANALYZE FORMAT=JSON sends its plan so).
   */
  execute(sql: string, o: { checksum: boolean; keepFirst?: boolean }): Promise<Executed>;
  /** The connection is still the session's (not dropped by the guard). */
  current(): boolean;
  /** Statements sent on the connection so far (query and execute calls). */
  sent(): number;
  /** A second, short-lived connection to the same server (watchers); the caller ends it. */
  second(): Promise<Connection>;
}

export interface StepContext {
  /** The statement as the caller read it; steps after `read` use the server's reading (the read output). */
  readonly statement: Statement;
  /** Where the session is connected (host, port, user, database). */
  readonly where: Report['connection'];
  readonly config: TunerConfig;
  readonly policy: ServerPolicy;
  readonly db: StepDb;
  /** Run options a caller gave for this run only. */
  readonly run: {
    checksum: boolean;
    /** Watch the statement from a second connection while it runs (the live step). */
    live: boolean;
    onLive?: (u: LiveUpdate) => void;
    /** The SQL classifier the read step uses. */
    reader?: Reader;
    /** Index advice for a read (the advise step); none when absent. */
    advice?: AdviceRun;
  };
  progress(step: string): void;
  /** A note for the report's reader. */
  note(text: string): void;
  /** Run `fn` as `phase`: steps attached to it start before and finish after. */
  phase<T>(phase: Phase, fn: () => Promise<T>): Promise<T>;
}

type Inputs<D extends StepName> = { readonly [K in D]: StepOutputs[K] };

interface StepBase<N extends StepName> {
  readonly name: N;
  /** Put the output into the report. */
  apply?(report: Report, out: StepOutputs[N]): void;
}

/** A step in sequence: runs when every step it needs produced an output. */
export interface SequentialStep<N extends StepName, D extends StepName> extends StepBase<N> {
  readonly needs: readonly D[];
  /** undefined: nothing to contribute this time. */
  run(ctx: StepContext, input: Inputs<D>): Promise<StepOutputs[N] | undefined>;
}

/** A step around a phase of another step: started before it, finished after it (even on failure). */
export interface AroundStep<N extends StepName, D extends StepName> extends StepBase<N> {
  readonly needs: readonly D[];
  readonly around: Phase;
  start(ctx: StepContext, input: Inputs<D>): Promise<(() => Promise<StepOutputs[N] | undefined>) | undefined>;
}

// The list holds steps of every name; each is type-checked where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStep = SequentialStep<any, any> | AroundStep<any, any>;

export function step<N extends StepName, D extends StepName = never>(s: SequentialStep<N, D>): SequentialStep<N, D> {
  return s;
}

export function aroundStep<N extends StepName, D extends StepName = never>(s: AroundStep<N, D>): AroundStep<N, D> {
  return s;
}

export const isAround = (s: AnyStep): s is AroundStep<StepName, StepName> => 'around' in s;
export const isSequential = (s: AnyStep): s is SequentialStep<StepName, StepName> => !('around' in s);
