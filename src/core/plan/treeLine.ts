import { planNode, type PlanNode } from './model';
import { num, pushUnique } from './values';

// One iterator description of MySQL FORMAT=TREE / EXPLAIN ANALYZE / JSON v2 "operation".

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?`;
const NAME = String.raw`(\`(?:[^\`]|\`\`)+\`|<[^>]*>|[^\s(),]+)`;

function unquote(name: string): string {
  return name.startsWith('`') && name.endsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name;
}

/** Splits the "(cost=.. rows=..) (actual time=a..b rows=N loops=M)" trailers off a line. */
export function splitTrailers(text: string): { desc: string; trailers: string[] } {
  let desc = text.trimEnd();
  const trailers: string[] = [];
  // Scan from the end by hand: a regex here would backtrack badly on hostile lines.
  for (let i = 0; i < 8 && desc.endsWith(')'); i++) {
    const open = desc.lastIndexOf('(', desc.length - 2);
    if (open < 0) break;
    const inner = desc.slice(open + 1, -1);
    if (inner.includes(')') || !/^(?:cost|rows|actual|never)/.test(inner)) break;
    trailers.unshift(inner);
    desc = desc.slice(0, open).trimEnd();
  }
  return { desc, trailers };
}

function applyTrailer(node: PlanNode, t: string): void {
  if (/^never executed/.test(t)) {
    node.neverExecuted = true;
    return;
  }
  const actual = t.startsWith('actual');
  const body = actual ? t.slice(6) : t;
  const time = new RegExp(String.raw`time=(${NUM})\.\.(${NUM})`, 'i').exec(body);
  const rows = new RegExp(String.raw`rows=(${NUM})`, 'i').exec(body);
  const loops = new RegExp(String.raw`loops=(${NUM})`, 'i').exec(body);
  const cost = new RegExp(String.raw`cost=(${NUM})(?:\.\.(${NUM}))?`, 'i').exec(body);
  if (actual) {
    if (rows) node.rowsActual = num(rows[1]);
    if (loops) node.loops = num(loops[1]);
    if (time) {
      const first = num(time[1]);
      const last = num(time[2]);
      if (first !== undefined) node.firstRowMs = first;
      if (last !== undefined) node.timeMs = last * (node.loops ?? 1);
    }
  } else {
    if (rows) node.rowsEstimated = num(rows[1]);
    if (cost) {
      // "cost=first..total" since 8.0.32: the total is the node's cost.
      node.cost = num(cost[2] ?? cost[1]);
      if (cost[2] !== undefined) setDetail(node, 'firstRowCost', cost[1]);
    }
  }
}

function setDetail(node: PlanNode, k: string, v: string): void {
  (node.details ??= {})[k] = v;
}

interface Rule {
  re: RegExp;
  apply: (n: PlanNode, m: RegExpExecArray) => void;
}

const on = (re: string) => new RegExp(re.replace(/NAME/g, NAME), 'is');

/**
 * A qualifier the server prints between the operation and "on", as in
 * "Index range scan (Multi-Range Read) on t1": taken out before the rules run, kept in details.
 */
const QUALIFIER = /^([A-Za-z][\w -]{0,60}?) \(([^()]{1,60})\)(?= on )/;

function tableKey(n: PlanNode, m: RegExpExecArray, tableIdx: number, keyIdx?: number): void {
  const table = m[tableIdx];
  if (table) n.table = unquote(table);
  const key = keyIdx === undefined ? undefined : m[keyIdx];
  if (key) n.key = unquote(key);
}

const RULES: Rule[] = [
  {
    re: on(String.raw`^(Table scan) on NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2);
      n.accessType = 'ALL';
    },
  },
  {
    re: on(String.raw`^(Single-row (covering )?index lookup) on NAME using NAME(?:\s*\((.*?)\)(?=, |$))?`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 3, 4);
      n.accessType = 'eq_ref';
      if (m[2]) pushUnique(n.extra, 'Using index');
      if (m[5]) n.ref = m[5];
    },
  },
  {
    re: on(String.raw`^((Covering )?index lookup) on NAME using NAME(?:\s*\((.*?)\)(?=, |$))?`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 3, 4);
      n.accessType = m[5] && /\bor NULL\)?\s*$/i.test(m[5]) ? 'ref_or_null' : 'ref';
      if (m[2]) pushUnique(n.extra, 'Using index');
      if (m[5]) n.ref = m[5];
    },
  },
  {
    re: on(String.raw`^((Covering )?index (?:skip )?(?:range )?scan(?: for grouping| for deduplication)?) on NAME(?: using NAME)?`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 3, 4);
      n.accessType = /range|skip/i.test(m[1]) ? 'range' : 'index';
      if (m[2]) pushUnique(n.extra, 'Using index');
    },
  },
  {
    re: on(String.raw`^(Full-text index search) on NAME using NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2, 3);
      n.accessType = 'fulltext';
    },
  },
  {
    re: on(String.raw`^(Multi-range index lookup) on NAME using NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2, 3);
      n.accessType = 'range';
    },
  },
  {
    re: on(String.raw`^(Constant row) from NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2);
      n.accessType = 'const';
    },
  },
  {
    re: on(String.raw`^(Dynamic range scan) on NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2);
      n.accessType = 'range';
    },
  },
  {
    re: on(String.raw`^(Sort-deduplicate by row ID|Deduplicate rows sorted by row ID|Intersect rows sorted by row ID|Index merge)\b`),
    apply: (n, m) => {
      n.op = m[1];
      n.accessType = 'index_merge';
    },
  },
  {
    re: on(String.raw`^(Rows fetched before execution)`),
    apply: (n, m) => {
      n.op = m[1];
      n.accessType = 'const';
    },
  },
  {
    re: on(String.raw`^(Fill information schema table) NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2);
    },
  },
  {
    re: on(String.raw`^(Delete|Update) from NAME`),
    apply: (n, m) => {
      n.op = m[1];
      tableKey(n, m, 2);
    },
  },
  {
    re: /^Select #(\d+)\s*(?:\((.*)\))?/i,
    apply: (n, m) => {
      n.op = 'subquery';
      n.selectId = num(m[1]);
      if (m[2]) setDetail(n, 'subqueryType', m[2]);
    },
  },
  {
    re: /^(Filter): (.*)$/is,
    apply: (n, m) => {
      n.op = m[1];
      n.condition = stripParens(m[2]);
    },
  },
  {
    re: /^([\w ]{0,40}hash[\w ]{0,20}join)\s*(?:\((.*)\))?\s*$/is,
    apply: (n, m) => {
      n.op = m[1];
      if (m[2]) n.condition = m[2];
    },
  },
  {
    re: /^(Sort(?: row IDs)?)(?:: (.*))?$/is,
    apply: (n, m) => {
      n.op = m[1];
      pushUnique(n.extra, 'Using filesort');
      if (m[2]) setDetail(n, 'sortKey', m[2]);
    },
  },
  {
    re: /^(Aggregate using temporary table|Temporary table|Temporary table with deduplication|Materialize.*|Union materialize.*|Remove duplicate .* using temporary table.*)$/is,
    apply: (n, m) => {
      n.op = opHead(m[1]);
      pushUnique(n.extra, 'Using temporary');
    },
  },
];

