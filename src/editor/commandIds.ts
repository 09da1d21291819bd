/** Commands of the command table (editor/commands.ts). */
const TABLE_COMMAND_IDS = [
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
] as const;

/** Registered by the module that owns their state (batch, side panel), not by the command table. */
export const PANEL_COMMAND_IDS = [
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
] as const;

/** Every command the extension contributes; package.json must list exactly these (a unit test checks). */
export const COMMAND_IDS = [...TABLE_COMMAND_IDS, ...PANEL_COMMAND_IDS] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
export type TableCommandId = (typeof TABLE_COMMAND_IDS)[number];
