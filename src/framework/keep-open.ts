import { quoted } from '../domain/text.js';
import { CommandError } from './errors.js';

/**
 * How long the embedded database stays open after a command, for the next one (ACCESSCTL_KEEP_OPEN,
 * in seconds): a minute covers a script's commands and an operator's next one, and a keeper that
 * idles longer only holds memory.
 */
export const DEFAULT_KEEP_OPEN_SECONDS = 60;

export function keepOpenMs(env: NodeJS.ProcessEnv): number {
  const text = env.ACCESSCTL_KEEP_OPEN?.trim();
  if (!text) return DEFAULT_KEEP_OPEN_SECONDS * 1000;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(seconds) || seconds > 86_400) {
    throw new CommandError(`ACCESSCTL_KEEP_OPEN must be a number of seconds up to 86400 (0: close the embedded database after each command), not ${quoted(text, 40)}`);
  }
  return Math.round(seconds * 1000);
}
