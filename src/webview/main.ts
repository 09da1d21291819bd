import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { PlanViewer } from './plan/viewer';
import { assertNever, isHostToWebview, isViewState, type HostToWebview, type ViewState, type WebviewToHost } from '../core/protocol';
import { renderError, renderPlanOnly, renderProgress, renderReport } from './render';
import { LiveView } from './live';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app')!;
const post = (msg: WebviewToHost) => vscode.postMessage(msg);
let viewer: PlanViewer | undefined;
let live: LiveView | undefined;

function show(msg: ViewState): void {
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
  // Read by the preview harness and tests: how long building the DOM took.
  document.body.dataset.renderMs = (performance.now() - t0).toFixed(2);
}

function receive(msg: HostToWebview): void {
  if (msg.type === 'selectTable') {
    viewer?.selectTable(msg.name);
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
  if (target?.id === 'rerun') post({ type: 'rerun' });
  else if (target?.id === 'copy-md') post({ type: 'copy', format: 'markdown' });
  else if (target?.id === 'cancel') post({ type: 'cancel' });
});

// The icon font is fetched on first use; asked for now, it is in before the first report,
// so the plan's icons do not swap in (and lay the boxes out again) a frame later.
document.fonts.load('16px codicon').catch(() => undefined);

const saved = vscode.getState();
if (isViewState(saved)) show(saved);
post({ type: 'ready' });
