import { compiledEngine } from '../db/engine.js';
import { keeperProgram } from '../db/keeper-program.js';
import { keepOpenMs } from './keep-open.js';
import { namesServer, splitCommandName } from './command-name.js';

/** Commands that never open a database. */
const WITHOUT_DATABASE = new Set(['help', 'completion', 'lessons', 'sqlmigrate']);

/**
 * Starts compiling the embedded database's engine as the process starts, when the command line will
 * open the embedded database: the compile (V8's background threads) then overlaps the loading of the
 * rest of accessctl. A guess from the words alone; a wrong guess costs some background CPU, never a result.
 */
export function compileEngineEarly(
  argv: string[],
  env: NodeJS.ProcessEnv,
  terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY),
  keeper = keeperWillServe(env),
): boolean {
  // A keeper has PGlite open, or will (src/db/keeper.ts): this process never runs it.
  if (keeper) return false;
  const { name, rest } = splitCommandName(argv);
  // No command: the console on a terminal, else the list of commands.
  if (name === undefined ? !terminal : WITHOUT_DATABASE.has(name)) return false;
  if (rest.some((token) => ['-h', '--help', '--version', '-V'].includes(token))) return false;
  if (namesServer(rest, env)) return false;
  void compiledEngine();
  return true;
}

/** Whether the embedded database will be reached through a keeper: one can be started, and ACCESSCTL_KEEP_OPEN is not 0. */
function keeperWillServe(env: NodeJS.ProcessEnv): boolean {
  try {
    return keepOpenMs(env) > 0 && keeperProgram() !== undefined;
  } catch {
    return false; // A bad value: the command says so; nothing opens.
  }
}
