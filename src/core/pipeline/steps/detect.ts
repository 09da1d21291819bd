import { AnalysisError } from '../../session/errors';
import { atLeast, capabilitiesFrom, serverInfoFrom } from '../../session/server';
import { dialectFrom } from '../../sql/dialect';
import { step, type Detected, type StepDb } from '../step';

declare module '../step' {
  interface StepOutputs {
    /** The server, what it can do, and the session limits set for this run. */
    detect: Detected;
  }
}

/** Flavor, version, sql_mode, profiling and performance_schema; once per connection. */
async function learn(db: StepDb): Promise<Detected> {
  const rows = await db.query(
    'connecting',
    'SELECT VERSION() AS v, @@version_comment AS c, @@performance_schema AS ps, @@max_allowed_packet AS mp, @@SESSION.sql_mode AS sm, @@net_buffer_length AS nb',
  );
  const server = serverInfoFrom(String(rows[0].v), rows[0].c ? String(rows[0].c) : undefined);
  // The reader reads statements as this server does: its version and session sql_mode.
  const dialect = dialectFrom(server.flavor, server.version, String(rows[0].sm ?? ''));
  const netBuffer = { length: Number(rows[0].nb) || 16384, restoresCounters: server.flavor === 'mariadb' };
  let haveProfiling: string | null = null;
  try {
    const p = await db.query('connecting', 'SELECT @@have_profiling AS hp');
    haveProfiling = p[0].hp === null ? null : String(p[0].hp);
  } catch (e) {
    if (e instanceof AnalysisError) throw e;
    haveProfiling = null; // variable missing on this build
  }
  const capabilities = capabilitiesFrom(server, { haveProfiling, performanceSchema: rows[0].ps as string | number | null });
  if (server.flavor === 'mysql' && atLeast(server, 8, 3)) {
    // MySQL 8.3+: the tree-shaped JSON (version 2), which names every iterator, as TREE does.
    await db.query('connecting', 'SET SESSION explain_json_format_version = 2').catch((e: unknown) => {
      if (e instanceof AnalysisError) throw e;
    });
  }
  return { server, capabilities, maxPacket: Number(rows[0].mp) || 0, dialect, netBuffer };
}

export const detect = step({
  name: 'detect',
  needs: [],
  async run(ctx) {
    const { db } = ctx;
    db.state.detected ??= await learn(db);
    const found = db.state.detected;
    // The server-side limit covers every statement of the analysis, catalogue queries included.
    const limit = db.limitMs;
    await db.query(
      'setting the time limit',
      found.server.flavor === 'mariadb'
        ? `SET SESSION max_statement_time = ${(limit / 1000).toFixed(3)}`
        : `SET SESSION max_execution_time = ${Math.ceil(limit)}`,
    );
    // A copy: later steps learn what this run may do (a denied FLUSH STATUS) without changing the cache.
    return { ...found, capabilities: { ...found.capabilities } };
  },
  apply(report, out) {
    report.server = out.server;
    report.capabilities = out.capabilities;
  },
});
