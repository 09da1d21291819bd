/**
 * Commands the Top Statements view and Analyze Slow Log register themselves (src/editor/digest.ts),
 * and Advise Indexes with its quick fix (src/editor/advice.ts); every other one is in the command
 * table (src/editor/commands.ts).
 */
export const VIEW_COMMAND_IDS = [
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
  ...VIEW_COMMAND_IDS,
] as const;

/** Commands the extension registers for its own links and quick fixes; not in the palette. */
export const INTERNAL_COMMAND_IDS = ['mysqlQueryTuner.hints.copyDdl'] as const;


export type CommandId = (typeof COMMAND_IDS)[number];
export type ViewCommandId = (typeof VIEW_COMMAND_IDS)[number];
export type InternalCommandId = (typeof INTERNAL_COMMAND_IDS)[number];
