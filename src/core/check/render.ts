// `mqt check` results as text (terminal, CI log), Markdown (a pull-request comment) and JSON.
import type { CheckResult, StatementResult, Status } from './run';

const LABEL: Record<Status, string> = {
  regressed: 'WORSE',
  improved: 'better',
  changed: 'changed',
  unchanged: 'ok',
  new: 'new',
  skipped: 'skipped',
  error: 'ERROR',
};

function summary(r: CheckResult): string {
  const c = r.counts;
  const parts = [`${r.statements.length} statement(s)`, `${c.regressed} worse`, `${c.improved} better`, `${c.error} error(s)`];
  if (c.changed) parts.push(`${c.changed} changed`);
  if (c.new) parts.push(`${c.new} new`);
  if (c.skipped) parts.push(`${c.skipped} not explained`);
  if (c.removed) parts.push(`${c.removed} removed`);
  return parts.join(', ');
}

function where(s: StatementResult): string {
  return `${s.file}:${s.line}`;
}

function matchNote(s: StatementResult): string {
  if (!s.baseline || s.baseline.how === 'same') return '';
  return s.baseline.how === 'edited'
    ? ` (edited; compared with baseline statement #${s.baseline.position})`
    : ` (moved; was statement #${s.baseline.position})`;
}

export function renderCheckText(r: CheckResult, opts: { verbose?: boolean } = {}): string {
  const lines: string[] = [`mqt check: ${summary(r)}`];
  const order: Status[] = ['error', 'regressed', 'improved', 'changed', 'new', 'skipped', 'unchanged'];
  for (const status of order) {
    for (const s of r.statements.filter((x) => x.status === status)) {
      if (status === 'unchanged' && !opts.verbose) continue;
      lines.push(`${LABEL[status]} ${where(s)} ${s.snippet}${matchNote(s)}`);
      if (s.message) lines.push(`  ${s.message}`);
      if (status === 'new' && !s.message) lines.push('  not in the baseline: run with --update to add it');
      for (const c of s.changes) lines.push(`  ${c.verdict === 'worse' ? '-' : c.verdict === 'better' ? '+' : '~'} ${c.message}`);
    }
  }
  for (const e of r.removed) lines.push(`removed ${e.file} statement #${e.position} (${e.id}): no longer in the file`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** Text for a Markdown table cell: one line, pipes and backticks neutralised. */
function cell(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** A code span in a table cell: `<` is literal inside one, a pipe still needs its backslash. */
function code(s: string): string {
  return `\`${s.replace(/\s+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function renderCheckMarkdown(r: CheckResult): string {
  const c = r.counts;
  const head = c.error
    ? '### :x: mqt check: some statements could not be explained'
    : c.regressed
      ? `### :x: mqt check: ${c.regressed} plan(s) got worse`
      : '### :white_check_mark: mqt check: no plan got worse';
  const out: string[] = [head, '', summary(r) + '.', ''];
  const table = (title: string, rows: StatementResult[], what: (s: StatementResult) => string) => {
    if (!rows.length) return;
    out.push(`#### ${title}`, '', '| Statement | Where | What |', '| --- | --- | --- |');
    for (const s of rows) out.push(`| ${code(s.snippet)} | ${cell(where(s))} | ${cell(what(s))} |`);
    out.push('');
  };
  const pick = (st: Status) => r.statements.filter((s) => s.status === st);
  const changes = (verdict: string) => (s: StatementResult) =>
    s.changes
      .filter((x) => x.verdict === verdict)
      .map((x) => x.message)
      .join('; ') + matchNote(s);
  table('Could not be explained', pick('error'), (s) => s.message ?? '');
  table('Worse', pick('regressed'), changes('worse'));
  table('Better', pick('improved'), changes('better'));
  table('Changed (neither worse nor better)', pick('changed'), changes('neutral'));
  table('New (not in the baseline)', pick('new'), (s) => s.message ?? 'run `mqt check --update` to add it');
  table('Not explained', pick('skipped'), (s) => s.message ?? '');
  if (r.removed.length) {
    out.push('#### Removed from the files', '');
    for (const e of r.removed) out.push(`- ${cell(e.file)} statement #${e.position}: ${code(e.fingerprint.slice(0, 80))}`);
    out.push('');
  }
  for (const n of r.notes) out.push(`> ${cell(n)}`, '');
  return out.join('\n');
}

export function renderCheckJson(r: CheckResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}
