export type { Report, ServerInfo, Capabilities, Execution, ReportError, Hint } from './model';
export { renderText } from './text';
export { renderMarkdown } from './markdown';
export { renderHtmlDocument, escapeHtml } from './html';
export * from './view';

export type ReportFormat = 'json' | 'md' | 'text' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'md', 'text', 'html'];
