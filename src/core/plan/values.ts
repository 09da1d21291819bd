// Small value helpers shared by the parsers.

/** Values that test harnesses and docs print in place of real numbers: read as "unknown". */
const MASKED = /^(?:REPLACED|COST_REPLACED|\*+|#+|elided|NULL)$/i;

export function isMasked(v: unknown): boolean {
  return typeof v === 'string' && MASKED.test(v.trim());
}

const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** A finite number from a number or a numeric string; undefined otherwise. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!NUMERIC.test(s)) return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A non-empty, unmasked string form of a scalar; undefined for null/absent/masked. */
export function str(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' || isMasked(s) ? undefined : s;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Array of strings from a JSON array or a comma list. */
export function strList(v: unknown): string[] | undefined {
  if (Array.isArray(v)) {
    const out = v.map(str).filter((s): s is string => s !== undefined);
    return out.length ? out : undefined;
  }
  const s = str(v);
  return s === undefined
    ? undefined
    : s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
}

/** Stores a scalar (or flattened object/array) under details[key], skipping masked values. */
export function putDetail(details: Record<string, string>, key: string, v: unknown, depth = 0): void {
  if (depth > 8) return;
  if (Array.isArray(v)) {
    if (v.every((x) => !isObject(x) && !Array.isArray(x))) {
      const parts = v.map(str).filter((s): s is string => s !== undefined);
      if (parts.length) details[key] = parts.join(', ');
    } else {
      const json = safeJson(v);
      if (json !== undefined) details[key] = json;
    }
    return;
  }
  if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) putDetail(details, `${key}.${k}`, x, depth + 1);
    return;
  }
  const s = str(v);
  if (s !== undefined) details[key] = s;
}

function safeJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

export function pushUnique(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

const ACCESS_OP: Record<string, string> = {
  ALL: 'Table scan',
  index: 'Index scan',
  range: 'Index range scan',
  ref: 'Index lookup',
  eq_ref: 'Single-row index lookup',
  const: 'Constant row',
  system: 'Constant row',
  ref_or_null: 'Index lookup or null',
  index_merge: 'Index merge',
  fulltext: 'Full-text index search',
  unique_subquery: 'Unique subquery lookup',
  index_subquery: 'Index subquery lookup',
  hash: 'Hash join lookup',
};

/** Readable op for a classic access type ("ALL" -> "Table scan"). */
export function accessOp(type: string): string {
  return Object.prototype.hasOwnProperty.call(ACCESS_OP, type) ? ACCESS_OP[type] : type;
}

export function isAccessType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(ACCESS_OP, type);
}
