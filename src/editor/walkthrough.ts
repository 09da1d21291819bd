// The walkthrough's "Add a connection" step ticks once a connection is saved, however it was
// added: the status bar and Select Connection add one without running the command, and a
// cancelled command adds none. VS Code's walkthrough service hears completion events only
// while it exists, and it is made lazily (when a walkthrough or the Welcome page opens), so
// a connection added before that would never tick the step: the step is marked done
// directly as well (welcome.markStepComplete keeps the mark even before the service has
// read the walkthrough).
import * as vscode from 'vscode';
import type { ConnectionStore } from './connections';

export const HAS_CONNECTION = 'mysqlQueryTuner.hasConnection';
const WALKTHROUGH = 'mysqlQueryTuner.start';

export function registerWalkthroughContext(store: ConnectionStore, extensionId: string, subs: vscode.Disposable[]): void {
  let marked = false;
  const update = () => {
    const has = store.list().length > 0;
    void vscode.commands.executeCommand('setContext', HAS_CONNECTION, has);
    if (!has || marked) return;
    marked = true;
    // Rejects when the walkthrough is not registered yet, after keeping the mark.
    void vscode.commands.executeCommand('welcome.markStepComplete', `${extensionId}#${WALKTHROUGH}#connect`).then(undefined, () => undefined);
  };
  update();
  store.onDidChange(update, null, subs);
}
