import { render } from 'ink';
import React from 'react';
import type { SqlClient } from '../../db/sql.js';
import type { PlanJournal } from '../../domain/audit/record.js';
import { ConsoleApp, type ConsoleExit } from './app.js';
import { sqlBackend, type PlanSaver } from './backend.js';

/** Runs the console full-screen until the person quits; the shell's screen is restored after. */
export async function runConsole(options: {
  sql: SqlClient;
  label: string;
  journal: PlanJournal;
  savePlan?: PlanSaver;
  readOnly: boolean;
  color: boolean;
}): Promise<ConsoleExit> {
  let reason: ConsoleExit = 'quit';
  process.stdout.write('\u001b[?1049h\u001b[H');
  try {
    const app = render(
      <ConsoleApp backend={sqlBackend(options.sql, options.label, options.journal, options.savePlan)} readOnly={options.readOnly} color={options.color} onExit={(r) => (reason = r)} />,
      { exitOnCtrlC: false, patchConsole: false },
    );
    await app.waitUntilExit();
  } finally {
    process.stdout.write('\u001b[?1049l');
  }
  return reason;
}
