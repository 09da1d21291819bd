/** Every command the extension contributes; package.json must list exactly these (a unit test checks). */
export const COMMAND_IDS = [
  'mysqlQueryTuner.explainProfile',
  'mysqlQueryTuner.addConnection',
  'mysqlQueryTuner.selectConnection',
  'mysqlQueryTuner.removeConnection',
  'mysqlQueryTuner.showLog',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
