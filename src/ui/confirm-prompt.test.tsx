import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { ConfirmPrompt, type Answer } from './confirm-prompt.js';

/** Polls until the condition holds: the proof, not a fixed time (bounded so that a broken prompt fails). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

function renderPrompt() {
  const answers: Answer[] = [];
  const ui = render(<ConfirmPrompt question="Apply these changes?" onAnswer={(a) => answers.push(a)} />);
  // Ink reads keys once its input effect has run: it then listens for 'readable' on stdin.
  const reading = () => ui.stdin.listenerCount('readable') > 0;
  return { ui, answers, reading };
}

describe('ConfirmPrompt', () => {
  it('asks with the default (no) shown', () => {
    const ui = render(<ConfirmPrompt question="Apply these changes?" onAnswer={() => undefined} />);
    expect(ui.lastFrame()).toBe('Apply these changes? y/N');
    ui.unmount();
  });

  it.each([
    ['y', 'yes'],
    ['Y', 'yes'],
    ['n', 'no'],
    ['\r', 'no'],
    ['\u001b', 'no'],
    ['\u0003', 'interrupted'],
  ])('answers %j with %s, once', async (input, expected) => {
    const { ui, answers, reading } = renderPrompt();
    await until(reading, 'the prompt to read keys');
    ui.stdin.write(input);
    ui.stdin.write(input);
    await until(() => answers.length > 0, 'an answer');
    expect(answers).toEqual([expected]);
    ui.unmount();
  });

  it('ignores other keys', async () => {
    const { ui, answers, reading } = renderPrompt();
    await until(reading, 'the prompt to read keys');
    ui.stdin.write('x');
    expect(ui.lastFrame()).toContain('y/N');
    // A key after it is answered: so 'x' was read, and answered nothing.
    ui.stdin.write('n');
    await until(() => answers.length > 0, 'an answer');
    expect(answers).toEqual(['no']);
    ui.unmount();
  });
});
