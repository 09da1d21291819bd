import * as vscode from 'vscode';
import { normalize, type TunerConfig } from '../core/config';

export const SECTION = 'mysqlQueryTuner';

/** The keys of TunerConfig as settings; the core's normalize() decides every default. */
const KEYS = [
  'timeoutSeconds',
  'planActuals',
  'profileWrites',
  'readOnlySession',
  'optimizerTrace',
  'profileSource',
  'hints.disabled',
  'codeLens.enabled',
] as const;

/** The settings now, as one TunerConfig (problems go to the log, the default is used). */
export function readConfig(log?: vscode.LogOutputChannel): TunerConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  const { config, problems } = normalize(Object.fromEntries(KEYS.map((k) => [k, c.get<unknown>(k)])));
  for (const p of problems) log?.warn(`settings: ${SECTION}.${p}`);
  return config;
}
