import * as path from 'node:path';
import * as vscode from 'vscode';
import { DIGEST_SORTS, DigestAggregator, digestTableFragment, SlowLogReader, type DigestClass, type DigestSort } from '../core/digest';
import { digestFiles, SlowLogFileError } from '../core/digest/file';
import { openDigestStatement } from './digestSample';
import type { Explainer } from './analysisCommands';
import { commandLink, StaticPanel } from './staticHtml';

interface Shown {
  /** The tab's: file names only (a picked log may live anywhere). */
  tab: string;
  title: string;
  classes: DigestClass[];
  events: number;
  sort: DigestSort;
}

const looksLikeSlowLog = (text: string) => /^# (?:Query_time|User@Host|Time): /m.test(text);

/** Analyze Slow Log: the open log (or a picked one) grouped into classes, in a sortable table. */
export class SlowLogCommand implements vscode.Disposable {
  private readonly panel: StaticPanel;
  private shown: Shown | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly explainer: Explainer,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.panel = new StaticPanel('mysqlQueryTuner.slowLog', extensionUri, ['mysqlQueryTuner.sortSlowLog', 'mysqlQueryTuner.openDigestSample']);
  }

  register(subs: vscode.Disposable[]): void {
    subs.push(this);
  }

  async analyze(uri?: vscode.Uri): Promise<void> {
    const source = await this.pickSource(uri);
    if (!source) return;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Analyze Slow Log'), cancellable: true },
        (progress, token) => readLogs(source, progress, token),
      );
      const classes = result.agg.result();
      this.log.info(`Slow log ${result.title}: ${result.agg.events} statements in ${classes.length} classes`);
      if (classes.length === 0) {
        void vscode.window.showWarningMessage(vscode.l10n.t('No slow-log entries found in {0}.', result.title));
        return;
      }
      this.shown = { tab: `Slow log: ${result.names}`, title: `Slow log: ${result.title}`, classes, events: result.agg.events, sort: 'total' };
      this.render();
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      const msg = e instanceof SlowLogFileError ? e.message : `Analyze Slow Log failed: ${(e as Error).message}`;
      this.log.error(msg);
      void vscode.window.showErrorMessage(msg);
    }
  }

  /** The log to read: the one given, the open one, or picked in a dialog. */
  private async pickSource(uri?: vscode.Uri): Promise<LogSource | undefined> {
    if (uri) return { files: [uri] };
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.languageId !== 'sql' && doc.languageId !== 'mysql' && looksLikeSlowLog(doc.getText(new vscode.Range(0, 0, 200, 0)))) {
      // The open log; unsaved changes (or an untitled one) are read from the editor.
      if (doc.uri.scheme === 'file' && !doc.isDirty) return { files: [doc.uri] };
      return { text: { name: doc.fileName, content: doc.getText() } };
    }
    const files = await vscode.window.showOpenDialog({
      canSelectMany: true,
      openLabel: vscode.l10n.t('Analyze'),
      title: vscode.l10n.t('Pick slow query logs'),
      filters: { [vscode.l10n.t('Slow query logs')]: ['log', 'slow', 'txt'], [vscode.l10n.t('All files')]: ['*'] },
    });
    return files?.length ? { files } : undefined;
  }

  private render(): void {
    const s = this.shown;
    if (!s) return;
    this.panel.show(
      s.tab,
      digestTableFragment(s.title, s.classes, s.events, s.sort, {
        sort: (x) => commandLink('mysqlQueryTuner.sortSlowLog', x),
        open: (i) => commandLink('mysqlQueryTuner.openDigestSample', i),
      }),
    );
  }

  sort(sort: unknown): void {
    if (!this.shown || typeof sort !== 'string' || !(DIGEST_SORTS as readonly string[]).includes(sort)) return;
    this.shown.sort = sort as DigestSort;
    this.render();
  }

  async open(index: unknown): Promise<void> {
    const c = typeof index === 'number' ? this.shown?.classes[index] : undefined;
    if (!c) return;
    await openDigestStatement(this.explainer, {
      sample: c.sample,
      placeholders: c.fingerprint,
      db: c.db ?? null,
      admin: c.fingerprint.startsWith('administrator command:'),
    });
  }

  dispose(): void {
    this.panel.dispose();
  }
}

type LogSource = { files: vscode.Uri[]; text?: undefined } | { files?: undefined; text: { name: string; content: string } };

/** Reads the logs into one digest, with progress per file; cancellable. */
async function readLogs(
  source: LogSource,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<{ agg: DigestAggregator; title: string; names: string }> {
  if (source.text) {
    const agg = new DigestAggregator();
    const r = new SlowLogReader((e) => agg.add(e));
    r.push(source.text.content);
    r.end();
    return { agg, title: source.text.name, names: path.basename(source.text.name) };
  }
  const files = source.files;
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  let done = 0;
  const agg = await digestFiles(
    files.map((f) => f.fsPath),
    {
      signal: abort.signal,
      onProgress: (p) => {
        const pct = p.totalBytes ? Math.floor((p.bytesRead / p.totalBytes) * 100) : 100;
        progress.report({
          message: `${vscode.workspace.asRelativePath(p.file)}: ${pct}%, ${p.events} statements`,
          increment: Math.max(0, pct - done) / files.length,
        });
        done = pct;
      },
    },
  );
  return { agg, title: files.map((f) => vscode.workspace.asRelativePath(f)).join(', '), names: files.map((f) => path.basename(f.fsPath)).join(', ') };
}
