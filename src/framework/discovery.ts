import path from 'node:path';
import { builtinCommandEntries } from './builtin-commands.js';
import { readProjectSettings } from './config.js';
import { commandsInFolder, type CommandEntry } from './folder-commands.js';

export type { CommandEntry };

/** Extra command folders: $ACCESSCTL_COMMAND_DIRS, else `commandDirs` of accessctl.config.json or of package.json's `accessctl` key. */
export function extraCommandFolders(env: NodeJS.ProcessEnv, cwd: string): string[] {
  if (env.ACCESSCTL_COMMAND_DIRS) {
    return env.ACCESSCTL_COMMAND_DIRS.split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.resolve(cwd, dir));
  }
  try {
    const dirs = (readProjectSettings(cwd)?.value as { commandDirs?: unknown } | undefined)?.commandDirs;
    return Array.isArray(dirs) ? dirs.map((dir: string) => path.resolve(cwd, dir)) : [];
  } catch {
    // A broken config file is reported when a command opens the database; listing commands goes on.
    return [];
  }
}

/**
 * All commands by name. As with Django's INSTALLED_APPS, the earlier folder wins a clash,
 * and the project's own folders come before the built-in commands.
 */
export function discoverCommands(env: NodeJS.ProcessEnv, cwd: string): Map<string, CommandEntry> {
  const registry = new Map<string, CommandEntry>();
  const sources = [...extraCommandFolders(env, cwd).map((dir) => commandsInFolder(dir)), builtinCommandEntries()];
  for (const entries of sources) {
    for (const entry of entries) if (!registry.has(entry.name)) registry.set(entry.name, entry);
  }
  return registry;
}

/** The nearest known name by edit distance, for "unknown command" messages. */
export function nearestName(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  // Two rows of the Levenshtein table; every index read below was written in this or the last row.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? Infinity) + 1, (current[j - 1] ?? Infinity) + 1, (previous[j - 1] ?? Infinity) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? Infinity;
}
