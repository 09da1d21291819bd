// The SSH tunnels a run opened, closed by main() at the end (apart from connect.ts, so that a
// command that never connects does not load the SSH code to close nothing).
const tunnels: Array<() => void> = [];

export function keepTunnel(close: () => void): void {
  tunnels.push(close);
}

/** Closes the SSH tunnels opened for this run. */
export function closeTunnels(): void {
  for (const close of tunnels.splice(0)) close();
}
