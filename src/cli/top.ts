// mqt top --url URL: performance_schema's statement digests, most total time first.
import { parseArgs } from 'node:util';
import { fetchTop, renderTopText } from '../core/digest';
import { CONNECTION_OPTIONS, connectionSpec } from './connect';
import { UsageError } from './errors';

export async function runTopCommand(
  args: string[],
  write: (text: string) => void = (t) => {
    process.stdout.write(t);
  },
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, format: { type: 'string' }, limit: { type: 'string' }, schema: { type: 'string' }, all: { type: 'boolean' } },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`);
  const limit = values.limit !== undefined ? Number(values.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  const spec = await connectionSpec(values);
  const top = await fetchTop(spec, { limit, all: values.all === true, ...(values.schema !== undefined ? { schema: values.schema } : {}) });
  const hidden = top.hidden ? `; ${top.hidden} digests of the tool's own statements hidden, --all shows them` : '';
  write(format === 'json' ? JSON.stringify(top.rows, null, 2) + '\n' : renderTopText(top.rows, `performance_schema (samples: ${top.sampleSource}${hidden})`));
}
