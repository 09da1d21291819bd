import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { assertNever, isHostToWebview, type HostToWebview, type WebviewToHost } from './protocol';
import { renderError, renderProgress, renderReport } from './render';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app')!;

function show(msg: HostToWebview): void {
  switch (msg.type) {
    case 'progress': renderProgress(root, msg.statement, msg.step, msg.connection); break;
    case 'report': renderReport(root, msg.report, msg.connection); break;
    case 'error': renderError(root, msg.statement, msg.message, msg.connection); break;
    default: assertNever(msg);
  }
  document.body.dataset.state = msg.type;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostToWebview(event.data)) return;
  show(event.data);
  // Keep the last report so a hidden-then-shown panel comes back without a round trip.
  if (event.data.type !== 'progress') vscode.setState(event.data);
});

root.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest('[id]');
  if (target?.id === 'rerun') vscode.postMessage({ type: 'rerun' });
  else if (target?.id === 'copy-md') vscode.postMessage({ type: 'copy', format: 'markdown' });
});

const saved = vscode.getState();
if (isHostToWebview(saved)) show(saved);
vscode.postMessage({ type: 'ready' });
