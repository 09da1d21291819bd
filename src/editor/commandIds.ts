/** Every command the extension contributes, in the order of package.json (a unit test checks). */
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
  'mysqlQueryTuner.refreshTopStatements',
  'mysqlQueryTuner.sortTopStatements',
  'mysqlQueryTuner.toggleOwnTopStatements',
  'mysqlQueryTuner.openTopStatement',
  'mysqlQueryTuner.analyzeSlowLog',
  'mysqlQueryTuner.sortSlowLog',
  'mysqlQueryTuner.openDigestSample',
  'mysqlQueryTuner.adviseIndexes',
  'mysqlQueryTuner.copyCreateIndex',
] as const;

/** Commands the extension registers for its own links and quick fixes; not in the palette. */
export const INTERNAL_COMMAND_IDS = ['mysqlQueryTuner.hints.copyDdl'] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
export type InternalCommandId = (typeof INTERNAL_COMMAND_IDS)[number];
