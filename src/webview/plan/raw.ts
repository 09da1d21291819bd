/** The Raw tab: the server's own output, as text, with a Copy button per block. */
import { h } from '../dom';

export interface RawBlock {
  title: string;
  text: string;
}

/** Classic EXPLAIN rows as tab-separated text (what `mysql --batch` prints, and `mqt plan` reads). */
export function rowsToTsv(rows: Array<Record<string, unknown>>): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) =>
    (v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/\t/g, ' ').replace(/\n/g, '\\n');
  return [cols.join('\t'), ...rows.map((r) => cols.map((c) => cell(r[c])).join('\t'))].join('\n');
}

/** JSON is shown indented even when the server sent it on one line. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function renderRaw(blocks: RawBlock[]): HTMLElement {
  if (!blocks.length) return h('p', { class: 'muted' }, 'No raw output was kept for this plan.');
  return h(
    'div',
    { class: 'raw' },
    ...blocks.map((b, i) =>
      h(
        'section',
        {},
        h('div', { class: 'raw-head' }, h('h4', {}, b.title), h('vscode-button', { secondary: '', icon: 'copy', 'data-copy': String(i) }, 'Copy')),
        h('pre', { class: 'raw-text' }, b.text),
      ),
    ),
  );
}
