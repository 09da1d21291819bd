import type { Report } from '../core/report/model';
import { executionSummary, fmtMs, fmtNum, planRows, serverLabel, shownCounters } from '../core/report/view';
import { h, table } from './dom';

function section(id: string, title: string, ...body: Array<Node | string | null>): HTMLElement {
  const c = h('vscode-collapsible', { id, heading: title, open: '' });
  for (const b of body) if (b !== null) c.append(b);
  return c;
}

function planSection(report: Report): HTMLElement {
  if (!report.plan) {
    return section('plan', 'Plan', h('p', { class: 'error' }, report.planError?.message ?? 'No plan.'));
  }
  const rows = planRows(report.plan.root).map((r) => {
    const op = h('span', { class: 'op' }, r.op);
    op.style.paddingLeft = `${r.depth * 14}px`;
    const access = h('span', { class: r.access === 'ALL' ? 'access bad' : 'access' }, r.access);
    return [op, r.table, access, r.key, r.rows, r.actual, r.cost, r.extra];
  });
  return section('plan', `Plan (${report.plan.format})`,
    table(['Operation', 'Table', 'Type', 'Key', 'Rows', 'Actual', 'Cost / time', 'Extra'], rows, 'plan', 'plan-row'));
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

export function renderReport(root: HTMLElement, report: Report, connection: string): void {
  const ex = report.execution;
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
    planSection(report),
    countersSection(report) ?? '',
    profileSection(report) ?? '',
  );
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
