// The slow-log digest as a script-free HTML table: the column headers are links that sort it
// (the host re-renders), and each row's link opens its sample. Pure: the links come in.
import type { DigestClass } from './aggregate';

export const DIGEST_SORTS = ['total', 'count', 'avg', 'p95', 'max', 'lock', 'examined', 'sent', 'last'] as const;
export type DigestSort = (typeof DIGEST_SORTS)[number];

const COLUMNS: Array<{ sort: DigestSort; title: string; value: (c: DigestClass) => number; cell: (c: DigestClass) => string }> = [
  { sort: 'count', title: 'Count', value: (c) => c.count, cell: (c) => String(c.count) },
  { sort: 'total', title: 'Total s', value: (c) => c.queryTime.sum, cell: (c) => c.queryTime.sum.toFixed(4) },
  { sort: 'avg', title: 'Avg s', value: (c) => c.queryTime.avg, cell: (c) => c.queryTime.avg.toFixed(6) },
  { sort: 'p95', title: 'p95 s', value: (c) => c.queryTime.p95, cell: (c) => c.queryTime.p95.toFixed(6) },
  { sort: 'max', title: 'Max s', value: (c) => c.queryTime.max, cell: (c) => c.queryTime.max.toFixed(6) },
  { sort: 'lock', title: 'Lock s', value: (c) => c.lockTime.sum, cell: (c) => c.lockTime.sum.toFixed(6) },
  { sort: 'examined', title: 'Rows examined', value: (c) => c.rowsExamined.sum, cell: (c) => String(c.rowsExamined.sum) },
  { sort: 'sent', title: 'Rows sent', value: (c) => c.rowsSent.sum, cell: (c) => String(c.rowsSent.sum) },
  {
    sort: 'last',
    title: 'Last seen',
    value: (c) => (c.lastSeen ? Date.parse(c.lastSeen) : 0),
    cell: (c) => c.lastSeen?.replace('T', ' ').replace('Z', '') ?? '',
  },
];

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The order of `classes` (indexes) for a sort, biggest first; ties by total time. */
export function sortDigest(classes: readonly DigestClass[], sort: DigestSort): number[] {
  const col = COLUMNS.find((c) => c.sort === sort) ?? COLUMNS[1]!;
  return classes
    .map((_, i) => i)
    .sort((a, b) => col.value(classes[b]!) - col.value(classes[a]!) || classes[b]!.queryTime.sum - classes[a]!.queryTime.sum || a - b);
}

export interface DigestTableLinks {
  sort: (s: DigestSort) => string;
  /** Opens class `index` (an index into the unsorted classes). */
  open: (index: number) => string;
}

export function digestTableFragment(title: string, classes: readonly DigestClass[], events: number, sort: DigestSort, links: DigestTableLinks): string {
  const total = classes.reduce((s, c) => s + c.queryTime.sum, 0);
  const head = COLUMNS.map(
    (c) => `<th class="num"><a href="${esc(links.sort(c.sort))}" title="Sort by ${esc(c.title)}">${esc(c.title)}${c.sort === sort ? ' ▾' : ''}</a></th>`,
  ).join('');
  const rows = sortDigest(classes, sort)
    .map((i) => {
      const c = classes[i]!;
      const share = total > 0 ? `${((c.queryTime.sum / total) * 100).toFixed(1)}%` : '';
      const fp = c.fingerprint.length > 160 ? `${c.fingerprint.slice(0, 159)}…` : c.fingerprint;
      return `<tr><td><a href="${esc(links.open(i))}" title="Open the slowest statement of this class and run Explain &amp; Profile"><code>${esc(fp)}</code></a>${c.db ? ` <span class="muted">${esc(c.db)}</span>` : ''}</td><td class="num">${share}</td>${COLUMNS.map((col) => `<td class="num">${esc(col.cell(c))}</td>`).join('')}</tr>`;
    })
    .join('');
  return (
    `<h2>${esc(title)}</h2><p class="muted">${events} statements in ${classes.length} classes, ${total.toFixed(3)} s in total. Click a header to sort, a statement to open its slowest sample and run Explain &amp; Profile.</p>` +
    `<table class="digest"><tr><th>Statement class</th><th class="num">Share</th>${head}</tr>${rows}</table>`
  );
}
