import { render } from 'ink';
import React from 'react';
import { ConsoleApp, type ConsoleExit } from './app.js';
import type { LessonSession } from '../../domain/lessons/session.js';
import type { ConsoleBackend } from './backend.js';
import { lessonBackend } from './lesson-backend.js';

/** Runs the console full-screen until the person quits; the shell's screen is restored after. */
export async function runConsole(options: { backend: ConsoleBackend; readOnly: boolean; color: boolean; lesson?: LessonSession }): Promise<ConsoleExit> {
  let reason: ConsoleExit = 'quit';
  process.stdout.write('\u001b[?1049h\u001b[H');
  try {
    const app = render(
      <ConsoleApp
        backend={options.lesson ? lessonBackend(options.backend, options.lesson) : options.backend}
        readOnly={options.readOnly}
        color={options.color}
        lesson={options.lesson}
        onExit={(r) => (reason = r)}
      />,
      { exitOnCtrlC: false, patchConsole: false },
    );
    await app.waitUntilExit();
  } finally {
    process.stdout.write('\u001b[?1049l');
  }
  return reason;
}
