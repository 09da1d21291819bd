import * as vscode from 'vscode';

/** A script-free page: styles from media/ only, so no nonce and no inline styles. */
export function staticPage(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, body: string): string {
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'static.css'));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${css.toString()}">
<title>${title.replace(/[<>&"]/g, '')}</title></head><body>${body}</body></html>`;
}

/** A command URI for links in script-free pages (the webview must allow command URIs). */
export function commandLink(command: string, ...args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** One reusable script-free panel per kind (comparison, batch summary). */
export class StaticPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly viewType: string,
    private readonly extensionUri: vscode.Uri,
    private readonly commands: readonly string[] = [],
  ) {}

  show(title: string, body: string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        this.viewType,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: false,
          enableCommandUris: this.commands.length ? [...this.commands] : false,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
        },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = title;
    this.panel.webview.html = staticPage(this.panel.webview, this.extensionUri, title, body);
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
