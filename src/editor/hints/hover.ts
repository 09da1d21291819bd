import * as vscode from 'vscode';
import type { HintFinding } from '../../core/hints';
import { walkPlan } from '../../core/plan/model';
import type { Report } from '../../core/report/model';
import { codeSpan, mdText as escape } from '../../core/report/markdown';
import { toRange, type HintCache, type ReportFor } from './analysis';

const EXPLAIN = 'mysqlQueryTuner.explainProfile';
const ICON: Record<HintFinding['severity'], string> = { error: '$(error)', warning: '$(warning)', info: '$(info)' };

/** Hints under the cursor and, for an analysed statement, its plan in a few lines. In-memory only. */
export class HintHover implements vscode.HoverProvider {
  constructor(
    private readonly cache: HintCache,
    private readonly reportFor: ReportFor | undefined,
  ) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = doc.offsetAt(pos);
    const analysis = await this.cache.analyze(doc);
    if (!analysis) return undefined;
    const { table } = analysis;
    const here = table.findingsAt(offset).map((i) => table.finding(i));
    const st = table.statementOf(offset);
    const stRange = st ? toRange(doc, st) : undefined;
    const report = st && this.reportFor ? safe(() => this.reportFor!(doc.uri, stRange!)) : undefined;
    if (!here.length && !report) return undefined;
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: [EXPLAIN] };
    for (const h of here) {
      md.appendMarkdown(`${ICON[h.severity]} **${escape(h.title)}** \`${h.rule}\`\n\n${escape(h.message)}\n\n`);
      if (h.evidence?.length) md.appendMarkdown(h.evidence.map((e) => `- ${escape(e)}`).join('\n') + '\n\n');
      const fix = h.edit?.text ?? h.ddl ?? h.fix;
      if (fix) md.appendCodeblock(fix, h.edit || h.ddl ? 'sql' : 'text');
    }
    if (report && stRange) {
      if (here.length) md.appendMarkdown('---\n\n');
      md.appendMarkdown(planSummary(report));
      const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), { start: stRange.start, end: stRange.end }]));
      md.appendMarkdown(`\n\n[Explain & Profile again](command:${EXPLAIN}?${args})`);
    }
    const range = here.length ? toRange(doc, here[0].range) : stRange;
    return new vscode.Hover(md, range);
  }
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Access type, key and rows of each table the plan reads, plus time and rows of the run. */
export function planSummary(report: Report): string {
  const lines: string[] = ['**Last analysis**'];
  const ex = report.execution;
  lines.push(ex.executed ? `${ex.rows} row(s) in ${ex.ms.toFixed(1)} ms` : `not executed${ex.reason ? `: ${escape(ex.reason)}` : ''}`);
  if (report.plan) {
    for (const { node } of walkPlan(report.plan.root)) {
      if (!node.table) continue;
      const parts = [codeSpan(node.alias ?? node.table), escape(node.accessType ?? node.op)];
      if (node.key) parts.push(`key ${escape(node.key)}`);
      if (node.rowsEstimated !== undefined) parts.push(`~${node.rowsEstimated} rows`);
      if (node.timeMs !== undefined) parts.push(`${node.timeMs.toFixed(1)} ms`);
      const flags = node.extra.filter((e) => /temporary|filesort/i.test(e));
      if (flags.length) parts.push(escape(flags.join(', ')));
      lines.push(`- ${parts.join(' · ')}`);
    }
  }
  return lines.join('\n\n').replace(/\n\n- /g, '\n- ');
}
