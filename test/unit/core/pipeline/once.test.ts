// Issue 14: the pipeline lexes a statement once for the caller's reading and once more for the
// server's (versioned comments, sql_mode); the report's hints reuse that reading's tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize } from '../../../../src/core/config';
import { analyze } from '../../../../src/core/pipeline/analyze';
import { serverPolicy } from '../../../../src/core/pipeline/policy';
import { makeStatement, statementFrom } from '../../../../src/core/pipeline/statement';
import { lexed } from '../../../../src/core/sql/lexer';
import { statementAt } from '../../../../src/core/sql/statements';
import { Q01, recordedSession } from './recorded';

const chars = () => lexed.chars;

test("the editor's statement under the cursor becomes the Statement without lexing it again", () => {
  const doc = `SELECT 1;\n${Q01};\nSELECT 2`;
  const before = chars();
  const s = statementAt(doc, doc.indexOf('rental_date'));
  assert.ok(s);
  const st = statementFrom(s);
  assert.equal(chars() - before, doc.length);
  assert.equal(st.text, Q01);
  assert.deepEqual(st.tokens, makeStatement(Q01).tokens);
  assert.deepEqual(st.tables, makeStatement(Q01).tables);
});

test("an analysis lexes its statement once more, for the server; the report's hints come from those tokens", async () => {
  const { config } = normalize({});
  const statement = makeStatement(Q01);
  const { session: s } = recordedSession();
  const before = chars();
  const report = await analyze(statement, config, serverPolicy(), s);
  // The read step reads it as MariaDB 10.11 does; nothing after it lexes the statement again
  // (the safety checks, the locators, the hints with the plan).
  assert.equal(chars() - before, Q01.length);
  assert.equal(report.plan?.format, 'mariadb-analyze-json');
  assert.ok(Array.isArray(report.hints));
});
