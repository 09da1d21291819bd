// mqt plan: a saved EXPLAIN output, parsed and printed; no database.
import { parseArgs } from 'node:util';
import { PlanParseError, parsePlanText, renderPlanText } from '../core/plan';
import { formatOf, readInput, UsageError } from './errors';

export function planCommand(args: string[]): void {
  const { values } = parseArgs({ args, options: { input: { type: 'string' }, format: { type: 'string' } } });
  const format = formatOf(values.format, ['text', 'json'], 'text');
  if (!values.input) throw new UsageError('--input FILE is required (use - for standard input)');
  const text = readInput(values.input);
  try {
    const plan = parsePlanText(text);
    process.stdout.write(format === 'json' ? JSON.stringify(plan, null, 2) + '\n' : renderPlanText(plan) + '\n');
  } catch (e) {
    if (e instanceof PlanParseError) throw new UsageError(e.message);
    throw e;
  }
}
