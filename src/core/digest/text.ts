// The plain-text table of `mqt digest` and `mqt top`.
import type { DigestClass } from './aggregate';
import type { TopStatement } from './top';

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function oneLine(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

export function renderDigestText(classes: DigestClass[], events: number, limit = classes.length): string {
  const total = classes.reduce((s, c) => s + c.queryTime.sum, 0);
  const lines = [
    `${events} statements in ${classes.length} classes, ${total.toFixed(3)} s in total${limit < classes.length ? ` (top ${limit} shown)` : ''}`,
    '',
  ];
  lines.push(
    `${pad('#', 4, true)} ${pad('count', 7, true)} ${pad('total s', 10, true)} ${pad('share', 6, true)} ${pad('avg s', 9, true)} ${pad('p95 s', 9, true)} ${pad('max s', 9, true)} ${pad('rows exam', 10, true)} ${pad('rows sent', 9, true)}  fingerprint`,
  );
  classes.slice(0, limit).forEach((c, i) => {
    const share = total > 0 ? `${((c.queryTime.sum / total) * 100).toFixed(1)}%` : '-';
    lines.push(
      `${pad(String(i + 1), 4, true)} ${pad(String(c.count), 7, true)} ${pad(c.queryTime.sum.toFixed(4), 10, true)} ${pad(share, 6, true)} ${pad(c.queryTime.avg.toFixed(6), 9, true)} ${pad(c.queryTime.p95.toFixed(6), 9, true)} ${pad(c.queryTime.max.toFixed(6), 9, true)} ${pad(String(c.rowsExamined.sum), 10, true)} ${pad(String(c.rowsSent.sum), 9, true)}  ${oneLine(c.fingerprint, 90)}`,
    );
  });
  return lines.join('\n') + '\n';
}

export function renderTopText(rows: TopStatement[], source: string): string {
  const lines = [`${rows.length} statement digests from ${source}, most total time first`, ''];
  lines.push(
    `${pad('#', 4, true)} ${pad('calls', 8, true)} ${pad('total ms', 11, true)} ${pad('avg ms', 9, true)} ${pad('rows exam', 10, true)} ${pad('rows sent', 9, true)} ${pad('tmp disk', 8, true)} ${pad('full scan', 9, true)} ${pad('no index', 8, true)}  digest text`,
  );
  rows.forEach((r, i) => {
    lines.push(
      `${pad(String(i + 1), 4, true)} ${pad(String(r.calls), 8, true)} ${pad(r.totalMs.toFixed(2), 11, true)} ${pad(r.avgMs.toFixed(3), 9, true)} ${pad(String(r.rowsExamined), 10, true)} ${pad(String(r.rowsSent), 9, true)} ${pad(String(r.tmpDiskTables), 8, true)} ${pad(String(r.fullScans), 9, true)} ${pad(String(r.noIndexUsed), 8, true)}  ${oneLine(r.digestText, 90)}`,
    );
  });
  return lines.join('\n') + '\n';
}
