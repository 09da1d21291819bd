import * as vscode from 'vscode';
import type { HintFinding } from '../../core/hints';
import { F, type HintTable } from '../../core/hints/packed';
import { toRange, type HintCache } from './analysis';
import { HINT_SOURCE } from './diagnostics';
import type { InternalCommandId } from '../commandIds';

export const COPY_DDL: InternalCommandId = 'mysqlQueryTuner.hints.copyDdl';

/** Quick fixes: apply the rewrite, copy the DDL, or silence the rule on this statement. */
export class HintActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly cache: HintCache) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === HINT_SOURCE);
    if (!ours.length) return [];
    const table = (await this.cache.analyze(doc))?.table;
    if (!table) return [];
    const out: vscode.CodeAction[] = [];
    for (const d of ours) {
      const rule = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      const i = findingOf(table, rule, d.range);
      if (i >= 0) out.push(...actionsFor(doc, table.finding(i), d));
    }
    return out;
  }
}

/** The finding of `rule` at exactly `range` (compared as positions, as the diagnostic has them), or -1. */
function findingOf(table: HintTable, rule: string, range: vscode.Range): number {
  const { start, end } = range;
  for (let i = 0; i < table.findingCount; i++)
    if (
      table.at(i, F.line) === start.line &&
      table.at(i, F.char) === start.character &&
      table.at(i, F.endLine) === end.line &&
      table.at(i, F.endChar) === end.character &&
      table.rule(i) === rule
    )
      return i;
  return -1;
}

export function actionsFor(doc: vscode.TextDocument, h: HintFinding, d?: vscode.Diagnostic): vscode.CodeAction[] {
  const out: vscode.CodeAction[] = [];
  if (h.edit) {
    const a = new vscode.CodeAction(`Rewrite: ${short(h.edit.text) || 'remove'}`, vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    a.edit.replace(doc.uri, toRange(doc, h.edit), h.edit.text);
    if (d) a.diagnostics = [d];
    a.isPreferred = true;
    out.push(a);
    // Measure before applying: both statements through the profiler, side by side.
    const original = doc.getText(toRange(doc, h.statement));
    const rel = { start: h.edit.start - h.statement.start, end: h.edit.end - h.statement.start };
    if (rel.start >= 0 && rel.end <= original.length) {
      const rewritten = original.slice(0, rel.start) + h.edit.text + original.slice(rel.end);
      const cmp = new vscode.CodeAction('Compare with rewrite (runs both, checks the rows match)', vscode.CodeActionKind.QuickFix);
      cmp.command = { command: 'mysqlQueryTuner.compareRewrite', title: vscode.l10n.t('Compare with rewrite'), arguments: [original, rewritten] };
      if (d) cmp.diagnostics = [d];
      out.push(cmp);
    }
  }
  if (h.ddl) {
    const a = new vscode.CodeAction(`Copy to clipboard: ${short(h.ddl)}`, vscode.CodeActionKind.QuickFix);
    a.command = { command: COPY_DDL, title: vscode.l10n.t('Copy'), arguments: [h.ddl] };
    if (d) a.diagnostics = [d];
    out.push(a);
  }
  const line = doc.lineAt(doc.positionAt(h.statement.start).line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const off = new vscode.CodeAction(`Disable ${h.rule} for this statement`, vscode.CodeActionKind.QuickFix);
  off.edit = new vscode.WorkspaceEdit();
  off.edit.insert(doc.uri, line.range.start, `${indent}-- mqt-disable-next-line ${h.rule}\n`);
  if (d) off.diagnostics = [d];
  out.push(off);
  return out;
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** The quick fix's Copy (internal command COPY_DDL, in the command table). */
export async function copyDdl(ddl: unknown): Promise<void> {
  if (typeof ddl !== 'string') return;
  await vscode.env.clipboard.writeText(ddl);
  void vscode.window.showInformationMessage(`Copied: ${short(ddl)}`);
}
