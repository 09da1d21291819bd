import * as vscode from 'vscode';

/** The sandbox's sample queries as an untitled SQL document the user can edit freely. */
export async function openSampleQueries(extensionUri: vscode.Uri): Promise<void> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'sample-queries.sql'));
  const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: new TextDecoder().decode(bytes) });
  await vscode.window.showTextDocument(doc);
}