/** Drops one pair of outer parentheses when they enclose the whole text. */
function stripParens(text: string): string {
  const t = text.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0 && i < t.length - 1) return t;
  }
  return t.slice(1, -1);
}

/** Short op name for free text: "Limit: 3 row(s)" -> "Limit", "Materialize CTE x" stays. */
function opHead(desc: string): string {
  const colon = desc.indexOf(': ');
  return colon > 0 ? desc.slice(0, colon) : desc;
}

/** Builds a node from one description line (without the "-> " marker). */
export function nodeFromDescription(text: string): PlanNode {
  const { desc, trailers } = splitTrailers(text);
  const node = planNode(opHead(desc) || 'unknown');
  if (desc) setDetail(node, 'operation', desc);
  const q = QUALIFIER.exec(desc);
  const matched = q ? q[1] + desc.slice(q[0].length) : desc;
  if (q) {
    setDetail(node, 'qualifier', q[2]);
    if (/multi-range read/i.test(q[2])) pushUnique(node.extra, 'Using MRR');
  }
  for (const rule of RULES) {
    const m = rule.re.exec(matched);
    if (m) {
      rule.apply(node, m);
      break;
    }
  }
  const idxCond = /, with index condition: \((.*)\)/is.exec(desc);
  if (idxCond) {
    pushUnique(node.extra, 'Using index condition');
    setDetail(node, 'indexCondition', idxCond[1]);
  }
  for (const t of trailers) applyTrailer(node, t);
  return node;
}
