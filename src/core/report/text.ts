import type { Report } from './model';
import { batchCells, batchHeaders, batchSummary } from './batch';
import { speedChange, type Comparison } from './compare';
import { liveSummaryLine, shareOfEstimate } from '../live/read';
import { walkPlan } from '../plan/model';
import { executionSummary, fmtMs, fmtNum, planRows, serverLabel, shownCounters } from './view';
import { renderTraceText } from '../trace/render';

/** A fixed-width table; the last column is left unpadded. */
export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The terminal report: plain text, readable at 100 columns. */
export function renderText(report: Report): string {
  const sections = [headerText(report), planText(report), liveText(report), traceText(report), countersText(report), profileText(report)];
  return sections.flat().join('\n') + '\n';
}

function headerText(report: Report): string[] {
  const out: string[] = [];
  out.push(`== ${oneLine(report.statement, 96)}`);
  out.push(`Server: ${serverLabel(report)}   ${executionSummary(report)}`);
  for (const n of report.notes) out.push(`Note: ${n}`);
  if (report.rows)
    out.push(
      `Rows: ${fmtNum(report.rows.examined)} examined, ${fmtNum(report.rows.returned)} returned${report.rows.ratio !== undefined ? ` (${fmtNum(report.rows.ratio, 1)} per row returned)` : ''}`,
    );
  if (report.repeat) {
    const rp = report.repeat;
    out.push(
      `Runs: ${rp.runs}; cold ${fmtMs(rp.cold.ms)}${rp.warm ? `; warm min ${fmtMs(rp.warm.min)} / median ${fmtMs(rp.warm.median)} / max ${fmtMs(rp.warm.max)}` : ''}`,
    );
  }
  for (const h of report.hints) out.push(`hint [${h.rule}] ${(h as { title?: string }).title ?? h.message}${h.fix ? ` -> ${oneLine(h.fix, 80)}` : ''}`);
  for (const f of report.findings ?? [])
    out.push(`${f.severity === 'error' ? '!!' : f.severity === 'warning' ? '! ' : '- '} ${f.title}: ${f.detail}${f.hint ? ` [${f.hint}]` : ''}`);
  out.push('');
  return out;
}

function planText(report: Report): string[] {
  const out = [`Plan${report.plan ? ` (${report.plan.format})` : ''}:`];
  if (report.plan) {
    const rows = planRows(report.plan.root).map((r) => ['  '.repeat(r.depth) + r.op, r.table, r.access, r.key, r.rows, r.actual, r.cost, r.extra]);
    out.push(indent(textTable(['operation', 'table', 'type', 'key', 'rows', 'actual', 'cost/time', 'extra'], rows)));
  } else {
    out.push(`  ${report.planError?.message ?? 'no plan'}`);
  }
  out.push('');
  return out;
}

function liveText(report: Report): string[] {
  if (!report.live) return [];
  const out = [liveSummaryLine(report.live)];
  // A statement that did not finish: its last live plan says how far it got.
  const lp = report.live.last.plan;
  if (report.live.ended && lp) {
    out.push(`How far it got (live plan at ${fmtMs(report.live.last.elapsedMs)}):`);
    const shares = [...walkPlan(lp.root)].map(({ node }) => shareOfEstimate({ rows: node.rowsActual, rowsEstimated: node.rowsEstimated }) ?? '');
    const rows = planRows(lp.root).map((r, i) => ['  '.repeat(r.depth) + r.op, r.table, r.rows, r.actual, shares[i]]);
    out.push(indent(textTable(['operation', 'table', 'est. rows', 'rows so far', 'share'], rows)));
  }
  out.push('');
  return out;
}

function traceText(report: Report): string[] {
  const why = renderTraceText(report);
  return why ? [why, ''] : [];
}

function countersText(report: Report): string[] {
  const counters = shownCounters(report);
  if (!report.execution.executed && !counters.length) return [];
  const how = report.observation?.flushed ? 'after FLUSH STATUS' : 'before/after, not flushed';
  const rows = counters.map((c) => [c.group, c.name, fmtNum(c.delta), fmtNum(c.corrected)]);
  return [
    `Status counters (${how}; corrected for the cost of SHOW STATUS):`,
    counters.length ? indent(textTable(['group', 'counter', 'delta', 'corrected'], rows)) : '  (none changed)',
    '',
  ];
}

function profileText(report: Report): string[] {
  const profile = report.profile;
  if (!profile.stages.length) return profile.note && report.execution.executed ? [`Profile: ${profile.note}`] : [];
  // The terminal shows the stages that matter; md/html/json keep them all.
  const total = profile.totalMs || 1;
  const shown = profile.stages.filter((s) => s.ms / total >= 0.02);
  const hidden = profile.stages.length - shown.length;
  const rows = shown.map((s) => [s.name, fmtMs(s.ms), `${((s.ms / total) * 100).toFixed(1)}%`]);
  const out = [`Profile (${profile.source}, total ${fmtMs(profile.totalMs)}):`, indent(textTable(['stage', 'time', 'share'], rows))];
  if (hidden) out.push(`  (+${hidden} stages under 2% each)`);
  return out;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The batch summary that opens a multi-statement text report. */
export function renderBatchText(reports: Report[]): string {
  const rows = batchSummary(reports);
  return `Summary of ${reports.length} statements, slowest first:\n${indent(textTable(batchHeaders(), rows.map(batchCells)))}\n`;
}

export function renderComparisonText(c: Comparison): string {
  const out: string[] = [];
  out.push(c.sameStatement ? `Comparing two runs of: ${oneLine(c.a.statement, 80)}` : `A: ${oneLine(c.a.statement, 90)}\nB: ${oneLine(c.b.statement, 90)}`);
  out.push(
    `Time: ${fmtMs(c.a.ms)} -> ${fmtMs(c.b.ms)}${speedChange(c.timeRatio) ? ` (${speedChange(c.timeRatio)})` : ''}; rows ${fmtNum(c.a.rows)} -> ${fmtNum(c.b.rows)}`,
  );
  if (c.sameRows !== undefined) out.push(c.sameRows ? 'Result: the same rows (checksums match)' : 'Result: DIFFERENT rows (checksums differ)');
  if (c.plan.length) {
    out.push('', 'Plan changes:');
    for (const p of c.plan) out.push(`  ${p.table}: ${p.what === 'changed' ? `${p.a} -> ${p.b}` : p.what === 'added' ? `added (${p.b})` : `removed (${p.a})`}`);
  }
  const moved = c.counters.filter((x) => x.change !== 0);
  if (moved.length)
    out.push(
      '',
      'Counters:',
      indent(
        textTable(
          ['counter', 'A', 'B', 'change'],
          moved.map((x) => [x.name, fmtNum(x.a), fmtNum(x.b), `${x.change > 0 ? '+' : ''}${fmtNum(x.change)}`]),
        ),
      ),
    );
  const stages = c.stages.filter((x) => Math.abs(x.change) >= 0.01).slice(0, 10);
  if (stages.length)
    out.push(
      '',
      'Stages (largest changes):',
      indent(
        textTable(
          ['stage', 'A', 'B', 'change'],
          stages.map((x) => [x.name, fmtMs(x.a), fmtMs(x.b), `${x.change > 0 ? '+' : '-'}${fmtMs(Math.abs(x.change))}`]),
        ),
      ),
    );
  return out.join('\n') + '\n';
}
