import type { TunerConfig } from '../config';
import { OPEN_GATE, type AccessGate } from '../safety/gate';

/**
 * What an analysis may do on the server, decided by the caller and passed in: trust (the
 * gate), rolled-back writes, and "explain only" (never execute).
 */
export interface ServerPolicy extends AccessGate {
  /**
   * The caller asked for READ ONLY reads (readOnlySession, --read-only). Reads run so anyway:
   * the session sets itself READ ONLY when it connects; kept so the ask stays visible.
   */
  readonly readOnly: boolean;
  /** Writes (and locking reads) may run inside START TRANSACTION … ROLLBACK, transactional tables only. */
  readonly allowWrites: boolean;
  /** Nothing is executed: EXPLAIN only (`mqt check`). */
  readonly explainOnly: boolean;
}

export interface PolicyOptions {
  readOnly?: boolean;
  allowWrites?: boolean;
  explainOnly?: boolean;
  gate?: AccessGate;
}

export function serverPolicy(o: PolicyOptions = {}): ServerPolicy {
  const g = o.gate ?? OPEN_GATE;
  return Object.freeze({
    blocked: () => g.blocked(),
    readOnly: o.readOnly === true,
    allowWrites: o.allowWrites === true && o.explainOnly !== true,
    explainOnly: o.explainOnly === true,
  });
}

/** The policy a configuration asks for, behind a gate (workspace trust in the editor). */
export function policyFrom(config: TunerConfig, gate: AccessGate = OPEN_GATE, explainOnly = false): ServerPolicy {
  return serverPolicy({ readOnly: config.readOnlySession, allowWrites: config.profileWrites, explainOnly, gate });
}
