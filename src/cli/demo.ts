import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBatchText, renderHtmlDocument, renderText, type Report } from '../core/report';
import { loadStandaloneAssets, renderStandaloneHtml } from '../core/report/standalone';
import { parseConnectionUrl } from '../core/session/connection';
import { normalize } from '../core/config';
import { analyze } from '../core/pipeline/analyze';
import { policyFrom } from '../core/pipeline/policy';
import { makeStatement } from '../core/pipeline/statement';
import { ProfilerSession } from '../core/session/profiler';
import { splitStatements } from '../core/sql/statements';
import { sandboxUrl, startSandbox } from '../sandbox';

/** media/sample-queries.sql, found from src/cli (tsx) or dist/ (bundle). */
export function sampleQueriesPath(): string {
  for (const p of [join(__dirname, '..', 'media', 'sample-queries.sql'), join(__dirname, '..', '..', 'media', 'sample-queries.sql')]) {
    if (existsSync(p)) return p;
  }
  throw new Error('media/sample-queries.sql not found next to the CLI');
}

/** The README's first command: sandbox up, sample queries analysed, text + HTML report. */
export async function runDemo(htmlPath: string): Promise<void> {
  const info = await startSandbox({ log: (l) => process.stderr.write(`${l}\n`) });
  const statements = splitStatements(readFileSync(sampleQueriesPath(), 'utf8'));
  const session = new ProfilerSession(parseConnectionUrl(sandboxUrl(info)));
  const { config } = normalize({});
  const reports: Report[] = [];
  try {
    for (const s of statements) {
      const r = await analyze(makeStatement(s.text), config, policyFrom(config), session);
      reports.push(r);
      process.stdout.write(renderText(r) + '\n');
    }
  } finally {
    await session.close();
  }
  process.stdout.write(renderBatchText(reports) + '\n');
  const root = [join(__dirname, '..'), join(__dirname, '..', '..')].find((r) => existsSync(join(r, 'dist', 'webview.js')));
  const title = 'MySQL Query Tuner demo report';
  writeFileSync(htmlPath, root ? renderStandaloneHtml(reports, loadStandaloneAssets(root), title) : renderHtmlDocument(reports, title));
  process.stdout.write(`Analysed ${reports.length} statements on ${info.host}:${info.port}. HTML report: ${htmlPath}\n`);
}
