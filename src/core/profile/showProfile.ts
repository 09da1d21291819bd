import type { ProfileStage } from './model';

const num = (v: unknown): number | undefined => {
  if (v === null || v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const ms = (v: unknown): number | undefined => {
  const s = num(v);
  return s === undefined ? undefined : s * 1000;
};

/** Rows of `SHOW PROFILE ALL FOR QUERY n` (durations in seconds) -> stages in ms. */
export function stagesFromShowProfile(rows: ReadonlyArray<Record<string, unknown>>): ProfileStage[] {
  return rows.map((r) => {
    const stage: ProfileStage = { name: String(r.Status ?? r.status ?? '?'), ms: ms(r.Duration ?? r.duration) ?? 0 };
    const put = <K extends keyof ProfileStage>(key: K, value: ProfileStage[K] | undefined) => {
      if (value !== undefined) stage[key] = value;
    };
    put('cpuUserMs', ms(r.CPU_user));
    put('cpuSystemMs', ms(r.CPU_system));
    put('contextVoluntary', num(r.Context_voluntary));
    put('contextInvoluntary', num(r.Context_involuntary));
    put('blockOpsIn', num(r.Block_ops_in));
    put('blockOpsOut', num(r.Block_ops_out));
    put('messagesSent', num(r.Messages_sent));
    put('messagesReceived', num(r.Messages_received));
    put('pageFaultsMajor', num(r.Page_faults_major));
    put('pageFaultsMinor', num(r.Page_faults_minor));
    put('swaps', num(r.Swaps));
    if (r.Source_function) {
      const file = r.Source_file ? ` ${String(r.Source_file)}${r.Source_line ? `:${String(r.Source_line)}` : ''}` : '';
      stage.source = `${String(r.Source_function)}${file}`;
    }
    return stage;
  });
}

/**
 * Find our statement in `SHOW PROFILES` output. The query text there is truncated and
 * whitespace-normalised by the server, so match on a prefix; among matches take the last.
 */
export function findProfiledQuery(rows: ReadonlyArray<Record<string, unknown>>, sql: string): number | undefined {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const want = norm(sql);
  let found: number | undefined;
  for (const r of rows) {
    const text = norm(String(r.Query ?? ''));
    if (text && (want.startsWith(text) || text.startsWith(want.slice(0, Math.max(1, text.length))))) {
      const id = num(r.Query_ID);
      if (id !== undefined) found = id;
    }
  }
  return found;
}
