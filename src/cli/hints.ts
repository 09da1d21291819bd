// mqt hints: rewrite hints for a statement or a script, with the schema and plans of a live
// server as evidence when --url is given (EXPLAIN only: nothing is executed).
import { parseArgs } from 'node:util';
import type * as mysql from 'mysql2/promise';
import { analyzeHints, loadSchema, RULE_IDS, type HintFinding, type SchemaInfo, type StatementPlan } from '../core/hints';
import { parsePlanJson } from '../core/plan';
import { openConnection, type ConnectionSpec } from '../core/session/connection';
import { classify } from '../core/sql/classify';
import { splitStatements } from '../core/sql/statements';
import { readInput, UsageError } from './errors';
import { HINTS_USAGE } from './help';
import { CONNECTION_OPTIONS, connectionSpec } from './connect';

/** EXPLAINs at most this many statements of a script: evidence, not a full analysis. */
const MAX_EXPLAINS = 200;

/** `write` defaults to standard output (tests pass their own). */
export async function runHintsCommand(
  args: string[],
  write: (text: string) => void = (t) => {
    process.stdout.write(t);
  },
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      sql: { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      dialect: { type: 'string' },
      disable: { type: 'string', multiple: true },
    },
  });
  const format = values.format ?? 'text';
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format must be json or text (got "${format}")`);
  if ((values.sql === undefined) === (values.file === undefined)) throw new UsageError(`give exactly one of --sql TEXT or --file FILE; usage: ${HINTS_USAGE}`);
  if (values.dialect !== undefined && values.dialect !== 'mysql' && values.dialect !== 'mariadb') throw new UsageError('--dialect must be mysql or mariadb');
  const disabled = (values.disable ?? [])
    .flatMap((d) => d.split(','))
    .map((d) => d.trim())
    .filter(Boolean);
  const unknown = disabled.filter((d) => !(RULE_IDS as readonly string[]).includes(d));
  if (unknown.length) throw new UsageError(`unknown rule id(s): ${unknown.join(', ')}`);
  const sql = values.file !== undefined ? readInput(values.file) : values.sql!;
  if (splitStatements(sql).length === 0) throw new UsageError('no SQL statement in the input');

  let dialect = values.dialect as 'mysql' | 'mariadb' | undefined;
  let schema: SchemaInfo | undefined;
  let plans: StatementPlan[] = [];
  let serverVersion: string | undefined;
  if (values.url !== undefined) {
    const evidence = await gatherEvidence(await connectionSpec(values), sql);
    schema = evidence.schema;
    plans = evidence.plans;
    serverVersion = evidence.version;
    dialect ??= /mariadb/i.test(evidence.version) ? 'mariadb' : 'mysql';
  }
  const found = analyzeHints({ sql, dialect: dialect ?? 'mysql', disabled, plans, ...(schema ? { schema } : {}), ...(serverVersion ? { serverVersion } : {}) });
  write(format === 'json' ? renderJson(found) : renderText(sql, found, values.file ?? '<sql>'));
}

function connectTo(spec: ConnectionSpec): Promise<mysql.Connection> {
  return openConnection(spec);
}

/** Schema of the connection's database, and EXPLAIN FORMAT=JSON of the read statements. */
async function gatherEvidence(spec: ConnectionSpec, sql: string): Promise<{ schema?: SchemaInfo; plans: StatementPlan[]; version: string }> {
  const conn = await connectTo(spec);
  try {
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v, DATABASE() AS db');
    const version = String(rows[0]?.v ?? '');
    const db = spec.database ?? (rows[0]?.db ? String(rows[0].db) : undefined);
    const schema = db ? await loadSchema(conn, db) : undefined;
    const plans: StatementPlan[] = [];
    let n = 0;
    for (const st of splitStatements(sql)) {
      const c = classify(st.text);
      if (c.kind !== 'read' || !c.explainable || n >= MAX_EXPLAINS) continue;
      n++;
      try {
        const [out] = await conn.query<mysql.RowDataPacket[]>(`EXPLAIN FORMAT=JSON ${st.text}`);
        const first = out[0] ? Object.values(out[0])[0] : undefined;
        if (typeof first === 'string') plans.push({ statement: st.text, plan: parsePlanJson(JSON.parse(first)) });
      } catch {
        // A statement the server rejects (or a plan we cannot read) just gets no plan evidence.
      }
    }
    return { ...(schema ? { schema } : {}), plans, version };
  } finally {
    await conn.end().catch(() => undefined);
  }
}

export function renderJson(found: HintFinding[]): string {
  const out = found.map((h) => ({
    rule: h.rule,
    severity: h.severity,
    message: h.message,
    range: { start: h.range.start, end: h.range.end },
    ...(h.fix ? { fix: h.fix } : {}),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

export function renderText(sql: string, found: HintFinding[], name: string): string {
  if (!found.length) return 'No hints.\n';
  const starts = [0];
  for (let i = sql.indexOf('\n'); i >= 0; i = sql.indexOf('\n', i + 1)) starts.push(i + 1);
  const pos = (o: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= o) line++;
    return `${line + 1}:${o - starts[line] + 1}`;
  };
  const lines: string[] = [];
  for (const h of found) {
    lines.push(`${name}:${pos(h.range.start)} ${h.severity} ${h.rule}: ${h.title}`);
    lines.push(`  ${h.message}`);
    if (h.evidence?.length) lines.push(...h.evidence.map((e) => `  evidence: ${e}`));
    if (h.fix) lines.push(`  fix: ${h.fix.replace(/\n/g, '\n       ')}`);
  }
  const count = (s: string) => found.filter((h) => h.severity === s).length;
  lines.push('', `${found.length} hint(s): ${count('warning')} warning(s), ${count('info')} info.`);
  return lines.join('\n') + '\n';
}
