import { GLOBAL_VALUE_FLAGS } from './global-options.js';

// Its own small module: the first screen of the console is drawn from it before the rest of accessctl loads.
/** Splits argv into the command name and the rest; global options may stand before the name. */
export function splitCommandName(argv: string[]): { name?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === undefined || token === '--') break;
    if (!token.startsWith('-')) return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (GLOBAL_VALUE_FLAGS.has(token)) i++;
  }
  return { name: undefined, rest: argv };
}

/** Whether the words before a command opens (read before parsing) name a server: --database-url, or $DATABASE_URL. */
export function namesServer(rest: string[], env: NodeJS.ProcessEnv): boolean {
  return rest.some((token) => token === '--database-url' || token.startsWith('--database-url=')) || Boolean(env.DATABASE_URL);
}
