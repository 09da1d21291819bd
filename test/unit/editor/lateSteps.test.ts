import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { lateSteps } from '../../../src/editor/lateSteps';

test("a short run's steps are never shown; a long run shows its newest step at the limit, then each as it comes", () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const shown: string[] = [];
    const steps = lateSteps<string>((s) => shown.push(s), 150);
    steps.step('Connecting');
    steps.step('Explaining');
    mock.timers.tick(149);
    steps.end(); // the report came first
    mock.timers.tick(500);
    assert.deepEqual(shown, []);

    steps.step('Connecting');
    mock.timers.tick(100);
    steps.step('Explaining');
    mock.timers.tick(50);
    assert.deepEqual(shown, ['Explaining'], 'the newest held step, once');
    steps.step('Running');
    assert.deepEqual(shown, ['Explaining', 'Running'], 'at once from then on');
    steps.end();

    // The next run is held again from its own start.
    steps.step('Connecting');
    mock.timers.tick(149);
    assert.deepEqual(shown, ['Explaining', 'Running']);
    mock.timers.tick(1);
    assert.deepEqual(shown, ['Explaining', 'Running', 'Connecting']);
  } finally {
    mock.timers.reset();
  }
});
