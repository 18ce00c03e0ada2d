import { consoleOpening, showSplash } from '../ui/console/splash.js';
import { namesServer, splitCommandName } from './command-name.js';
import { GLOBAL_VALUE_FLAGS } from './global-options.js';

/** The console's own options that take a value; its flags and the global flags are below. */
const CONSOLE_VALUE_FLAGS = new Set(['--actor', '--plan-out']);
const FLAGS = new Set(['--read-only', '--no-color', '--wait', '--traceback']);

/**
 * Draws the console's first screen before the rest of accessctl is loaded, when the command line
 * opens the console on a terminal: then something is on the screen as soon as Node runs. Any word it
 * does not know (help, a typo, another command) leaves the screen to the command itself.
 */
export function showSplashEarly(argv: string[], env: NodeJS.ProcessEnv, stdin = process.stdin, stdout = process.stdout): boolean {
  if (!stdin.isTTY || !stdout.isTTY) return false;
  const { name, rest } = splitCommandName(argv);
  if ((name !== undefined && name !== 'console') || !onlyConsoleOptions(rest)) return false;
  const server = namesServer(rest, env);
  const color = !rest.includes('--no-color') && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  showSplash(stdout, consoleOpening(server), color);
  return true;
}

function onlyConsoleOptions(rest: string[]): boolean {
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!;
    const flag = token.split('=', 1)[0]!;
    const takesValue = GLOBAL_VALUE_FLAGS.has(flag) || CONSOLE_VALUE_FLAGS.has(flag);
    if (takesValue && !token.includes('=')) i++;
    else if (!takesValue && !FLAGS.has(token)) return false;
  }
  return true;
}
