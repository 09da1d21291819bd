/** Thrown for input that is not a plan we can read. The message is one line. */
export class PlanParseError extends Error {
  constructor(message: string) {
    super(message.replace(/\s+/g, ' ').trim());
    this.name = 'PlanParseError';
  }
}

/** Inputs above this size are refused outright (real plans are a few MB at most). */
export const MAX_PLAN_TEXT = 64 * 1024 * 1024;
/** Deepest nesting we follow; real plans stay far below, hostile ones would blow the stack. */
export const MAX_PLAN_DEPTH = 400;
/** Most nodes one plan may have. */
export const MAX_PLAN_NODES = 200_000;

export function tooDeep(): PlanParseError {
  return new PlanParseError(`Plan is nested deeper than ${MAX_PLAN_DEPTH} levels`);
}
