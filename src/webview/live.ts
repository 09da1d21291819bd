/**
 * The live view of a running statement: the plan graph (the report's own plan viewer) with
 * rows so far per node, the stage and the elapsed time, and Cancel. Updates patch the nodes
 * in place, so pan, zoom and the selected node survive; the node that grew since the last
 * update is lit ("live-growing"), and its bar shows the share of the estimate read so far.
 */
import type { LiveSummary, LiveUpdate } from '../core/live/model';
import type { StatementFacts } from '../core/report/model';
import { liveSummaryLine, progressLine, shareOfEstimate } from '../core/live/read';
import { h } from './dom';
import { compact } from './plan/format';
import { PlanViewer } from './plan/viewer';
import { prettyJson } from './plan/raw';
import type { WebviewToHost } from '../core/protocol';

type Post = (msg: WebviewToHost) => void;

const SOURCES: Record<LiveUpdate['source'], string> = {
  'show-analyze': 'SHOW ANALYZE FOR',
  'explain-for-connection': 'EXPLAIN FOR CONNECTION: the plan only, no rows so far',
  elapsed: 'elapsed time only',
};

/** Marks each watched node of a rendered plan: rows so far, share of the estimate, growing or not. */
export function markLiveNodes(container: HTMLElement, update: LiveUpdate): void {
  for (const el of container.querySelectorAll('.plan-graph .node.live-growing')) el.classList.remove('live-growing');
  for (const n of update.nodes) {
    const el = container.querySelector<HTMLElement>(`.plan-graph .node[data-id="${n.id}"]`);
    if (!el) continue;
    el.classList.toggle('live-growing', n.grew === true);
    el.classList.add('live');
    const share = shareOfEstimate(n);
    const rows = el.querySelector('.node-rows > span:first-child');
    if (rows && n.rows !== undefined) {
      rows.textContent = `${compact(n.rows)}${n.loops !== undefined && n.loops !== 1 ? ` ×${compact(n.loops)}` : ''} rows${share ? ` · ${share}` : n.rowsEstimated !== undefined ? ` · est ${compact(n.rowsEstimated)}` : ''}`;
    }
    const fill = el.querySelector<HTMLElement>('.node-bar-fill');
    if (fill && n.rows !== undefined && n.rowsEstimated) fill.style.width = `${Math.min(100, (n.rows / n.rowsEstimated) * 100).toFixed(1)}%`;
  }
}

export class LiveView {
  viewer: PlanViewer | undefined;
  private signature = '';
  private readonly status: HTMLElement;
  private readonly planHost: HTMLElement;

  constructor(
    root: HTMLElement,
    statement: string,
    connection: string,
    private readonly post: Post,
  ) {
    this.status = h('div', { id: 'live-status' });
    this.planHost = h('div', { id: 'live-plan' });
    root.replaceChildren(
      h(
        'header',
        {},
        h('pre', { class: 'sql', id: 'statement' }, statement),
        h('div', { class: 'meta' }, h('span', { class: 'muted' }, connection), ' ', h('vscode-button', { id: 'cancel', icon: 'debug-stop' }, 'Cancel')),
      ),
      h('section', { id: 'live' }, this.status, this.planHost),
    );
  }

  update(u: LiveUpdate): void {
    this.status.replaceChildren(
      h('vscode-progress-ring', {}),
      ' ',
      h('b', {}, 'Running '),
      progressLine(u),
      h('span', { class: 'muted' }, ` · ${SOURCES[u.source]}`),
    );
    document.body.dataset.liveElapsed = String(Math.round(u.elapsedMs));
    if (!u.plan) {
      this.viewer = undefined;
      this.signature = '';
      this.planHost.replaceChildren(
        h('p', { class: 'muted', id: 'live-note' }, u.note ?? (u.source === 'elapsed' ? 'No live plan: elapsed time only.' : 'Waiting for the plan…')),
      );
      return;
    }
    // The same plan shape: patch the nodes; a new shape (a new query block started): rebuild.
    const signature = `${u.plan.format}:${u.nodes.map((n) => `${n.id}${n.table ?? ''}`).join(',')}`;
    if (!this.viewer || signature !== this.signature) {
      this.viewer = new PlanViewer({ plan: u.plan, raw: [], post: this.post });
      this.planHost.replaceChildren(this.viewer.element);
      this.signature = signature;
    }
    this.viewer.buildAll();
    markLiveNodes(this.planHost, u);
    this.planHost.querySelector('#live-note')?.remove();
    if (u.note) this.planHost.prepend(h('p', { class: 'muted', id: 'live-note' }, u.note));
  }
}

/** In the finished report: how the live view ended and, for a statement that did not finish, its last live plan. */
export function liveSection(live: LiveSummary, source: StatementFacts | undefined, post: Post): { el: HTMLElement; viewer?: PlanViewer } {
  const el = h('vscode-collapsible', { id: 'live', heading: live.ended ? 'How far it got' : 'Live view', open: '' });
  el.append(h('p', { class: live.ended ? 'live-ended' : 'muted' }, liveSummaryLine(live)));
  const plan = live.last.plan;
  if (!live.ended || !plan) return { el };
  const viewer = new PlanViewer({
    plan,
    raw: live.raw ? [{ title: 'Last live plan (SHOW ANALYZE / EXPLAIN FOR CONNECTION)', text: prettyJson(live.raw) }] : [],
    ...(source ? { source } : {}),
    post,
  });
  el.append(
    h('p', { class: 'muted' }, `The last live plan, at ${(live.last.elapsedMs / 1000).toFixed(1)} s${live.last.stage ? ` (${live.last.stage})` : ''}:`),
    viewer.element,
  );
  viewer.buildAll();
  markLiveNodes(viewer.element, live.last);
  return { el, viewer };
}
