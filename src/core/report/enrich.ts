import { attributeCounters } from '../counters/attribute';
import { interpretCounters, rowsSummary } from '../counters/interpret';
import type { Report } from './model';
import { analyzeHints } from '../hints';
import { liveEnding } from '../live/read';
import { citeTrace } from '../trace/cite';

/** Derived parts of a report: findings, rows examined vs returned, counters on plan nodes. */
export function enrichReport(report: Report): Report {
  // Rewrite hints for the statement, confirmed or withdrawn by its plan; a failure here never costs the report.
  try {
    report.hints = analyzeHints({ sql: report.statement, dialect: report.server.flavor, serverVersion: report.server.version, ...(report.plan ? { plan: report.plan } : {}) });
  } catch {
    report.hints = [];
  }
  // A statement watched live that did not finish: the last live plan says how far it got.
  if (report.live && !report.execution.executed) report.live.ended = liveEnding(report.execution);
  if (!report.execution.executed || report.counters.length === 0) {
    citeTrace(report);
    return report;
  }
  report.rows = rowsSummary(report.counters, report.execution.rows);
  report.findings = interpretCounters(report.counters, report.execution.rows);
  if (report.plan) report.plan = { ...report.plan, root: attributeCounters(report.plan.root, report.counters) };
  citeTrace(report);
  return report;
}
