import { attributeCounters } from '../counters/attribute';
import { interpretCounters, rowsSummary } from '../counters/interpret';
import type { Report } from './model';
import { analyzeStatements } from '../hints';
import type { Token } from '../sql/lexer';
import { liveEnding } from '../live/read';
import { citeTrace } from '../trace/cite';

/**
 * Derived parts of a report: findings, rows examined vs returned, counters on plan nodes.
 * `tokens`: the statement's code tokens (its Statement's), so the hints do not lex it again.
 */
export function enrichReport(report: Report, tokens?: readonly Token[]): Report {
  // Rewrite hints for the statement, confirmed or withdrawn by its plan; a failure here never costs the report.
  // These are the statement's hints everywhere: the editor's document check places them, it does not recompute them.
  try {
    const sql = report.statement;
    report.hints = analyzeStatements(sql, [{ text: sql, start: 0, end: sql.length, ...(tokens ? { tokens } : {}) }], {
      dialect: report.server.flavor,
      serverVersion: report.server.version,
      ...(report.plan ? { plan: report.plan } : {}),
    });
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
