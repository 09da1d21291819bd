import type { AdviceResult } from './shadow';

/** Index advice as plain text: one block per candidate, then the notes. */
export function renderAdviceText(r: AdviceResult): string {
  const lines: string[] = [];
  if (!r.advice.length) lines.push('No index candidates for this statement.');
  for (const a of r.advice) {
    lines.push(`${a.status.padEnd(10)} ${a.ddl}`);
    lines.push(`           ${a.reason}`);
    if (a.makesRedundant.length) lines.push(`           makes redundant: ${a.makesRedundant.join(', ')}`);
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}
