// Keyboard-interactive prompts: which one gets the password, and which are named as unanswered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerPrompts } from '../../../../src/core/session/ssh';

test('one hidden prompt (PAM\'s "Password: ") gets the password', () => {
  const left: string[] = [];
  assert.deepEqual(answerPrompts([{ prompt: 'Password: ', echo: false }], 'pw', left), ['pw']);
  assert.deepEqual(answerPrompts([{ prompt: '(mqt@bastion) Enter it: ', echo: false }], 'pw', left), ['pw']);
  assert.deepEqual(left, []);
});

test('with several prompts, only the one that asks for a password gets it; the others are named', () => {
  const left: string[] = [];
  assert.deepEqual(
    answerPrompts(
      [
        { prompt: 'Password: ', echo: false },
        { prompt: 'Verification code: ', echo: false },
      ],
      'pw',
      left,
    ),
    ['pw', ''],
  );
  assert.deepEqual(left, ['Verification code:']);
});

test('a prompt that echoes is never given the password', () => {
  const left: string[] = [];
  assert.deepEqual(answerPrompts([{ prompt: 'Password: ', echo: true }], 'pw', left), ['']);
  assert.deepEqual(left, ['Password:']);
});
