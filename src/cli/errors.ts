import { readFileSync } from 'node:fs';

/** A usage problem: exit code 2 and a one-line message. */
export class UsageError extends Error {}

/** An error's message on one line (mqt prints one line per problem). */
export function oneLineMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s*\n\s*/g, ' ').trim();
}

/** A --format (or other choice) value, checked against what the command accepts. */
export function formatOf(value: string | undefined, allowed: readonly string[], fallback: string, flag = '--format'): string {
  const f = value ?? fallback;
  if (!allowed.includes(f)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${f}")`);
  return f;
}

/** A file named on the command line (`-`: standard input, where the command takes it), or a usage error naming it. */
export function readInput(path: string, dashIsStdin = true): string {
  try {
    return readFileSync(dashIsStdin && path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
