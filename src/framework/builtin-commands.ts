import { fileURLToPath } from 'node:url';
import { commandsInFolder, type CommandEntry } from './folder-commands.js';

/**
 * The built-in commands, read from src/commands. The bundle build replaces this module
 * with the list it read from the same folder at build time (scripts/build.mjs).
 */
export function builtinCommandEntries(): CommandEntry[] {
  return commandsInFolder(fileURLToPath(new URL('../commands/', import.meta.url)), 'built-in');
}
