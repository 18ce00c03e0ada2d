import { render } from 'ink';
import React from 'react';
import type { SqlClient } from '../../db/sql.js';
import { ConsoleApp, type ConsoleExit } from './app.js';
import type { LessonSession } from '../../domain/lessons/session.js';
import { sqlBackend } from './backend.js';
import { lessonBackend } from './lesson-backend.js';

/** Runs the console full-screen until the person quits; the shell's screen is restored after. */
export async function runConsole(options: { sql: SqlClient; label: string; readOnly: boolean; color: boolean; lesson?: LessonSession }): Promise<ConsoleExit> {
  let reason: ConsoleExit = 'quit';
  process.stdout.write('\u001b[?1049h\u001b[H');
  try {
    const app = render(
      <ConsoleApp
        backend={options.lesson ? lessonBackend(sqlBackend(options.sql, options.label), options.lesson) : sqlBackend(options.sql, options.label)}
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
