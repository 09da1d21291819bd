import type { Plan } from '../core/plan/model';
import type { Report, StatementFacts } from '../core/report/model';
import { executionSummary, fmtMs, fmtNum, serverLabel, shownCounters } from '../core/report/view';
import { h, icon as codicon, table } from './dom';
import { PlanViewer } from './plan/viewer';
import { prettyJson, rowsToTsv, type RawBlock } from './plan/raw';
import type { WebviewToHost } from '../core/protocol';
import { liveSection } from './live';
import { whySection } from './why';

type Post = (msg: WebviewToHost) => void;

function section(id: string, title: string, ...body: Array<Node | string | null>): HTMLElement {
  const c = h('vscode-collapsible', { id, heading: title, open: '' });
  for (const b of body) if (b !== null) c.append(b);
  return c;
}

/** Raw outputs a report keeps, as text blocks for the Raw tab. */
export function reportRaw(report: Report): RawBlock[] {
  const out: RawBlock[] = [];
  if (report.raw.analyze)
    out.push({
      title: report.server.flavor === 'mariadb' ? 'ANALYZE FORMAT=JSON' : 'EXPLAIN ANALYZE',
      text: report.raw.analyze.trim().startsWith('{') ? prettyJson(report.raw.analyze) : report.raw.analyze,
    });
  if (report.raw.explainJson) out.push({ title: 'EXPLAIN FORMAT=JSON', text: prettyJson(report.raw.explainJson) });
  if (report.raw.explainTree) out.push({ title: 'EXPLAIN FORMAT=TREE', text: report.raw.explainTree });
  if (report.raw.explainRows?.length) out.push({ title: 'EXPLAIN (tabular, tab-separated)', text: rowsToTsv(report.raw.explainRows) });
  return out;
}

function planSection(report: Report, post: Post): { el: HTMLElement; viewer?: PlanViewer } {
  const plan = report.plan ?? report.classicPlan;
  if (!plan) {
    return { el: section('plan', 'Plan', h('p', { class: 'error' }, report.planError?.message ?? 'No plan.')) };
  }
  const viewer = new PlanViewer({ plan, raw: reportRaw(report), ...(report.source ? { source: report.source } : {}), post });
  return { el: section('plan', 'Plan', viewer.element), viewer };
}

/** The numbers above the findings: rows examined and returned, and repeated runs. */
function statsLine(report: Report): Array<Node | string> {
  const rows = report.rows;
  const summary: Array<Node | string> = [];
  if (rows) {
    summary.push(
      h('span', { class: 'stat' }, h('b', {}, fmtNum(rows.examined)), ' rows examined'),
      h('span', { class: 'stat' }, h('b', {}, fmtNum(rows.returned)), ' returned'),
    );
    if (rows.ratio !== undefined)
      summary.push(h('span', { class: rows.ratio > 100 ? 'stat bad' : 'stat' }, h('b', {}, fmtNum(rows.ratio, 1)), ' examined per row returned'));
  }
  const rp = report.repeat;
  if (rp) {
    summary.push(
      h(
        'span',
        { class: 'stat' },
        `${rp.runs} runs: cold `,
        h('b', {}, fmtMs(rp.cold.ms)),
        rp.warm ? ` · warm ${fmtMs(rp.warm.min)} / ` : '',
        rp.warm ? h('b', {}, fmtMs(rp.warm.median)) : '',
        rp.warm ? ` / ${fmtMs(rp.warm.max)} (min/median/max)` : '',
      ),
    );
  }
  return summary;
}

