// Which performance_schema digests are the tool's own plumbing rather than the user's workload.
// An analysis sends about 30 statements around the one it measures (FLUSH STATUS, SHOW SESSION
// STATUS, SHOW PROFILE, SET profiling, the optimizer trace, EXPLAINs, catalog reads), and the
// digest summary has no column that says which session sent what, so they are recognised by
// their digest text. What goes is what nobody tunes with a plan: SET, SHOW, FLUSH, KILL, EXPLAIN, USE,
// the read-only transaction around a run, variable probes (`SELECT @@x`, `SELECT VERSION()`),
// reads of the system schemas, and the sandbox's and the index advisor's own tables. A user's
// statement of these kinds goes too (`mqt top --all` and the view's toggle show everything).
//
// On MariaDB, Explain & Profile measures a SELECT by running it once as `ANALYZE FORMAT=JSON
// <stmt>`: that run is the user's statement, so such a digest is shown as the statement itself
// and merged with the digest of its plain form (their calls and times add up).

const TOOL_KIND = /^\s*(?:SET|SHOW|FLUSH|KILL|EXPLAIN|DESCRIBE|USE)\b/i;
const TOOL_TRANSACTION = /^\s*(?:START TRANSACTION READ (?:ONLY|WRITE)|ROLLBACK)\s*$/i;
/** `SELECT @@x AS y , VERSION ( ) AS v`: probes of the session, nothing read. */
const PROBE_ITEM = String.raw`(?:@@(?:\x60?\w+\x60?\s*\.\s*)?\x60?\w+\x60?|\x60?(?:VERSION|SCHEMA|DATABASE|CONNECTION_ID|CURRENT_USER|USER)\x60?\s*\(\s*\))(?:\s+AS\s+\x60?\w+\x60?)?`;
const PROBE = new RegExp(String.raw`^\s*SELECT\s+${PROBE_ITEM}(?:\s*,\s*${PROBE_ITEM})*\s*(?:\.\.\.)?$`, 'i');
const SYSTEM_SCHEMA = /(?:^|[\s(,])`?(?:information_schema|performance_schema|mysql)`?\s*\.\s*`?\w/i;
/** The sandbox's marker table and `mqt advise`'s shadow schemas. */
const TOOL_TABLES = /mqt_sandbox_meta|mqt_shadow_/i;

/** Is this digest text one of the statements the tool sends around an analysis (or of their kind)? */
export function isToolStatement(digestText: string): boolean {
  return (
    TOOL_KIND.test(digestText) || TOOL_TRANSACTION.test(digestText) || PROBE.test(digestText) || SYSTEM_SCHEMA.test(digestText) || TOOL_TABLES.test(digestText)
  );
}

const ANALYZE_DIGEST = /^\s*ANALYZE\s+FORMAT\s*=\s*JSON\s+/i;
/** In a real statement, comments may come first and around the words. */
const ANALYZE_SQL = /^(?:\s|\/\*[\s\S]*?\*\/)*ANALYZE(?:\s|\/\*[\s\S]*?\*\/)+FORMAT\s*=\s*JSON(?:\s|\/\*[\s\S]*?\*\/)+/i;

/** The statement inside `ANALYZE FORMAT=JSON <stmt>` (a digest text or a real statement), or undefined. */
export function analyzedStatement(text: string, kind: 'digest' | 'sql'): string | undefined {
  const m = (kind === 'digest' ? ANALYZE_DIGEST : ANALYZE_SQL).exec(text);
  return m ? text.slice(m[0].length) : undefined;
}
