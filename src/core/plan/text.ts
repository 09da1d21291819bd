import type { Plan, PlanNode } from './model';

// Plain-text tree of a plan, in the spirit of pt-visual-explain's output.

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Number(n.toPrecision(3)).toString();
}

/** The one-line summary of a node. */
export function describeNode(node: PlanNode): string {
  const described = node.details?.operation;
  const label = described ?? (node.op === 'select' && node.selectId !== undefined ? `select #${node.selectId}` : node.op);
  // Tree/JSON v2 descriptions already name table, key and ref; don't repeat them.
  const said = (s: string) => described !== undefined && described.includes(s);
  const parts: string[] = [label];
  if (node.table && !said(node.table)) parts.push(`table=${node.table}`);
  if (node.alias && node.alias !== node.table && !said(node.alias)) parts.push(`alias=${node.alias}`);
  if (node.accessType && node.accessType !== label) parts.push(`type=${node.accessType}`);
  if (node.key && !said(node.key)) parts.push(`key=${node.key}`);
  if (node.ref && !said(node.ref)) parts.push(`ref=${node.ref}`);
  const simple = node.selectType === 'SIMPLE' || node.op === 'select' || label.includes('#');
  if (node.selectId !== undefined && !simple) parts.push(`select#${node.selectId}`);
  if (node.selectType && !['SIMPLE', 'PRIMARY'].includes(node.selectType)) parts.push(node.selectType);
  if (node.rowsEstimated !== undefined) parts.push(`rows=${fmt(node.rowsEstimated)}`);
  if (node.filtered !== undefined && node.filtered !== 100) parts.push(`filtered=${fmt(node.filtered)}%`);
  if (node.cost !== undefined) parts.push(`cost=${fmt(node.cost)}`);
  if (node.neverExecuted) parts.push('(never executed)');
  const actual: string[] = [];
  if (node.rowsActual !== undefined) actual.push(`rows=${fmt(node.rowsActual)}`);
  if (node.loops !== undefined) actual.push(`loops=${fmt(node.loops)}`);
  if (node.filteredActual !== undefined && node.filteredActual !== 100) actual.push(`filtered=${fmt(node.filteredActual)}%`);
  if (node.timeMs !== undefined) actual.push(`time=${fmt(node.timeMs)}ms`);
  if (actual.length) parts.push(`(actual ${actual.join(' ')})`);
  const shown = node.extra.filter((e) => e !== label);
  if (shown.length) parts.push(`[${shown.join('; ')}]`);
  if (node.condition && !said(node.condition)) parts.push(`cond: ${oneLine(node.condition)}`);
  return parts.join('  ');
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 200 ? `${t.slice(0, 197)}...` : t;
}

/** Indented tree with box-drawing branches, one node per line. */
export function renderPlanText(plan: Plan): string {
  const out: string[] = [`${plan.format}`];
  // Explicit stack: plans are bounded, but rendering should not depend on the call stack.
  const stack: Array<{ node: PlanNode; prefix: string; last: boolean; root: boolean }> = [{ node: plan.root, prefix: '', last: true, root: true }];
  while (stack.length) {
    const { node, prefix, last, root } = stack.pop() as (typeof stack)[number];
    const lines = describeNode(node).split('\n');
    const branch = root ? '' : last ? '└─ ' : '├─ ';
    const childPrefix = root ? '' : prefix + (last ? '   ' : '│  ');
    out.push(prefix + branch + lines[0]);
    for (const more of lines.slice(1)) out.push(childPrefix + (node.children.length ? '│  ' : '   ') + more);
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i], prefix: childPrefix, last: i === node.children.length - 1, root: false });
    }
  }
  return out.join('\n') + '\n';
}
