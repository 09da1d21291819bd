import { attributeCounters } from '../counters/attribute';
import { interpretCounters, rowsSummary } from '../counters/interpret';
import type { Report } from './model';

/** Derived parts of a report: findings, rows examined vs returned, counters on plan nodes. */
export function enrichReport(report: Report): Report {
  if (!report.execution.executed || report.counters.length === 0) return report;
  report.rows = rowsSummary(report.counters, report.execution.rows);
  report.findings = interpretCounters(report.counters, report.execution.rows);
  if (report.plan) report.plan = { ...report.plan, root: attributeCounters(report.plan.root, report.counters) };
  return report;
}
