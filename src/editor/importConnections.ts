import * as os from 'node:os';
import * as vscode from 'vscode';
import { discoverConnections } from '../core/connections/import';
import { savedFromSpec, type ConnectionStore } from './connections';

/**
 * Connections from where users already keep them: ~/.my.cnf, the MYSQL_* environment,
 * SQLTools settings and a mysql:// URL on the clipboard. Passwords go to secret storage.
 */
export async function importConnections(store: ConnectionStore): Promise<void> {
  const found = discoverConnections({
    home: os.homedir(),
    env: process.env,
    sqltools: vscode.workspace.getConfiguration('sqltools').get<unknown>('connections'),
    clipboard: await readClipboard(),
  });
  if (found.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No connections found in ~/.my.cnf, the MYSQL_HOST/MYSQL_PWD environment, SQLTools settings or the clipboard.'),
    );
    return;
  }
  const taken = new Set(store.list().map((c) => c.name));
  const picks = await vscode.window.showQuickPick(
    found.map((f) => ({
      label: f.name,
      description: f.source,
      detail: `${f.spec.user}@${f.spec.socketPath ?? `${f.spec.host}:${f.spec.port}`}${f.spec.password ? ' · with password' : ''}${taken.has(f.name) ? ' · replaces the saved one' : ''}`,
      picked: !taken.has(f.name),
      found: f,
    })),
    { canPickMany: true, title: vscode.l10n.t('Import connections'), placeHolder: vscode.l10n.t('Passwords are moved to VS Code secret storage') },
  );
  if (!picks?.length) return;
  for (const p of picks) {
    const s = p.found.spec;
    await store.save(savedFromSpec(p.found.name, s), s.password);
  }
  void vscode.window.showInformationMessage(
    `Imported ${picks.length} connection${picks.length === 1 ? '' : 's'}; ${picks[picks.length - 1].found.name} is active.`,
  );
}

/**
 * The clipboard, or nothing after 2 s: in a browser (code-server, vscode.dev) without the
 * clipboard permission, VS Code's read waits until its error notification is dismissed.
 */
async function readClipboard(): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(''), 2000)));
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.readText()).catch(() => ''), late]);
  } finally {
    clearTimeout(timer);
  }
}
