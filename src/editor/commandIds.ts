/** Every command the extension contributes; package.json must list exactly these (a unit test checks). */
export const COMMAND_IDS = [
  'mysqlQueryTuner.explainProfile',
  'mysqlQueryTuner.addConnection',
  'mysqlQueryTuner.selectConnection',
  'mysqlQueryTuner.removeConnection',
  'mysqlQueryTuner.showLog',
  'mysqlQueryTuner.importConnections',
  'mysqlQueryTuner.openSamples',
  'mysqlQueryTuner.visualizeExplain',
  'mysqlQueryTuner.exportReport',
  'mysqlQueryTuner.copyPlanText',
  'mysqlQueryTuner.profileAll',
  'mysqlQueryTuner.refreshCounters',
  'mysqlQueryTuner.openRun',
  'mysqlQueryTuner.compareWithPrevious',
  'mysqlQueryTuner.selectForCompare',
  'mysqlQueryTuner.compareWithSelected',
  'mysqlQueryTuner.clearHistory',
  'mysqlQueryTuner.compareRewrite',
] as const;

/** Registered by the module that owns their state, not by the command table. */
export const PANEL_COMMAND_IDS = [
  'mysqlQueryTuner.profileAll',
  'mysqlQueryTuner.refreshCounters',
  'mysqlQueryTuner.openRun',
  'mysqlQueryTuner.compareWithPrevious',
  'mysqlQueryTuner.selectForCompare',
  'mysqlQueryTuner.compareWithSelected',
  'mysqlQueryTuner.clearHistory',
  'mysqlQueryTuner.compareRewrite',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
