import { DatabaseError, QueryFailed } from '../db/errors.js';
import { InvalidInput } from '../domain/errors.js';
import { printable } from '../domain/text.js';
import { Interrupted } from '../ui/errors.js';
import { CommandError, UsageError } from './errors.js';
import type { OutputWrapper } from './output.js';
import { VERSION } from './version.js';

/** SQLSTATE 42P01: a table is missing (the schema is not Django's, or not there). */
const UNDEFINED_TABLE = '42P01';

/**
 * The one place where an error of any layer becomes what its user reads and the exit code. A user
 * error is one line; anything unexpected is a bug, and says so and how to report it.
 */
export function reportError(error: unknown, stderr: OutputWrapper, traceback: boolean): number {
  const stack = () => {
    if (traceback && error instanceof Error && error.stack) stderr.write(error.stack);
  };
  if (error instanceof UsageError) {
    if (error.usage) stderr.write(error.usage);
    stderr.write(`error: ${error.message}`, 'ERROR');
    return error.returnCode;
  }
  if (error instanceof InvalidInput) {
    for (const problem of error.problems) stderr.write(`Error: ${problem.message}`, 'ERROR');
    return 1;
  }
  if (error instanceof CommandError) {
    stderr.write(`Error: ${error.message}`, 'ERROR');
    stack();
    return error.returnCode;
  }
  if (error instanceof Interrupted) {
    stderr.write(`Error: ${error.message}`, 'ERROR');
    return 130;
  }
  if (error instanceof QueryFailed && error.code === UNDEFINED_TABLE) {
    stderr.write(`Error: ${firstLine(error)}: the auth schema is missing or incomplete ('accessctl check' says what is wrong)`, 'ERROR');
    stack();
    return 1;
  }
  if (error instanceof DatabaseError) {
    stderr.write(`Error: ${firstLine(error)}`, 'ERROR');
    stack();
    return 1;
  }
  stderr.write(`Error: ${firstLine(error)}`, 'ERROR');
  stderr.write(
    traceback
      ? `This is a bug in accessctl ${VERSION}. Please report it with the command you ran and everything it printed.`
      : `This is a bug in accessctl ${VERSION}. Please report it with the command you ran and what it prints with --traceback added.`,
    'ERROR',
  );
  stack();
  return 1;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Bounded generously: a message names its values already bounded; this only keeps a stray control character off the terminal.
  return printable(message.split('\n')[0] ?? '', 2000);
}
