/**
 * Messages between the extension host and the report webview. Declared once, imported by
 * both sides; every inbound message is checked by a guard before use.
 */
import type { Report } from '../core/report/model';

export type HostToWebview =
  | { type: 'progress'; statement: string; step: string; connection: string }
  | { type: 'report'; report: Report; connection: string }
  | { type: 'error'; statement: string; message: string; connection: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'rerun' }
  | { type: 'copy'; format: 'markdown' | 'json' };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready': case 'rerun': return true;
    case 'copy': return v.format === 'markdown' || v.format === 'json';
    default: return false;
  }
}

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isObj(v) || typeof v.connection !== 'string') return false;
  switch (v.type) {
    case 'progress': return typeof v.statement === 'string' && typeof v.step === 'string';
    case 'report': return isObj(v.report) && typeof (v.report as { statement?: unknown }).statement === 'string';
    case 'error': return typeof v.statement === 'string' && typeof v.message === 'string';
    default: return false;
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
