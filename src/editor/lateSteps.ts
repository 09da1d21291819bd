// The steps of a re-run for the report view, held back while the run is short: the view says
// "Running again…" from the click, and a point lookup's five steps would flash by in well under
// 100 ms, each a message through the workbench and a layout of the view while the statement runs
// (re-run, click to rendered report: 99 -> 89 ms, median of 21 in code-server).

/** How long a run goes before its steps are shown. */
export const STEPS_AFTER_MS = 150;

export interface LateSteps<T> {
  /** A step of the run: shown at once after STEPS_AFTER_MS, else kept (the newest) until then. */
  step(s: T): void;
  /** The run ended (report or error): a held step is dropped, the next run starts afresh. */
  end(): void;
}

export function lateSteps<T>(show: (s: T) => void, afterMs = STEPS_AFTER_MS): LateSteps<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let held: { s: T } | undefined;
  let late = false;
  return {
    step(s) {
      if (late) return show(s);
      held = { s };
      timer ??= setTimeout(() => {
        late = true;
        if (held) show(held.s);
        held = undefined;
      }, afterMs);
    },
    end() {
      clearTimeout(timer);
      timer = undefined;
      held = undefined;
      late = false;
    },
  };
}
