import { walkPlan, type CounterEvidence, type PlanNode } from '../plan/model';
import type { CounterDelta } from './diff';
import { formatNumber } from '../format';

const isFullScan = (n: PlanNode) => n.accessType === 'ALL' || /^(Table scan|Full scan)/i.test(n.op);
const isIndexRead = (n: PlanNode) => !!n.table && !!n.accessType && n.accessType !== 'ALL' && n.accessType !== 'system';
const isSort = (n: PlanNode) => /filesort|^sort\b/i.test(n.op) || n.extra.some((e) => /filesort/i.test(e));
const isTemp = (n: PlanNode) => /temporary/i.test(n.op) || n.extra.some((e) => /Using temporary/i.test(e));
const isSubquery = (n: PlanNode) => /subquery/i.test(n.op) || /SUBQUERY/.test(n.selectType ?? '');

/**
 * Tie the measured counters to the plan nodes that caused them, which no other tool does:
 * scans to full-scan nodes, sort counters to the filesort, temporary-table counters to the
 * temporary table. Where several nodes share a counter it is split by estimated rows
 * (a statement-level counter cannot say more), and the note says so. Returns a copy.
 */
export function attributeCounters(root: PlanNode, counters: CounterDelta[]): PlanNode {
  const copy = structuredClone(root);
  const value = (name: string) => counters.find((c) => c.name === name)?.corrected ?? 0;
  const nodes = [...walkPlan(copy)].map((x) => x.node);
  const add = (n: PlanNode, e: CounterEvidence) => (n.evidence ??= []).push(e);

  const share = (targets: PlanNode[], name: string, note: (v: number, shared: boolean) => string) => {
    const total = value(name);
    if (total === 0 || targets.length === 0) return;
    if (targets.length === 1) {
      add(targets[0], { counter: name, value: total, note: note(total, false) });
      return;
    }
    const weights = targets.map((t) => Math.max(1, t.rowsEstimated ?? 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    targets.forEach((t, i) => {
      const v = Math.round((total * weights[i]) / sum);
      add(t, { counter: name, value: v, note: note(v, true) });
    });
  };

  const scans = nodes.filter(isFullScan);
  share(scans, 'Handler_read_rnd_next', (v, shared) => `${formatNumber(v)} rows read by scanning${shared ? ' (statement total split by estimated rows)' : ''}`);
  const tmp = nodes.filter(isTemp);
  if (tmp.length) {
    share(tmp.slice(0, 1), 'Created_tmp_tables', (v) => `${v} temporary table(s) created`);
    share(tmp.slice(0, 1), 'Created_tmp_disk_tables', (v) => `${v} temporary table(s) on disk`);
    share(tmp.slice(0, 1), 'Handler_tmp_write', (v) => `${formatNumber(v)} rows written to the temporary table`);
  }
  const sorts = nodes.filter(isSort);
  if (sorts.length) {
    share(sorts.slice(0, 1), 'Sort_rows', (v) => `${formatNumber(v)} rows sorted`);
    share(sorts.slice(0, 1), 'Sort_merge_passes', (v) => `${v} merge pass(es): the sort spilled to disk`);
    share(sorts.slice(0, 1), 'Sort_priority_queue_sorts', () => 'sorted with a priority queue (ORDER BY … LIMIT)');
  }
  const indexed = nodes.filter(isIndexRead);
  share(indexed, 'Handler_read_key', (v, shared) => `${formatNumber(v)} index lookups${shared ? ' (split by estimated rows)' : ''}`);
  share(indexed, 'Handler_read_next', (v, shared) => `${formatNumber(v)} rows read in index order${shared ? ' (split by estimated rows)' : ''}`);
  const subs = nodes.filter(isSubquery);
  share(subs.slice(0, 1), 'Subquery_cache_miss', (v) => `executed ${formatNumber(v)} times (subquery cache misses)`);
  return copy;
}
