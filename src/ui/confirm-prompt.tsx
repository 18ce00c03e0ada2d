import { openSync } from 'node:fs';
import tty from 'node:tty';
import { ConfirmInput } from '@inkjs/ui';
import { Box, render, Text, useApp, useInput } from 'ink';
import React from 'react';
import { Interrupted } from './errors.js';

export type Answer = 'yes' | 'no' | 'interrupted';

export interface ConfirmPromptProps {
  question: string;
  onAnswer(answer: Answer): void;
}

/** "Question? y/N": y applies; n, Enter or Esc declines; Ctrl+C interrupts. */
export function ConfirmPrompt({ question, onAnswer }: ConfirmPromptProps) {
  const [answer, setAnswer] = React.useState<Answer>();
  const { exit } = useApp();
  const settle = (value: Answer) => {
    if (answer) return;
    setAnswer(value);
    onAnswer(value);
    exit();
  };
  useInput((input, key) => {
    if (key.ctrl && input === 'c') settle('interrupted');
    else if (key.escape) settle('no');
  });
  return (
    <Box>
      <Text bold>{question} </Text>
      {answer ? <Text>{answer === 'yes' ? 'yes' : 'no'}</Text> : <ConfirmInput defaultChoice="cancel" onConfirm={() => settle('yes')} onCancel={() => settle('no')} />}
    </Box>
  );
}

/**
 * Where the answer is read: standard input, unless it was read to its end (an access file or a hash
 * typed on the terminal, then Ctrl+D), when it can no longer be read and the terminal is opened anew.
 */
function answerInput(): { stdin: NodeJS.ReadStream; close(): void } {
  if (!process.stdin.readableEnded) return { stdin: process.stdin, close: () => undefined };
  try {
    const stdin = new tty.ReadStream(openSync('/dev/tty', 'r'));
    return { stdin, close: () => stdin.destroy() };
  } catch {
    return { stdin: process.stdin, close: () => undefined };
  }
}

/** Shows the prompt on stderr (stdout stays for --json and pipes) and resolves with the answer. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  let result = 'no' as Answer;
  const input = answerInput();
  const app = render(<ConfirmPrompt question={question} onAnswer={(a) => (result = a)} />, {
    stdout: process.stderr,
    stdin: input.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  try {
    await app.waitUntilExit();
  } finally {
    input.close();
  }
  if (result === 'interrupted') {
    throw new Interrupted();
  }
  return result === 'yes';
}
