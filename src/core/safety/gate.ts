// Whether anything may reach a server right now. Passed to every session and every analysis
// (never a process-wide switch): the editor closes it in Restricted Mode (untrusted workspace).
export interface AccessGate {
  /** Asked before every connection and every analysis: the reason nothing may be sent, or undefined. */
  blocked(): string | undefined;
}

/** The CLI's and the tests' gate: always open. */
export const OPEN_GATE: AccessGate = Object.freeze({ blocked: () => undefined });

/** A gate that follows a live condition (the editor passes workspace trust). */
export function gate(blocked: () => string | undefined): AccessGate {
  return { blocked };
}
