import type { Report } from './model';
import { batchCells, batchHeaders, batchSummary } from './batch';
import { liveSummaryLine } from '../live/read';
import { executionSummary, fmtMs, fmtNum, planRows, serverLabel, shownCounters } from './view';

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function mdTable(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** Markdown for pull requests and tickets. */
export function renderMarkdown(report: Report): string {
  const fence = report.statement.includes('```') ? '~~~~' : '```';
  const out: string[] = ['## Query report', '', `${fence}sql`, report.statement, fence, '', `**Server:** ${serverLabel(report)}  `, `**Execution:** ${executionSummary(report)}`, ''];
  for (const n of report.notes) out.push(`> ${n}`, '');
  if (report.live) out.push(`> ${liveSummaryLine(report.live)}`, '');
  if (report.rows) out.push(`**Rows:** ${fmtNum(report.rows.examined)} examined, ${fmtNum(report.rows.returned)} returned`, '');
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
  out.push(`### Plan${report.plan ? ` (${report.plan.format})` : ''}`, '');
  if (report.plan) {
    out.push(mdTable(['operation', 'table', 'type', 'key', 'rows', 'actual', 'cost/time', 'extra'],
      planRows(report.plan.root).map((r) => ['&nbsp;'.repeat(r.depth * 2) + r.op, r.table, r.access, r.key, r.rows, r.actual, r.cost, r.extra])));
  } else out.push(report.planError?.message ?? 'No plan.');
  const counters = shownCounters(report);
  if (counters.length) {
    out.push('', '### Status counters', '', mdTable(['group', 'counter', 'delta', 'corrected'], counters.map((c) => [c.group, c.name, fmtNum(c.delta), fmtNum(c.corrected)])));
  }
  if (report.profile.stages.length) {
    out.push('', `### Profile (${report.profile.source})`, '', mdTable(['stage', 'time'], report.profile.stages.map((s) => [s.name, fmtMs(s.ms)])));
  }
  return out.join('\n') + '\n';
}

export function renderBatchMarkdown(reports: Report[]): string {
  return `## Summary (${reports.length} statements, slowest first)\n\n${mdTable(batchHeaders(), batchSummary(reports).map(batchCells))}\n`;
}
