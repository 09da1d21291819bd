import type { Plan } from '../core/plan/model';
import type { Report } from '../core/report/model';
import { executionSummary, fmtMs, fmtNum, serverLabel, shownCounters } from '../core/report/view';
import { h, table } from './dom';
import { PlanViewer } from './plan/viewer';
import { prettyJson, rowsToTsv, type RawBlock } from './plan/raw';
import type { WebviewToHost } from './protocol';

type Post = (msg: WebviewToHost) => void;

function section(id: string, title: string, ...body: Array<Node | string | null>): HTMLElement {
  const c = h('vscode-collapsible', { id, heading: title, open: '' });
  for (const b of body) if (b !== null) c.append(b);
  return c;
}

/** Raw outputs a report keeps, as text blocks for the Raw tab. */
export function reportRaw(report: Report): RawBlock[] {
  const out: RawBlock[] = [];
  if (report.raw.explainJson) out.push({ title: 'EXPLAIN FORMAT=JSON', text: prettyJson(report.raw.explainJson) });
  if (report.raw.explainRows?.length) out.push({ title: 'EXPLAIN (tabular, tab-separated)', text: rowsToTsv(report.raw.explainRows) });
  return out;
}

function planSection(report: Report, post: Post): { el: HTMLElement; viewer?: PlanViewer } {
  const plan = report.plan ?? report.classicPlan;
  if (!plan) {
    return { el: section('plan', 'Plan', h('p', { class: 'error' }, report.planError?.message ?? 'No plan.')) };
  }
  const viewer = new PlanViewer({ plan, raw: reportRaw(report), statement: report.statement, post });
  return { el: section('plan', 'Plan', viewer.element), viewer };
}

function countersSection(report: Report): HTMLElement | null {
  if (!report.execution.executed && report.counters.length === 0) return null;
  const shown = shownCounters(report);
  const how = report.observation?.flushed ? 'after FLUSH STATUS' : 'before/after snapshots (no FLUSH STATUS)';
  const max = Math.max(1, ...shown.map((c) => Math.abs(c.corrected)));
  const rows = shown.map((c) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${Math.max(2, Math.round((Math.log10(1 + Math.abs(c.corrected)) / Math.log10(1 + max)) * 120))}px`;
    return [c.group, h('code', {}, c.name), h('span', { class: 'num' }, fmtNum(c.corrected)), bar, h('span', { class: 'num muted' }, c.delta !== c.corrected ? fmtNum(c.delta) : '')];
  });
  return section('counters', `Status counters (${shown.length})`,
    h('p', { class: 'muted' }, `Session counters ${how}, corrected for the cost of SHOW STATUS itself.`),
    shown.length ? table(['Group', 'Counter', 'Delta', '', 'Raw'], rows, 'counters', 'counter-row') : h('p', {}, 'No counter changed.'));
}

function profileSection(report: Report): HTMLElement | null {
  const p = report.profile;
  if (!p.stages.length) return report.execution.executed && p.note ? section('profile', 'Profile', h('p', { class: 'muted' }, p.note)) : null;
  const total = p.totalMs || 1;
  const top = p.stages.reduce((a, b) => (b.ms > a.ms ? b : a));
  const rows = p.stages.map((s) => {
    const bar = h('span', { class: s === top ? 'bar top' : 'bar' });
    bar.style.width = `${Math.max(1, Math.round((s.ms / total) * 160))}px`;
    return [s.name, h('span', { class: 'num' }, fmtMs(s.ms)), bar, h('span', { class: 'num' }, `${((s.ms / total) * 100).toFixed(1)}%`)];
  });
  return section('profile', `Profile (${p.source ?? ''}, ${fmtMs(p.totalMs)})`,
    h('p', {}, 'Slowest stage: ', h('b', {}, top.name), ` (${fmtMs(top.ms)})`),
    table(['Stage', 'Time', '', 'Share'], rows, 'profile', 'stage-row'));
}

export function renderReport(root: HTMLElement, report: Report, connection: string, post: Post): PlanViewer | undefined {
  const ex = report.execution;
  const plan = planSection(report, post);
  const status = h('div', { id: 'execution', class: ex.executed ? 'ok' : ex.error ? 'error' : 'muted' }, executionSummary(report));
  root.replaceChildren(
    h('header', {},
      h('pre', { class: 'sql', id: 'statement' }, report.statement),
      h('div', { class: 'meta' },
        h('vscode-badge', {}, serverLabel(report)), ' ',
        h('span', { class: 'muted' }, connection), ' ',
        h('vscode-button', { id: 'rerun', secondary: '', icon: 'refresh' }, 'Run again'), ' ',
        h('vscode-button', { id: 'copy-md', secondary: '', icon: 'copy' }, 'Copy as Markdown')),
      status,
      ...report.notes.map((n) => h('p', { class: 'note' }, n))),
    plan.el,
    countersSection(report) ?? '',
    profileSection(report) ?? '',
  );
  return plan.viewer;
}

/** Just a plan (Visualize EXPLAIN Output): no header, counters or profile. */
export function renderPlanOnly(root: HTMLElement, plan: Plan, raw: string, title: string, post: Post, statement?: string): PlanViewer {
  const viewer = new PlanViewer({ plan, raw: raw ? [{ title: 'Input', text: raw }] : [], statement, post });
  root.replaceChildren(h('header', {}, h('h2', { class: 'plan-title' }, title)), viewer.element);
  return viewer;
}

export function renderProgress(root: HTMLElement, statement: string, step: string, connection: string): void {
  root.replaceChildren(
    h('header', {}, h('pre', { class: 'sql', id: 'statement' }, statement), h('span', { class: 'muted' }, connection)),
    h('div', { id: 'progress' }, h('vscode-progress-ring', {}), ` ${step}…`));
}

export function renderError(root: HTMLElement, statement: string, message: string, connection: string): void {
  root.replaceChildren(
    h('header', {}, h('pre', { class: 'sql', id: 'statement' }, statement), h('span', { class: 'muted' }, connection)),
    h('div', { id: 'error', class: 'error' }, message),
    h('vscode-button', { id: 'rerun', secondary: '', icon: 'refresh' }, 'Try again'));
}
