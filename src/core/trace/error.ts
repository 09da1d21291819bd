/** A trace that cannot be read: the message says why, for the user. */
export class TraceError extends Error {}
