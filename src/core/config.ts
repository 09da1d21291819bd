// One configuration for the editor and the CLI: one type, one set of defaults, one normalize.
// The editor reads `getConfiguration('mysqlQueryTuner')`, the CLI maps its flags to the same
// keys; both hand the raw object to normalize(), so a default is decided in one place.

export type PlanActuals = 'never' | 'auto' | 'always';
export type ProfileSource = 'auto' | 'show-profile' | 'performance-schema';
export type OptimizerTrace = 'auto' | 'never';

export interface TunerConfig {
  /** Longest time an analysed statement (and every round trip around it) may take. */
  timeoutSeconds: number;
  /** Actual rows per plan node from a second run under ANALYZE. */
  planActuals: PlanActuals;
  /** Run writes inside a rolled-back transaction, transactional tables only. */
  profileWrites: boolean;
  /** Run reads in READ ONLY transactions (they always are now: the session is read-only; kept as a setting). */
  readOnlySession: boolean;
  /** Why this plan: the optimizer trace of one EXPLAIN ('auto' when the server has one). */
  optimizerTrace: OptimizerTrace;
  /** Where stage timings come from. */
  profileSource: ProfileSource;
  hints: { disabled: string[] };
  codeLens: { enabled: boolean };
}

export const DEFAULTS: Readonly<TunerConfig> = Object.freeze({
  timeoutSeconds: 30,
  planActuals: 'auto',
  profileWrites: false,
  readOnlySession: false,
  optimizerTrace: 'auto',
  profileSource: 'auto',
  hints: Object.freeze({ disabled: [] as string[] }),
  codeLens: Object.freeze({ enabled: true }),
});

/** The editor's setting allows 1 to 3600; the CLI also takes fractions of a second. */
export const TIMEOUT_RANGE = { max: 3600 } as const;
const ACTUALS: readonly PlanActuals[] = ['never', 'auto', 'always'];
const SOURCES: readonly ProfileSource[] = ['auto', 'show-profile', 'performance-schema'];
const TRACES: readonly OptimizerTrace[] = ['auto', 'never'];

export interface Normalized {
  config: TunerConfig;
  /** What was given but not usable, in words a user can act on; the default was used instead. */
  problems: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read a nested key: `hints.disabled` from `{ hints: { disabled } }` or `{ 'hints.disabled': … }`. */
function pick(raw: Record<string, unknown>, path: string): unknown {
  if (path in raw) return raw[path];
  const [head, ...rest] = path.split('.');
  const inner = raw[head];
  return rest.length && isObj(inner) ? pick(inner, rest.join('.')) : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, key: string, problems: string[]): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${key} must be one of ${allowed.join(', ')} (got "${String(value)}")`);
  return fallback;
}

function bool(value: unknown, fallback: boolean, key: string, problems: string[]): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  problems.push(`${key} must be true or false (got "${String(value)}")`);
  return fallback;
}

function seconds(value: unknown, problems: string[]): number {
  if (value === undefined || value === null || value === '') return DEFAULTS.timeoutSeconds;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n) && n > 0) return Math.min(n, TIMEOUT_RANGE.max);
  problems.push(`timeoutSeconds must be a positive number of seconds (got "${String(value)}")`);
  return DEFAULTS.timeoutSeconds;
}

/** Any raw settings object (unknown keys ignored) to a complete TunerConfig. Never throws. */
export function normalize(raw: unknown): Normalized {
  const problems: string[] = [];
  const r = isObj(raw) ? raw : {};
  const disabled = pick(r, 'hints.disabled');
  const config: TunerConfig = {
    timeoutSeconds: seconds(pick(r, 'timeoutSeconds'), problems),
    planActuals: oneOf(pick(r, 'planActuals'), ACTUALS, DEFAULTS.planActuals, 'planActuals', problems),
    profileWrites: bool(pick(r, 'profileWrites'), DEFAULTS.profileWrites, 'profileWrites', problems),
    readOnlySession: bool(pick(r, 'readOnlySession'), DEFAULTS.readOnlySession, 'readOnlySession', problems),
    optimizerTrace: oneOf(pick(r, 'optimizerTrace'), TRACES, DEFAULTS.optimizerTrace, 'optimizerTrace', problems),
    profileSource: oneOf(pick(r, 'profileSource'), SOURCES, DEFAULTS.profileSource, 'profileSource', problems),
    hints: { disabled: Array.isArray(disabled) ? disabled.filter((x): x is string => typeof x === 'string') : [] },
    codeLens: { enabled: bool(pick(r, 'codeLens.enabled'), DEFAULTS.codeLens.enabled, 'codeLens.enabled', problems) },
  };
  return { config, problems };
}

export const timeoutMs = (c: TunerConfig): number => c.timeoutSeconds * 1000;
