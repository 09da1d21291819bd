// Just enough of the vscode API, working, for the editor's connection code outside an editor:
// settings in a map, SecretStorage in a map, and dialogs answered from a script. Loaded in
// place of the 'vscode' module; what the code asks is recorded, so a test can check it.
import Module from 'node:module';

type Answer = string | undefined | ((question: { title?: string; prompt?: string; items?: unknown[] }) => unknown);

export interface StandIn {
  /** Settings by `section.key`, as written by `update`. */
  settings: Map<string, unknown>;
  /** SecretStorage. */
  secrets: Map<string, string>;
  /** SecretStorage reads so far, by key. */
  secretGets: string[];
  /** Fires SecretStorage's onDidChange, as a change from another window would. */
  secretChanged(key: string): void;
  globalState: Map<string, unknown>;
  /** The dialogs shown, in order: `box: title: prompt`, `pick: title`, `warning: message`. */
  asked: string[];
  /** Answers to the next dialogs, in order (a function picks from the items). */
  answers: Answer[];
  context: unknown;
  /** Empties settings, secrets, state, the record and the script (modules loaded keep this API). */
  reset(): void;
  /** Puts the real 'vscode' module lookup back. */
  restore(): void;
}

class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

const format = (text: string, ...args: unknown[]): string => text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

export function installVscodeStandIn(): StandIn {
  const settings = new Map<string, unknown>();
  const secrets = new Map<string, string>();
  const secretGets: string[] = [];
  const secretEvents = new EventEmitter<{ key: string }>();
  const globalState = new Map<string, unknown>();
  const asked: string[] = [];
  const answers: Answer[] = [];
  const configChanged = new EventEmitter<{ affectsConfiguration: (s: string) => boolean }>();
  const next = (question: { title?: string; prompt?: string; items?: unknown[] }): unknown => {
    if (!answers.length) throw new Error(`no scripted answer for ${JSON.stringify(question)}`);
    const a = answers.shift();
    return typeof a === 'function' ? a(question) : a;
  };
  const api = {
    EventEmitter,
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    InputBoxValidationSeverity: { Info: 1, Warning: 2, Error: 3 },
    l10n: { t: format },
    workspace: {
      onDidChangeConfiguration: (l: (e: { affectsConfiguration: (s: string) => boolean }) => void, thisArg?: unknown, bag?: Array<{ dispose(): void }>) => {
        const d = configChanged.event(l.bind(thisArg));
        bag?.push(d);
        return d;
      },
      getConfiguration: (section: string) => ({
        get: <T>(key: string, fallback?: T) => (settings.has(`${section}.${key}`) ? settings.get(`${section}.${key}`) : fallback),
        update: (key: string, value: unknown) => {
          settings.set(`${section}.${key}`, structuredClone(value));
          configChanged.fire({ affectsConfiguration: (s) => `${section}.${key}`.startsWith(s) });
          return Promise.resolve();
        },
      }),
    },
    window: {
      showInputBox: (o: { title?: string; prompt?: string }) => {
        asked.push(`box: ${o.title ?? ''}: ${o.prompt ?? ''}`);
        return Promise.resolve(next(o));
      },
      showQuickPick: (items: unknown[], o: { title?: string } = {}) => {
        asked.push(`pick: ${o.title ?? ''}`);
        return Promise.resolve(next({ ...o, items }));
      },
      showWarningMessage: (message: string, ...rest: unknown[]) => {
        asked.push(`warning: ${message}`);
        return Promise.resolve(
          rest.some((r) => typeof r === 'object' && r !== null && (r as { modal?: boolean }).modal) ? next({ prompt: message }) : undefined,
        );
      },
      showErrorMessage: (message: string) => {
        asked.push(`error: ${message}`);
        return Promise.resolve(undefined);
      },
    },
  };
  const context = {
    subscriptions: [],
    secrets: {
      get: (k: string) => (secretGets.push(k), Promise.resolve(secrets.get(k))),
      store: (k: string, v: string) => Promise.resolve(void secrets.set(k, v)).then(() => secretEvents.fire({ key: k })),
      delete: (k: string) => Promise.resolve(void secrets.delete(k)).then(() => secretEvents.fire({ key: k })),
      onDidChange: (l: (e: { key: string }) => void, thisArg?: unknown, bag?: Array<{ dispose(): void }>) => {
        const d = secretEvents.event(l.bind(thisArg));
        bag?.push(d);
        return d;
      },
    },
    globalState: {
      get: <T>(k: string, d?: T) => (globalState.has(k) ? globalState.get(k) : d),
      update: (k: string, v: unknown) => Promise.resolve(void (v === undefined ? globalState.delete(k) : globalState.set(k, v))),
    },
  };
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (request, ...rest) => (request === 'vscode' ? api : original(request, ...rest));
  const reset = (): void => {
    for (const m of [settings, secrets, globalState]) m.clear();
    asked.length = 0;
    answers.length = 0;
    secretGets.length = 0;
  };
  const secretChanged = (key: string) => secretEvents.fire({ key });
  return { settings, secrets, secretGets, secretChanged, globalState, asked, answers, context, reset, restore: () => (loader._load = original) };
}
