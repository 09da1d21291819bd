/** Readers of the trace's JSON values, and of table names as the servers print them. */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const strs = (v: unknown): string[] =>
  arr(v)
    .map((x) => (typeof x === 'string' ? unquote(x) : isObj(x) && typeof x.table === 'string' ? unquote(x.table) : ''))
    .filter((x) => x !== '');
/** `cause` strings: MySQL writes not_applicable, MariaDB "not applicable". */
export const causeKey = (v: unknown): string | null =>
  typeof v === 'string'
    ? v
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    : null;

/** "`t1`", "`sakila`.`film` `f`", "f" -> the name as the plan shows it, and the real table when the trace gives both. */
export function unquote(name: string): string {
  const parts = name.match(/`(?:[^`]|``)*`|[^\s`]+/g) ?? [name];
  const last = parts[parts.length - 1] ?? name;
  return last.startsWith('`') ? last.slice(1, -1).replace(/``/g, '`') : last;
}
export function realName(name: string): string | null {
  const parts = name.match(/`(?:[^`]|``)*`|[^\s`]+/g) ?? [];
  if (parts.length < 2) return null;
  const first = parts[0]!.replace(/^`|`$/g, '');
  return first.includes('.') ? first.split('.').pop()!.replace(/`/g, '') : first;
}

export const ACCESS: Record<string, string> = {
  scan: 'ALL',
  table_scan: 'ALL',
  index_scan: 'index',
  full_index_scan: 'index',
  range_scan: 'range',
  hash: 'hash_ALL',
};
export const accessName = (t: unknown): string => {
  const s = typeof t === 'string' ? t.toLowerCase() : 'ALL';
  return ACCESS[s] ?? s;
};

/** MariaDB pads range bounds with \0 and U+FFFF up to the column's length. */
export function cleanRange(r: string): string {
  return r
    .split('\u0000')
    .join('')
    .replace(/\uFFFF+/g, '…');
}

export function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
