import type { Report } from './model';
import { batchCells, batchHeaders, batchSummary } from './batch';
import { liveSummaryLine } from '../live/read';
import { executionSummary, fmtMs, fmtNum, planRows, serverLabel, shownCounters } from './view';
import { renderTraceMarkdown } from '../trace/render';
import { traceAnchor, traceTableFor } from '../trace/view';

/**
 * Text from the server (names, messages, plan details) as inert Markdown: no HTML (`<`, `&`),
 * no code spans or fences (backticks, `~`), no links or emphasis, one line.
 */
export const mdText = (s: string) => s.replace(/[\\`*_{}[\]()<>#|~&!]/g, '\\$&').replace(/\r?\n/g, ' ');
const cell = mdText;

/** A code span the text cannot close: fenced by more backticks than its longest run. */
export function codeSpan(s: string): string {
  const one = s.replace(/\r?\n/g, ' ');
  const run = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(run + 1);
  return run ? `${fence} ${one} ${fence}` : `${fence}${one}${fence}`;
}
/** A fence longer than any run of backticks in the text, so the text cannot close it. */
const fenceFor = (text: string) => '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));

/** A cell is server text (escaped) or Markdown we made ourselves from escaped parts. */
type Cell = string | { md: string };

function mdTable(headers: string[], rows: Cell[][]): string {
  const show = (c: Cell) => (typeof c === 'string' ? cell(c) : c.md);
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(show).join(' | ')} |`)].join('\n');
}

/** A plan row's table, linked to its "Why this plan" entry when the trace has one. */
function mdTableLink(report: Report, name: string): Cell {
  const t = traceTableFor(report.trace, name.split(' ').pop());
  return t && name ? { md: `[${mdText(name)}](#${traceAnchor(t.name)})` } : name;
}

/** Markdown for pull requests and tickets. */
export function renderMarkdown(report: Report): string {
  const sections = [mdHeader(report), mdAdvice(report), mdPlan(report), mdMeasured(report)];
  return sections.flat().join('\n') + '\n';
}

function mdHeader(report: Report): string[] {
  const fence = fenceFor(report.statement);
  const out = ['## Query report', '', `${fence}sql`, report.statement, fence, ''];
  out.push(`**Server:** ${mdText(serverLabel(report))}  `, `**Execution:** ${mdText(executionSummary(report))}`, '');
  for (const n of report.notes) out.push(`> ${mdText(n)}`, '');
  if (report.live) out.push(`> ${mdText(liveSummaryLine(report.live))}`, '');
  if (report.rows) out.push(`**Rows:** ${fmtNum(report.rows.examined)} examined, ${fmtNum(report.rows.returned)} returned`, '');
  return out;
}

function mdAdvice(report: Report): string[] {
  const out: string[] = [];
  if (report.hints.length) {
    out.push('### Rewrite hints', '');
    for (const h of report.hints) out.push(`- \`${h.rule}\` (${h.severity}): ${cell(h.message)}${h.fix ? ` Fix: ${cell(h.fix)}` : ''}`);
    out.push('');
  }
  if (report.findings?.length) {
    out.push('### Findings', '');
    for (const f of report.findings) out.push(`- **${cell(f.title)}** (${f.severity}): ${cell(f.detail)}${f.hint ? ` See \`${f.hint}\`.` : ''}`);
    out.push('');
  }
  return out;
}

function mdPlan(report: Report): string[] {
  const out = [`### Plan${report.plan ? ` (${report.plan.format})` : ''}`, ''];
  if (!report.plan) return [...out, mdText(report.planError?.message ?? 'No plan.')];
  const rows = planRows(report.plan.root).map((r) => [
    '\u00a0'.repeat(r.depth * 2) + r.op,
    mdTableLink(report, r.table),
    r.access,
    r.key,
    r.rows,
    r.actual,
    r.cost,
    r.extra,
  ]);
  return [...out, mdTable(['operation', 'table', 'type', 'key', 'rows', 'actual', 'cost/time', 'extra'], rows)];
}

function mdMeasured(report: Report): string[] {
  const out: string[] = [];
  const why = renderTraceMarkdown(report, mdTable, mdText);
  if (why) out.push('', why);
  const counters = shownCounters(report);
  if (counters.length) {
    const rows = counters.map((c) => [c.group, c.name, fmtNum(c.delta), fmtNum(c.corrected)]);
    out.push('', '### Status counters', '', mdTable(['group', 'counter', 'delta', 'corrected'], rows));
  }
  if (report.profile.stages.length) {
    const rows = report.profile.stages.map((s) => [s.name, fmtMs(s.ms)]);
    out.push('', `### Profile (${mdText(String(report.profile.source))})`, '', mdTable(['stage', 'time'], rows));
  }
  return out;
}

export function renderBatchMarkdown(reports: Report[]): string {
  return `## Summary (${reports.length} statements, slowest first)\n\n${mdTable(batchHeaders(), batchSummary(reports).map(batchCells))}\n`;
}
