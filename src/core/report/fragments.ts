import { GROUP_ORDER } from '../counters/groups';
import { speedChange, type Comparison } from './compare';
import { batchCells, batchHeaders, batchSummary } from './batch';
import { escapeHtml as e } from './html';
import type { Report } from './model';
import { fmtMs, fmtNum } from './view';

/**
 * HTML fragments for the script-free panels (side view, comparison, batch summary). Every
 * value is escaped; bars are SVG rects because the panels' CSP allows no inline styles.
 */
function bar(value: number, max: number, cls = 'bar'): string {
  const w = max > 0 ? Math.max(1, Math.round((Math.log10(1 + Math.abs(value)) / Math.log10(1 + max)) * 100)) : 0;
  return `<svg class="${cls}" width="100" height="8" aria-hidden="true"><rect width="${w}" height="8" rx="2"></rect></svg>`;
}

export interface CounterLine {
  name: string;
  value: number;
  group: string;
}

/** Grouped counters with log-scaled bars. */
export function countersFragment(lines: CounterLine[], empty: string): string {
  if (lines.length === 0) return `<p class="muted">${e(empty)}</p>`;
  const max = Math.max(...lines.map((l) => Math.abs(l.value)));
  const groups = [...new Set(lines.map((l) => l.group))].sort((a, b) => GROUP_ORDER.indexOf(a as never) - GROUP_ORDER.indexOf(b as never));
  return groups
    .map(
      (g) =>
        `<h4>${e(g)}</h4><table class="counters">${lines
          .filter((l) => l.group === g)
          .map((l) => `<tr><td><code>${e(l.name)}</code></td><td class="num">${e(fmtNum(l.value))}</td><td>${bar(l.value, max)}</td></tr>`)
          .join('')}</table>`,
    )
    .join('');
}

export function comparisonFragment(c: Comparison): string {
  const change = speedChange(c.timeRatio);
  const parts = [
    `<h2>Compare runs</h2>`,
    `<table class="ab"><tr><th></th><th>A</th><th>B</th></tr>`,
    `<tr><td>statement</td><td><pre>${e(c.a.statement)}</pre></td><td><pre>${e(c.b.statement)}</pre></td></tr>`,
    `<tr><td>run at</td><td>${e(new Date(c.a.createdAt).toLocaleString())}</td><td>${e(new Date(c.b.createdAt).toLocaleString())}</td></tr>`,
    `<tr><td>time</td><td class="num">${e(fmtMs(c.a.ms))}</td><td class="num">${e(fmtMs(c.b.ms))} <b class="${change === 'about the same' ? 'muted' : c.timeRatio !== undefined && c.timeRatio > 1 ? 'worse' : 'better'}">${e(change)}</b></td></tr>`,
    `<tr><td>rows</td><td class="num">${e(fmtNum(c.a.rows))}</td><td class="num">${e(fmtNum(c.b.rows))}</td></tr>`,
    c.sameRows === undefined
      ? ''
      : `<tr><td>result</td><td colspan="2" class="${c.sameRows ? 'better' : 'worse'}"><b>${c.sameRows ? 'Same rows (checksums match)' : 'DIFFERENT rows: the rewrite does not return the same result'}</b> <span class="muted">${e(c.a.checksum ?? '')} / ${e(c.b.checksum ?? '')}</span></td></tr>`,
    '</table>',
  ];
  parts.push('<h3>Plan</h3>');
  parts.push(
    c.plan.length
      ? `<table><tr><th>table</th><th>A</th><th>B</th></tr>${c.plan.map((p) => `<tr><td>${e(p.table)}</td><td>${e(p.a ?? '—')}</td><td>${e(p.b ?? '—')}</td></tr>`).join('')}</table>`
      : '<p class="muted">Every table is read the same way.</p>',
  );
  const moved = c.counters.filter((x) => x.change !== 0);
  parts.push('<h3>Counters</h3>');
  parts.push(
    moved.length
      ? `<table><tr><th>counter</th><th>A</th><th>B</th><th>change</th></tr>${moved
          .map(
            (x) =>
              `<tr><td><code>${e(x.name)}</code></td><td class="num">${e(fmtNum(x.a))}</td><td class="num">${e(fmtNum(x.b))}</td><td class="num ${x.change > 0 ? 'worse' : 'better'}">${x.change > 0 ? '+' : ''}${e(fmtNum(x.change))}</td></tr>`,
          )
          .join('')}</table>`
      : '<p class="muted">No counter changed.</p>',
  );
  // Stage times move by microseconds from run to run: show the changes that matter.
  const stages = c.stages.filter((x) => Math.abs(x.change) >= 0.01).slice(0, 12);
  if (stages.length) {
    parts.push(
      `<h3>Stages</h3><table><tr><th>stage</th><th>A</th><th>B</th><th>change</th></tr>${stages
        .map(
          (x) =>
            `<tr><td>${e(x.name)}</td><td class="num">${e(fmtMs(x.a))}</td><td class="num">${e(fmtMs(x.b))}</td><td class="num ${x.change > 0 ? 'worse' : 'better'}">${x.change > 0 ? '+' : '−'}${e(fmtMs(Math.abs(x.change)))}</td></tr>`,
        )
        .join('')}</table>`,
    );
  }
  return parts.join('\n');
}

/** The batch summary; `link(i)` gives the href that opens report i (a command URI in the editor). */
export function batchFragment(reports: Report[], link: (index: number) => string): string {
  const rows = batchSummary(reports);
  const head = batchHeaders()
    .map((h) => `<th>${e(h)}</th>`)
    .join('');
  const body = rows
    .map((r) => {
      const cells = batchCells(r).map((c, i) =>
        i === 8 ? `<td><a href="${e(link(r.index))}">${e(c)}</a></td>` : `<td${i > 0 && i < 8 ? ' class="num"' : ''}>${e(c)}</td>`,
      );
      return `<tr class="${r.findings > 0 ? 'flag' : ''}">${cells.join('')}</tr>`;
    })
    .join('');
  return `<h2>${reports.length} statements, slowest first</h2><table class="batch"><tr>${head}</tr>${body}</table>`;
}
