/**
 * Messages between the extension host and the report webview. Declared once here, in core
 * (no vscode, no DOM), so the editor and the webview both import it without crossing
 * layers; every inbound message is checked by a guard before use.
 */
import type { Plan } from './plan/model';
import type { Report, StatementFacts } from './report/model';
import type { LiveUpdate } from './live/model';

export type HostToWebview =
  | { type: 'progress'; statement: string; step: string; connection: string }
  | { type: 'report'; report: Report; connection: string }
  /** The statement is running: its live plan, stage and elapsed time (about twice a second). */
  | { type: 'live'; statement: string; update: LiveUpdate; connection: string }
  | { type: 'error'; statement: string; message: string; connection: string }
  /** Just a plan view (Visualize EXPLAIN Output): no counters, no profile. */
  | { type: 'plan'; plan: Plan; raw: string; title: string; statement?: string; source?: StatementFacts }
  /** The editor's cursor is on this table (name or alias) of the analysed statement. */
  | { type: 'selectTable'; name: string };

export type WebviewToHost =
  /** The script runs; `shown` is the id of the view it restored (so the host sends only what is newer). */
  | { type: 'ready'; shown?: number }
  /** The view with this id is on screen (painted): the host's cue for work that can wait. */
  | { type: 'shown'; id: number }
  | { type: 'rerun' }
  /** Stop the running statement (KILL QUERY), as the notification's Cancel does. */
  | { type: 'cancel' }
  | { type: 'copy'; format: 'markdown' | 'json' }
  /** Put this text (the raw EXPLAIN output shown) on the clipboard. */
  | { type: 'copyText'; text: string }
  /** Highlight [start, end) of the analysed statement in the editor. */
  | { type: 'revealRange'; start: number; end: number; related?: Array<{ start: number; end: number }> };

/** Messages that replace what the view shows (and are worth restoring), as opposed to commands. */
export type ViewState = Extract<HostToWebview, { type: 'progress' | 'live' | 'report' | 'error' | 'plan' }>;

/**
 * A view state as the panel posts it: `id` grows with each state, so a state that arrives twice
 * (posted at once, then again when the view says "ready") is shown once.
 */
export type NumberedViewState = ViewState & { id?: number };

/** Clipboard text from the webview is the raw plan it was given; bound it anyway. */
export const MAX_COPY_TEXT = 64 * 1024 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
      return v.shown === undefined || isOffset(v.shown);
    case 'shown':
      return isOffset(v.id);
    case 'rerun':
    case 'cancel':
      return true;
    case 'copy':
      return v.format === 'markdown' || v.format === 'json';
    case 'copyText':
      return typeof v.text === 'string' && v.text.length <= MAX_COPY_TEXT;
    case 'revealRange':
      return (
        isOffset(v.start) &&
        isOffset(v.end) &&
        v.end >= v.start &&
        (v.related === undefined ||
          (Array.isArray(v.related) &&
            v.related.length <= 8 &&
            v.related.every((r: unknown) => {
              const o = r as { start?: unknown; end?: unknown } | null;
              return !!o && isOffset(o.start) && isOffset(o.end) && o.end >= o.start;
            })))
      );
    default:
      return false;
  }
}

const isPlan = (v: unknown): v is Plan =>
  isObj(v) && typeof v.format === 'string' && isObj(v.root) && typeof v.root.op === 'string' && Array.isArray(v.root.children);

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isObj(v)) return false;
  if (v.id !== undefined && !isOffset(v.id)) return false;
  switch (v.type) {
    case 'selectTable':
      return typeof v.name === 'string';
    case 'plan':
      return isPlan(v.plan) && typeof v.raw === 'string' && typeof v.title === 'string' && (v.statement === undefined || typeof v.statement === 'string');
    default:
      break;
  }
  if (typeof v.connection !== 'string') return false;
  switch (v.type) {
    case 'progress':
      return typeof v.statement === 'string' && typeof v.step === 'string';
    case 'live':
      return (
        typeof v.statement === 'string' &&
        isObj(v.update) &&
        typeof v.update.elapsedMs === 'number' &&
        Array.isArray(v.update.nodes) &&
        (v.update.plan === undefined || isPlan(v.update.plan))
      );
    case 'report':
      return isObj(v.report) && typeof (v.report as { statement?: unknown }).statement === 'string';
    case 'error':
      return typeof v.statement === 'string' && typeof v.message === 'string';
    default:
      return false;
  }
}

export function isViewState(v: unknown): v is ViewState {
  return isHostToWebview(v) && v.type !== 'selectTable';
}

export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify(x)}`);
}
