import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { PlanViewer } from './plan/viewer';
import { assertNever, isHostToWebview, isViewState, type HostToWebview, type NumberedViewState, type WebviewToHost } from '../core/protocol';
import { renderError, renderPlanOnly, renderProgress, renderReport } from './render';
import { LiveView } from './live';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Epoch ms now: the benchmark (scripts/bench/editor.mjs) lines these up with the host's marks. */
const now = () => performance.timeOrigin + performance.now();
const bootAt = now();
let loadedAt: number | undefined;
window.addEventListener('load', () => (loadedAt = now()));
const vscode = acquireVsCodeApi();
const root = document.getElementById('app')!;
const post = (msg: WebviewToHost) => vscode.postMessage(msg);
let viewer: PlanViewer | undefined;
let live: LiveView | undefined;
/** The id of the state on show (the host may post one twice: at once, and on "ready"). */
let shownId: number | undefined;
/** The statement of the report on show: a re-run of it keeps the report up while it runs. */
let reportStatement: string | undefined;

function show(msg: NumberedViewState): void {
  const t0 = performance.now();
  viewer = undefined;
  if (msg.type !== 'live') live = undefined;
  try {
    switch (msg.type) {
      case 'live':
        // Later updates of the same run patch the view in place.
        if (!live || document.body.dataset.state !== 'live') live = new LiveView(root, msg.statement, msg.connection, post);
        live.update(msg.update);
        viewer = live.viewer;
        break;
      case 'progress':
        renderProgress(root, msg.statement, msg.step, msg.connection);
        break;
      case 'report':
        viewer = renderReport(root, msg.report, msg.connection, post);
        break;
      case 'error':
        renderError(root, msg.statement, msg.message, msg.connection);
        break;
      case 'plan':
        viewer = renderPlanOnly(root, msg.plan, msg.raw, msg.title, post, msg.source);
        break;
      default:
        assertNever(msg);
    }
  } catch (e) {
    // A bug in a renderer must not leave an empty panel: say what failed.
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = `The report could not be shown: ${e instanceof Error ? e.message : String(e)}`;
    root.replaceChildren(p);
  }
  document.body.dataset.state = msg.type;
  delete document.body.dataset.busy;
  reportStatement = msg.type === 'report' ? msg.report.statement : undefined;
  shownId = msg.id;
  if (msg.id !== undefined) document.body.dataset.viewId = String(msg.id);
  // Read by the preview harness and tests: how long building the DOM took.
  document.body.dataset.renderMs = (performance.now() - t0).toFixed(2);
  const marks = { type: msg.type, boot: bootAt, loaded: loadedAt, message: t0 + performance.timeOrigin, built: now() };
  // After the next frame, the view is painted: the host may start what waits for it, and the
  // benchmark reads when (scripts/bench/editor.mjs).
  requestAnimationFrame(() =>
    setTimeout(() => {
      document.body.dataset.marks = JSON.stringify({ ...marks, painted: now() });
      if (msg.id !== undefined) post({ type: 'shown', id: msg.id });
    }),
  );
}

/** A run of the statement on show: the report stays, its header says the run is on (`step` once the host names one). */
function showBusy(step?: string): void {
  document.body.dataset.busy = step ?? '';
  const meta = root.querySelector('header .meta');
  let busy = root.querySelector<HTMLElement>('#busy');
  if (!busy && meta) {
    busy = document.createElement('span');
    busy.id = 'busy';
    busy.className = 'muted';
    meta.append(' ', busy);
  }
  if (busy) busy.textContent = step ? `Running again: ${step}…` : 'Running again…';
}

let clickedAt = 0;
/**
 * Run again says so at once: the host sends the run's steps only once it has lasted 150 ms
 * (src/editor/lateSteps.ts). A click the host does not act on (no connection picked) would
 * leave the label up: it goes after BUSY_UNANSWERED_MS with no word from the host.
 */
const BUSY_UNANSWERED_MS = 3000;
function rerunClicked(): void {
  const at = (clickedAt = performance.now());
  showBusy();
  setTimeout(() => {
    if (clickedAt !== at || document.body.dataset.busy !== '') return;
    delete document.body.dataset.busy;
    root.querySelector('#busy')?.remove();
  }, BUSY_UNANSWERED_MS);
}

function receive(msg: HostToWebview): void {
  if (msg.type === 'selectTable') {
    viewer?.selectTable(msg.name);
    return;
  }
  const id = (msg as NumberedViewState).id;
  if (id !== undefined && id === shownId) return;
  if (msg.type === 'progress' && reportStatement === msg.statement && document.body.dataset.state === 'report') {
    shownId = id;
    showBusy(msg.step);
    return;
  }
  show(msg);
  // Keep the last view so a hidden-then-shown panel comes back without a round trip.
  if (msg.type !== 'progress' && msg.type !== 'live') vscode.setState(msg);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebview(event.data)) receive(event.data);
});

root.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('[id]');
  if (target?.id === 'rerun') {
    rerunClicked();
    post({ type: 'rerun' });
  } else if (target?.id === 'copy-md') post({ type: 'copy', format: 'markdown' });
  else if (target?.id === 'cancel') post({ type: 'cancel' });
});

// The icon font is fetched on first use; asked for now, it is in before the first report,
// so the plan's icons do not swap in (and lay the boxes out again) a frame later.
document.fonts.load('16px codicon').catch(() => undefined);

const saved = vscode.getState();
if (isViewState(saved)) show(saved);
post({ type: 'ready', ...(shownId !== undefined ? { shown: shownId } : {}) });
