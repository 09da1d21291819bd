export type { Report, ServerInfo, Capabilities, Execution, ReportError, Hint } from './model';
export { renderText, renderBatchText, renderComparisonText } from './text';
export { renderMarkdown, renderBatchMarkdown } from './markdown';
export { compareReports, type Comparison } from './compare';
export { batchSummary } from './batch';
export { enrichReport } from './enrich';
export { renderHtmlDocument, escapeHtml } from './html';
export * from './view';

export type ReportFormat = 'json' | 'md' | 'text' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'md', 'text', 'html'];
