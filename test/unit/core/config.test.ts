import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, normalize } from '../../../src/core/config';
import { policyFrom } from '../../../src/core/pipeline/policy';

test('one set of defaults, and they are the ones package.json declares', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const { config, problems } = normalize(undefined);
  assert.deepEqual(problems, []);
  assert.deepEqual(config, { ...DEFAULTS, hints: { disabled: [] }, codeLens: { enabled: true } });
  assert.equal(props['mysqlQueryTuner.timeoutSeconds'].default, config.timeoutSeconds);
  assert.equal(props['mysqlQueryTuner.planActuals'].default, config.planActuals);
  assert.equal(props['mysqlQueryTuner.profileWrites'].default, config.profileWrites);
  assert.equal(props['mysqlQueryTuner.readOnlySession'].default, config.readOnlySession);
  assert.deepEqual(props['mysqlQueryTuner.hints.disabled'].default, config.hints.disabled);
  assert.equal(props['mysqlQueryTuner.codeLens.enabled'].default, config.codeLens.enabled);
});

test('the CLI flags (strings) and the editor settings (nested or dotted) read the same', () => {
  const cli = normalize({ timeoutSeconds: '2.5', planActuals: 'never', profileWrites: true });
  const editor = normalize({
    timeoutSeconds: 2.5,
    planActuals: 'never',
    profileWrites: true,
    hints: { disabled: ['select-star', 7] },
    'codeLens.enabled': false,
  });
  assert.equal(cli.config.timeoutSeconds, 2.5);
  assert.equal(editor.config.timeoutSeconds, 2.5);
  assert.equal(cli.config.planActuals, editor.config.planActuals);
  assert.deepEqual(editor.config.hints.disabled, ['select-star']);
  assert.equal(editor.config.codeLens.enabled, false);
});

test('bad values fall back to the default and are named', () => {
  const { config, problems } = normalize({ timeoutSeconds: -3, planActuals: 'sometimes', readOnlySession: 'yes' });
  assert.equal(config.timeoutSeconds, 30);
  assert.equal(config.planActuals, 'auto');
  assert.equal(config.readOnlySession, false);
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /planActuals must be one of never, auto, always \(got "sometimes"\)/);
});

test('the policy follows the config; explain only turns writes off', () => {
  const { config } = normalize({ profileWrites: true, readOnlySession: true });
  const { blocked, ...flags } = policyFrom(config);
  assert.equal(blocked(), undefined);
  assert.deepEqual(flags, { readOnly: true, allowWrites: true, explainOnly: false });
  const p = policyFrom(config, undefined, true);
  assert.equal(p.allowWrites, false);
  assert.equal(p.explainOnly, true);
});
