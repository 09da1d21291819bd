import type { Capabilities, ServerInfo } from '../report/model';

/** "10.11.19-MariaDB-0+deb12u1" or "5.5.5-10.11..." (handshake) or "8.0.36". */
export function serverInfoFrom(version: string, comment?: string): ServerInfo {
  const v = version.replace(/^5\.5\.5-/, '');
  const flavor = /mariadb/i.test(v) || /mariadb/i.test(comment ?? '') ? 'mariadb' : 'mysql';
  const info: ServerInfo = { flavor, version: v };
  if (comment) info.comment = comment;
  return info;
}

/** [major, minor, patch] of the version string. */
export function versionParts(info: ServerInfo): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(info.version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
}

export function atLeast(info: ServerInfo, major: number, minor = 0, patch = 0): boolean {
  const [a, b, c] = versionParts(info);
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** What the server can do, from version and a few variables (privileges are learned by trying). */
export function capabilitiesFrom(info: ServerInfo, vars: { haveProfiling?: string | null; performanceSchema?: string | number | null }): Capabilities {
  const mariadb = info.flavor === 'mariadb';
  return {
    profiling: String(vars.haveProfiling ?? '').toUpperCase() === 'YES',
    performanceSchema: String(vars.performanceSchema ?? '0') === '1' || String(vars.performanceSchema).toUpperCase() === 'ON',
    flushStatus: true,
    explainJson: mariadb ? atLeast(info, 10, 1) : atLeast(info, 5, 6, 5),
    explainAnalyze: mariadb ? atLeast(info, 10, 1) : atLeast(info, 8, 0, 18),
  };
}
