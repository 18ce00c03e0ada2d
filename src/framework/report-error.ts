import { DatabaseError, QueryFailed } from '../db/errors.js';
import { maskUrlsIn } from '../db/mask.js';
import { InvalidInput } from '../domain/errors.js';
import { printable } from '../domain/text.js';
import { Interrupted } from '../ui/errors.js';
import { CommandError, UsageError } from './errors.js';
import type { OutputWrapper } from './output.js';
import { VERSION } from './version.js';

/** SQLSTATE 42P01: a table is missing (the schema is not Django's, or not there). */
const UNDEFINED_TABLE = '42P01';

/** Longest message line: values in messages are bounded already; this bounds what a driver or library says. */
const MAX_MESSAGE = 2000;

/** A message fit for stderr: one line of it, no password of a URL, no control character, bounded. */
const safe = (text: string) => printable(maskUrlsIn(text.split('\n')[0] ?? ''), MAX_MESSAGE);

/**
 * The one place where an error of any layer becomes what its user reads and the exit code. A user
 * error is one line; anything unexpected is a bug, and says so and how to report it. Returns the
 * messages too, for the JSON document of --json.
 */
export function reportError(error: unknown, stderr: OutputWrapper, traceback: boolean): { code: number; messages: string[] } {
  const stack = () => {
    if (traceback && error instanceof Error && error.stack) stderr.write(maskUrlsIn(error.stack));
  };
  const say = (prefix: string, text: string) => {
    const message = safe(text);
    stderr.write(`${prefix}${message}`, 'ERROR');
    return message;
  };
  if (error instanceof UsageError) {
    if (error.usage) stderr.write(error.usage);
    return { code: error.returnCode, messages: [say('error: ', error.message)] };
  }
  if (error instanceof InvalidInput) {
    const messages = error.problems.map((problem) => say('Error: ', problem.message));
    if (error.more)
      messages.push(
        say('Error: ', `… and ${error.more.toLocaleString('en')} more problem${error.more === 1 ? '' : 's'} (the first ${error.problems.length} are listed)`),
      );
    return { code: 1, messages };
  }
  if (error instanceof CommandError) {
    const message = say('Error: ', error.message);
    stack();
    return { code: error.returnCode, messages: [message] };
  }
  if (error instanceof Interrupted) {
    return { code: 130, messages: [say('Error: ', error.message)] };
  }
  if (error instanceof QueryFailed && error.code === UNDEFINED_TABLE) {
    const message = say('Error: ', `${messageOf(error)}: the auth schema is missing or incomplete ('accessctl check' says what is wrong)`);
    stack();
    return { code: 1, messages: [message] };
  }
  if (error instanceof DatabaseError) {
    const message = say('Error: ', messageOf(error));
    stack();
    return { code: 1, messages: [message] };
  }
  const message = say('Error: ', messageOf(error));
  stderr.write(
    traceback
      ? `This is a bug in accessctl ${VERSION}. Please report it with the command you ran and everything it printed.`
      : `This is a bug in accessctl ${VERSION}. Please report it with the command you ran and what it prints with --traceback added.`,
    'ERROR',
  );
  stack();
  return { code: 1, messages: [message] };
}

/**
 * The first line of what was thrown. Libraries throw more than Error instances (PGlite rejects with
 * Emscripten's ErrnoError objects, others with strings): name what there is, never "[object Object]".
 */
export function messageOf(error: unknown): string {
  const text = (() => {
    if (error instanceof Error && error.message) return error.message;
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object') {
      const { message, code, errno, name, status } = error as Record<string, unknown>;
      if (typeof message === 'string' && message) return message;
      const described = [name, code ?? errno, status !== undefined ? `status ${String(status)}` : undefined]
        .filter((part) => part !== undefined && part !== '')
        .map(String);
      if (described.length) return described.join(' ');
      try {
        return `unexpected error ${JSON.stringify(error)}`;
      } catch {
        return 'unexpected error';
      }
    }
    return error instanceof Error ? error.name : `unexpected error ${String(error)}`;
  })();
  return text.split('\n')[0] ?? '';
}
