import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { renderHtmlDocument, renderMarkdown, renderText, type Report } from '../../../../src/core/report';
import { readTrace } from '../../../../src/core/trace';
import { citeTrace } from '../../../../src/core/trace/cite';
import { fixture, SAKILA, TRACE_DIR } from './fixtures';

const ROOT = path.join(__dirname, '../../../..');
const base = (): Report => JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/reports/q03-join.report.json'), 'utf8')) as Report;

describe('Why this plan in every renderer', () => {
  const report = base();
  report.trace = readTrace(fixture('mariadb-join-four.txt'), { schema: SAKILA });
  it('text', () => {
    const t = renderText(report);
    assert.match(t, /Why this plan \(optimizer trace\):/);
    assert.match(t, /Join order: 17 join prefixes costed, 11 pruned/);
    assert.match(t, /customer c: the range \(SMITH1\) <= \(last_name\) <= \(SMITH1…\) on idx_last_name reads 44 rows/);
  });
  it('Markdown, with anchors for the tables', () => {
    const md = renderMarkdown(report);
    assert.match(md, /### Why this plan/);
    assert.match(md, /<a id="why-c"><\/a>\*\*customer c\*\*/);
    assert.match(md, /\| \[c\]\(#why-c\) \| range \|/);
    assert.match(md, /\| access \| index \| usable \| rows \| cost \| chosen \| why \|/);
  });
  it('HTML: plan rows link to their table', () => {
    const html = renderHtmlDocument([report]);
    assert.match(html, /<h4 id="why-c">customer c<\/h4>/);
    assert.match(html, /<td><a href="#why-c">c<\/a><\/td><td>range<\/td>/);
  });
  it('no trace: the section says why', () => {
    const r = base();
    r.traceNote = 'This server keeps no optimizer trace (MySQL 5.6+ and MariaDB 10.4+ do).';
    assert.match(renderText(r), /Note: This server keeps no optimizer trace/);
    assert.match(renderHtmlDocument([r]), /<p class="note">This server keeps no optimizer trace/);
    assert.doesNotMatch(renderText(base()), /Why this plan/);
  });
  it('findings and hints cite the trace', () => {
    const r = base();
    r.trace = readTrace(fixture('mariadb-leading-wildcard.txt'), { schema: SAKILA });
    r.hints = [{ rule: 'like-leading-wildcard', severity: 'warning', message: 'LIKE pattern starts with a wildcard.' }];
    r.findings = [{ id: 'full-scan', severity: 'warning', title: 'Full table scan', detail: 'Every row was read.', counters: [] }];
    citeTrace(r);
    citeTrace(r); // once only
    assert.equal(
      r.hints[0].message,
      "LIKE pattern starts with a wildcard. Trace: idx_title was considered but not usable: LIKE with a leading wildcard (film.title like '%LOVE%'): the index is sorted by the start of title, which the pattern leaves open.",
    );
    assert.match(r.findings[0].detail, /^Every row was read\. Trace: idx_title was considered/);
  });
});

describe('mqt trace --input', () => {
  const cli = path.join(ROOT, 'dist/cli.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, 'trace', ...args], { encoding: 'utf8' });
  it('prints the same object as the reader, as JSON; text by default', { skip: !existsSync(cli) && 'no build (npm run build)' }, () => {
    const file = path.join(TRACE_DIR, 'mysql/mysqlserver-opttrace-range_no_prot-1.txt');
    const j = run('--input', file, '--format', 'json');
    assert.equal(j.status, 0, j.stderr);
    assert.deepEqual(JSON.parse(j.stdout), JSON.parse(JSON.stringify(readTrace(readFileSync(file, 'utf8')))));
    const t = run('--input', path.join(TRACE_DIR, 'mariadb-truncated.txt'));
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /^Why this plan \(optimizer trace\):\n {2}Note: The trace was cut \(29338 bytes/);
  });
  it('bad input: exit 2 and one line', { skip: !existsSync(cli) && 'no build (npm run build)' }, () => {
    const r = run('--input', path.join(ROOT, 'package.json'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mqt: .*package\.json: This JSON is not an optimizer trace: it has no "steps"\.\n$/);
    assert.equal(run('--input', '/nonexistent').status, 2);
    assert.equal(run('--format', 'xml', '--input', 'x').status, 2);
  });
});