function findingsSection(report: Report): HTMLElement | null {
  const findings = report.findings ?? [];
  const rows = report.rows;
  if (!findings.length && !rows && !report.repeat && !report.hints.length) return null;
  const icon: Record<string, string> = { error: 'error', warning: 'warning', info: 'info' };
  // A measured finding and the rule it points to say one thing: the rule's fix goes under the
  // first finding that cites it, and the rule is not listed again below.
  const cited = new Set<string>();
  const items = findings.map((f) => {
    const hint = f.hint && !cited.has(f.hint) ? report.hints.find((x) => x.rule === f.hint) : undefined;
    if (f.hint) cited.add(f.hint);
    return h(
      'li',
      { class: `finding ${f.severity}` },
      codicon(icon[f.severity]),
      ' ',
      h('b', {}, f.title),
      ' ',
      h('span', {}, f.detail),
      f.hint ? h('span', { class: 'muted' }, ` · rule ${f.hint}`) : null,
      hint?.fix ? h('div', { class: 'fix' }, codicon('lightbulb'), ' ', hint.fix) : null,
    );
  });
  const summary = statsLine(report);
  const el = h('section', { id: 'findings' }, h('div', { class: 'stats' }, ...summary));
  if (items.length) el.append(h('ul', { class: 'findings' }, ...items));
  // Rewrite hints for this statement (the editor shows them as squiggles too).
  const hints = report.hints
    .filter((x) => !cited.has(x.rule))
    .map((x) =>
      h(
        'li',
        { class: `finding hint ${x.severity}` },
        codicon('lightbulb'),
        ' ',
        h('code', {}, x.rule),
        ' ',
        h('span', {}, x.message),
        x.fix ? h('span', { class: 'muted' }, ` Fix: ${x.fix}`) : null,
      ),
    );
  if (hints.length) el.append(h('ul', { class: 'findings hints' }, ...hints));
  return el;
}

/** Counters grouped the way an expert reads them, each a log-scaled bar. */
function countersSection(report: Report): HTMLElement | null {
  if (!report.execution.executed && report.counters.length === 0) return null;
  const shown = shownCounters(report);
  const how = report.observation?.flushed ? 'after FLUSH STATUS' : 'before/after snapshots (no FLUSH STATUS)';
  const max = Math.max(1, ...shown.map((c) => Math.abs(c.corrected)));
  const groups = [...new Set(shown.map((c) => c.group))];
  const body = groups.map((g) => {
    const rows = shown
      .filter((c) => c.group === g)
      .map((c) => {
        const bar = h('span', { class: 'bar' });
        bar.style.width = `${Math.max(2, Math.round((Math.log10(1 + Math.abs(c.corrected)) / Math.log10(1 + max)) * 160))}px`;
        const title =
          c.delta !== c.corrected ? `raw delta ${fmtNum(c.delta)}, minus ${fmtNum(c.delta - c.corrected)} for observing` : 'raw delta, nothing to correct';
        return h('tr', { class: 'counter-row', title }, h('td', {}, h('code', {}, c.name)), h('td', { class: 'num' }, fmtNum(c.corrected)), h('td', {}, bar));
      });
    return h('tbody', { class: 'group' }, h('tr', { class: 'group-head' }, h('th', { colspan: '3' }, g)), ...rows);
  });
  return section(
    'counters',
    `Status counters (${shown.length})`,
    h('p', { class: 'muted' }, `Session counters ${how}, corrected for the cost of SHOW STATUS itself (hover a row for the raw figure).`),
    shown.length ? h('table', { class: 'counters grouped' }, ...body) : h('p', {}, 'No counter changed.'),
  );
}

