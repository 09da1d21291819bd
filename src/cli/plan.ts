// mqt plan: a saved EXPLAIN output, parsed and printed; no database.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PlanParseError, parsePlanText, renderPlanText } from '../core/plan';
import { formatOf, UsageError } from './errors';

export function planCommand(args: string[]): void {
  const { values } = parseArgs({ args, options: { input: { type: 'string' }, format: { type: 'string' } } });
  const format = formatOf(values.format, ['text', 'json'], 'text');
  if (!values.input) throw new UsageError('--input FILE is required (use - for standard input)');
  let text: string;
  try {
    text = readFileSync(values.input === '-' ? 0 : values.input, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${values.input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const plan = parsePlanText(text);
    process.stdout.write(format === 'json' ? JSON.stringify(plan, null, 2) + '\n' : renderPlanText(plan) + '\n');
  } catch (e) {
    if (e instanceof PlanParseError) throw new UsageError(e.message);
    throw e;
  }
}
