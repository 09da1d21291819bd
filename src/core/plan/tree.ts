import { planNode, type Plan, type PlanNode } from './model';
import { MAX_PLAN_DEPTH, MAX_PLAN_NODES, PlanParseError, tooDeep } from './errors';
import { nodeFromDescription } from './treeLine';

// MySQL 8+ EXPLAIN FORMAT=TREE and EXPLAIN ANALYZE: "-> " lines, indentation gives nesting.

interface Pending {
  indent: number;
  text: string;
}

/** Groups lines into iterator entries; lines without "->" continue the previous entry. */
function entries(lines: string[]): Pending[] {
  const out: Pending[] = [];
  for (const line of lines) {
    const m = /^(\s*)->\s?(.*)$/.exec(line);
    if (m) {
      out.push({ indent: m[1].length, text: m[2] });
      if (out.length > MAX_PLAN_NODES) throw new PlanParseError(`Plan has more than ${MAX_PLAN_NODES} nodes`);
    } else if (line.trim() !== '' && out.length > 0) {
      // Wrapped lines (multi-line conditions, doc-wrapped "(actual time=...)").
      const last = out[out.length - 1];
      last.text += (/^\(actual|^\(never|^\(cost|^\(rows/.test(line.trim()) ? '  ' : '\n') + line.trim();
    } else if (line.trim() !== '') {
      throw new PlanParseError('Tree plan text does not start with "->"');
    }
  }
  return out;
}

export function parseTreeText(text: string): Plan {
  return parseTreeLines(text.split('\n'));
}

/** Same as parseTreeText, for text already split into lines. */
export function parseTreeLines(lines: string[]): Plan {
  const list = entries(lines);
  if (list.length === 0) throw new PlanParseError('No "->" lines found in tree plan');
  // The server prints a message in place of a plan it cannot show, e.g. "<not executable by iterator executor>".
  const message = /^<[^<>]+>$/.exec(list[0].text.trim());
  if (list.length === 1 && message) {
    throw new PlanParseError(`The server printed no plan, only the message "${message[0]}"`);
  }
  const stack: Array<{ indent: number; node: PlanNode }> = [];
  const roots: PlanNode[] = [];
  let analyzed = false;
  for (const e of list) {
    const node = nodeFromDescription(e.text);
    if (node.rowsActual !== undefined || node.loops !== undefined || node.neverExecuted) analyzed = true;
    while (stack.length && stack[stack.length - 1].indent >= e.indent) stack.pop();
    if (stack.length) stack[stack.length - 1].node.children.push(node);
    else roots.push(node);
    stack.push({ indent: e.indent, node });
    if (stack.length > MAX_PLAN_DEPTH) throw tooDeep();
  }
  // Extra top-level entries (e.g. "Select #2 (subquery in projection)") belong to the query.
  const root = roots[0] ?? planNode('query');
  root.children.push(...roots.slice(1));
  return { format: analyzed ? 'mysql-analyze' : 'mysql-tree', root };
}
