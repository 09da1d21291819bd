// A process-wide switch: when set, no ProfilerSession opens a connection. The extension sets it
// in Restricted Mode (untrusted workspace), so every caller is covered, not only the one it knows.
let blocked: string | undefined;

export function blockServerAccess(reason: string | undefined): void {
  blocked = reason;
}

export function serverAccessBlocked(): string | undefined {
  return blocked;
}
