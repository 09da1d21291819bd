import type { Trace } from './model';
import { alternativeCells, scanLine, sortedAlternatives, statementLines, tableTitle, traceAnchor, TRACE_HEADERS } from './view';
import { textTable } from '../report/text';
import { escapeHtml as e } from '../report/html';

/** "Why this plan" for the text, Markdown and static HTML reports. */
interface HasTrace {
  trace?: Trace | null;
  traceNote?: string;
}

export function renderTraceText(report: HasTrace): string {
  const t = report.trace;
  if (!t && !report.traceNote) return '';
  const out = ['Why this plan (optimizer trace):'];
  if (report.traceNote) out.push(`  Note: ${report.traceNote}`);
  if (!t) return out.join('\n');
  for (const line of statementLines(t)) out.push(`  ${line}`);
  for (const tb of t.tables) {
    out.push(
      `  ${tableTitle(tb)}: ${tb.why.replace(new RegExp(`^${tb.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), '')}${scanLine(tb) ? ` [${scanLine(tb)}]` : ''}`,
    );
    const alts = sortedAlternatives(tb);
    if (alts.length > 1)
      out.push(
        textTable(TRACE_HEADERS, alts.map(alternativeCells))
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
  }
  return out.join('\n');
}

/** `esc` makes server text inert Markdown (names, conditions, messages come from the server). */
export function renderTraceMarkdown(report: HasTrace, mdTable: (h: string[], rows: string[][]) => string, esc: (s: string) => string): string {
  const t = report.trace;
  if (!t && !report.traceNote) return '';
  const out = ['### Why this plan', ''];
  if (report.traceNote) out.push(`> ${esc(report.traceNote)}`, '');
  if (!t) return out.join('\n');
  for (const line of statementLines(t)) out.push(`- ${esc(line)}`);
  if (statementLines(t).length) out.push('');
  for (const tb of t.tables) {
    out.push(`<a id="${traceAnchor(tb.name)}"></a>**${esc(tableTitle(tb))}**: ${esc(tb.why)}${scanLine(tb) ? ` (${esc(scanLine(tb))})` : ''}`, '');
    const alts = sortedAlternatives(tb);
    if (alts.length > 1) out.push(mdTable(TRACE_HEADERS, alts.map(alternativeCells)), '');
  }
  return out.join('\n').trimEnd();
}

export function renderTraceHtml(report: HasTrace, table: (headers: string[], rows: string[][], cls?: string) => string): string {
  const t = report.trace;
  if (!t && !report.traceNote) return '';
  const parts = ['<h3 id="why-this-plan">Why this plan <span class="muted">(optimizer trace)</span></h3>'];
  if (report.traceNote) parts.push(`<p class="note">${e(report.traceNote)}</p>`);
  if (!t) return parts.join('\n');
  const lines = statementLines(t);
  if (lines.length) parts.push(`<ul class="why">${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`);
  for (const tb of t.tables) {
    parts.push(
      `<h4 id="${e(traceAnchor(tb.name))}">${e(tableTitle(tb))}</h4><p>${e(tb.why)}${scanLine(tb) ? ` <span class="muted">(${e(scanLine(tb))})</span>` : ''}</p>`,
    );
    const alts = sortedAlternatives(tb);
    if (alts.length > 1)
      parts.push(
        table(
          TRACE_HEADERS,
          alts.map((a) => alternativeCells(a).map((c, i) => (i === 5 && c ? `<b>${e(c)}</b>` : e(c)))),
          'why',
        ),
      );
  }
  return parts.join('\n');
}
