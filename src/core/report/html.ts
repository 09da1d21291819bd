import type { Report } from './model';
import { executionSummary, fmtMs, fmtNum, planRows, serverLabel, shownCounters } from './view';
import { renderTraceHtml } from '../trace/render';
import { traceAnchor, traceTableFor } from '../trace/view';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;

function table(headers: string[], rows: string[][], cls = ''): string {
  const head = headers.map((h) => `<th>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The body of a report: every value escaped; used for the standalone file. */
export function renderReportSection(report: Report): string {
  const parts = [htmlHeader(report), htmlPlan(report), renderTraceHtml(report, table), htmlCounters(report), htmlProfile(report)];
  return [...parts.flat().filter((p) => p), '</section>'].join('\n');
}

function htmlHeader(report: Report): string[] {
  const parts = [`<section class="report"><h2>Query report</h2><pre class="sql">${e(report.statement)}</pre>`];
  parts.push(`<p class="meta">${e(serverLabel(report))} · ${e(executionSummary(report))}</p>`);
  for (const n of report.notes) parts.push(`<p class="note">${e(n)}</p>`);
  if (report.rows) parts.push(`<p class="meta">Rows: ${e(fmtNum(report.rows.examined))} examined, ${e(fmtNum(report.rows.returned))} returned</p>`);
  if (report.findings?.length) {
    const items = report.findings.map(
      (f) => `<li class="${e(f.severity)}"><b>${e(f.title)}</b>: ${e(f.detail)}${f.hint ? ` <code>${e(f.hint)}</code>` : ''}</li>`,
    );
    parts.push(`<ul class="findings">${items.join('')}</ul>`);
  }
  return parts;
}

function htmlPlan(report: Report): string[] {
  const heading = `<h3>Plan${report.plan ? ` <span class="muted">(${e(report.plan.format)})</span>` : ''}</h3>`;
  if (!report.plan) return [heading, `<p class="error">${e(report.planError?.message ?? 'No plan.')}</p>`];
  const link = (name: string) => {
    const t = traceTableFor(report.trace, name.split(' ').pop());
    return t ? `<a href="#${e(traceAnchor(t.name))}">${e(name)}</a>` : e(name);
  };
  const rows = planRows(report.plan.root).map((r) => [
    `<span style="padding-left:${r.depth * 1.2}em">${e(r.op)}</span>`,
    link(r.table),
    r.access === 'ALL' ? `<b class="bad">${e(r.access)}</b>` : e(r.access),
    e(r.key),
    e(r.rows),
    e(r.actual),
    e(r.cost),
    e(r.extra),
  ]);
  return [heading, table(['operation', 'table', 'type', 'key', 'rows', 'actual', 'cost/time', 'extra'], rows, 'plan')];
}

function htmlCounters(report: Report): string[] {
  const counters = shownCounters(report);
  if (!counters.length) return [];
  const how = report.observation?.flushed ? 'after FLUSH STATUS' : 'before/after';
  const rows = counters.map((c) => [e(c.group), e(c.name), e(fmtNum(c.delta)), e(fmtNum(c.corrected))]);
  return [
    `<h3>Status counters <span class="muted">(${how}, corrected for the cost of SHOW STATUS)</span></h3>`,
    table(['group', 'counter', 'delta', 'corrected'], rows, 'counters'),
  ];
}

function htmlProfile(report: Report): string[] {
  const profile = report.profile;
  if (!profile.stages.length) return [];
  const total = profile.totalMs || 1;
  const rows = profile.stages.map((s) => [
    e(s.name),
    e(fmtMs(s.ms)),
    `<span class="bar" style="width:${Math.max(1, Math.round((s.ms / total) * 200))}px"></span> ${((s.ms / total) * 100).toFixed(1)}%`,
  ]);
  return [
    `<h3>Profile <span class="muted">(${e(profile.source ?? '')}, ${e(fmtMs(profile.totalMs))})</span></h3>`,
    table(['stage', 'time', 'share'], rows, 'profile'),
  ];
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}th{background:#161b22!important}td,th{border-color:#30363d!important}}
pre.sql{background:rgba(127,127,127,.12);padding:.8em;border-radius:6px;white-space:pre-wrap}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td:nth-child(n+5){font-variant-numeric:tabular-nums}.muted{color:#888;font-weight:normal;font-size:.85em}
.bad{color:#cf222e}.findings li.error b{color:#cf222e}.findings li.warning b{color:#9a6700}.error{color:#cf222e}.note{border-left:3px solid #bf8700;padding-left:.6em}.bar{display:inline-block;height:.7em;background:#0969da;vertical-align:middle}
section.report{margin-bottom:3em}`;

/** A standalone HTML file: no scripts, no network, inline CSS only. */
export function renderHtmlDocument(reports: Report[], title = 'MySQL Query Tuner report'): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><h1>${e(title)}</h1>
${reports.map(renderReportSection).join('\n')}
</body></html>
`;
}
