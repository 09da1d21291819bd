// mqt compare: what changed between two reports saved with `mqt analyze --format json`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compareReports, renderComparisonText, type Report } from '../core/report';
import { formatOf, UsageError } from './errors';

function readReport(file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file} as a JSON report: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const r = (Array.isArray(data) ? data[0] : data) as Partial<Report> | undefined;
  if (!r || typeof r.statement !== 'string' || !Array.isArray(r.counters) || !r.execution || !r.profile) {
    throw new UsageError(`${file} is not a report written by \`mqt analyze --format json\``);
  }
  return r as Report;
}

export function compareCommand(args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } });
  const format = formatOf(values.format, ['text', 'json'], 'text');
  if (positionals.length !== 2) throw new UsageError('usage: mqt compare A.json B.json [--format text|json]');
  const c = compareReports(readReport(positionals[0]), readReport(positionals[1]));
  process.stdout.write(format === 'json' ? JSON.stringify(c, null, 2) + '\n' : renderComparisonText(c));
}