/** The stages as a timeline strip (widths are time shares), then the list. */
function profileSection(report: Report): HTMLElement | null {
  const p = report.profile;
  const st = p.statement;
  const figures = st
    ? h(
        'p',
        { class: 'muted' },
        `performance_schema: ${fmtMs(st.ms)} (lock ${fmtMs(st.lockMs)}), ${fmtNum(st.rowsExamined)} rows examined, ${fmtNum(st.rowsSent)} sent`,
        st.createdTmpTables ? `, ${st.createdTmpTables} temporary table(s)${st.createdTmpDiskTables ? ` (${st.createdTmpDiskTables} on disk)` : ''}` : '',
        st.sortMergePasses ? `, ${st.sortMergePasses} sort merge pass(es)` : '',
        st.noIndexUsed ? ', no index used' : '',
      )
    : null;
  if (!p.stages.length) {
    if (!report.execution.executed) return null;
    return section('profile', 'Profile', h('p', { class: 'muted' }, p.note ?? 'No profile.'), figures ?? '');
  }
  const total = p.totalMs || 1;
  const top = p.stages.reduce((a, b) => (b.ms > a.ms ? b : a));
  const strip = h('div', { class: 'timeline', role: 'img', 'aria-label': `Stage timeline; slowest stage ${top.name}` });
  for (const s of p.stages) {
    const seg = h('span', { class: s === top ? 'seg top' : 'seg', title: `${s.name}: ${fmtMs(s.ms)} (${((s.ms / total) * 100).toFixed(1)}%)` });
    seg.style.flexGrow = String(Math.max(s.ms, total / 400));
    strip.append(seg);
  }
  const rows = p.stages.map((s) => {
    const bar = h('span', { class: s === top ? 'bar top' : 'bar' });
    bar.style.width = `${Math.max(1, Math.round((s.ms / total) * 160))}px`;
    return [s.name, h('span', { class: 'num' }, fmtMs(s.ms)), bar, h('span', { class: 'num' }, `${((s.ms / total) * 100).toFixed(1)}%`)];
  });
  return section(
    'profile',
    `Profile (${p.source ?? ''}, ${fmtMs(p.totalMs)})`,
    h('p', {}, 'Slowest stage: ', h('b', {}, top.name), ` (${fmtMs(top.ms)}, ${((top.ms / total) * 100).toFixed(0)}% of the time)`),
    strip,
    figures ?? '',
    table(['Stage', 'Time', '', 'Share'], rows, 'profile', 'stage-row'),
  );
}

export function renderReport(root: HTMLElement, report: Report, connection: string, post: Post): PlanViewer | undefined {
  const ex = report.execution;
  const plan = planSection(report, post);
  const live = report.live ? liveSection(report.live, report.source, post) : undefined;
  const status = h('div', { id: 'execution', class: ex.executed ? 'ok' : ex.error ? 'error' : 'muted' }, executionSummary(report));
  root.replaceChildren(
    h(
      'header',
      {},
      h('pre', { class: 'sql', id: 'statement' }, report.statement),
      h(
        'div',
        { class: 'meta' },
        h('vscode-badge', {}, serverLabel(report)),
        ' ',
        h('span', { class: 'muted' }, connection),
        ' ',
        h('vscode-button', { id: 'rerun', secondary: '', icon: 'refresh' }, 'Run again'),
        ' ',
        h('vscode-button', { id: 'copy-md', secondary: '', icon: 'copy' }, 'Copy as Markdown'),
      ),
      status,
      ...report.notes.map((n) => h('p', { class: 'note' }, n)),
    ),
    findingsSection(report) ?? '',
    // A statement that did not finish: how far it got comes before the estimated plan.
    live?.viewer ? live.el : '',
    plan.el,
    live && !live.viewer ? live.el : '',
    whySection(report) ?? '',
    countersSection(report) ?? '',
    profileSection(report) ?? '',
  );
  return plan.viewer;
}

/** Just a plan (Visualize EXPLAIN Output): no header, counters or profile. */
export function renderPlanOnly(root: HTMLElement, plan: Plan, raw: string, title: string, post: Post, source?: StatementFacts): PlanViewer {
  const viewer = new PlanViewer({ plan, raw: raw ? [{ title: 'Input', text: raw }] : [], ...(source ? { source } : {}), post });
  root.replaceChildren(h('header', {}, h('h2', { class: 'plan-title' }, title)), viewer.element);
  return viewer;
}

export function renderProgress(root: HTMLElement, statement: string, step: string, connection: string): void {
  root.replaceChildren(
    h('header', {}, h('pre', { class: 'sql', id: 'statement' }, statement), h('span', { class: 'muted' }, connection)),
    h('div', { id: 'progress' }, h('vscode-progress-ring', {}), ` ${step}…`),
  );
}

export function renderError(root: HTMLElement, statement: string, message: string, connection: string): void {
  root.replaceChildren(
    h('header', {}, h('pre', { class: 'sql', id: 'statement' }, statement), h('span', { class: 'muted' }, connection)),
    h('div', { id: 'error', class: 'error' }, message),
    h('vscode-button', { id: 'rerun', secondary: '', icon: 'refresh' }, 'Try again'),
  );
}
