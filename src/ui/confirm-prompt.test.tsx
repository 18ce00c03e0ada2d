import { render } from 'ink-testing-library';
import React from 'react';
import { describe, expect, it } from 'vitest';
import { ConfirmPrompt, type Answer } from './confirm-prompt.js';

const tick = () => new Promise((r) => setTimeout(r, 20));

async function answerWith(input: string): Promise<{ answers: Answer[]; frame: string }> {
  const answers: Answer[] = [];
  const ui = render(<ConfirmPrompt question="Apply these changes?" onAnswer={(a) => answers.push(a)} />);
  await tick();
  ui.stdin.write(input);
  await tick();
  const frame = ui.lastFrame() ?? '';
  ui.unmount();
  return { answers, frame };
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
    const { answers } = await answerWith(input);
    expect(answers).toEqual([expected]);
  });

  it('ignores other keys', async () => {
    const { answers, frame } = await answerWith('x');
    expect(answers).toEqual([]);
    expect(frame).toContain('y/N');
  });
});
