import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command, CommandSpec } from './command.js';
import { definePlanCommand, type PlanCommandSpec } from './plan-command.js';

export interface CommandEntry {
  name: string;
  /** `built-in` or the folder the command came from. */
  origin: string;
  load(): Promise<Command>;
}

const COMMAND_FILE = /^([^_.][^.]*)\.(ts|js|mjs|cjs|tsx)$/;

/** The commands of one folder: every module file whose name does not start with `_` (nor `.`). */
export function commandsInFolder(folder: string, origin = folder): CommandEntry[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => COMMAND_FILE.test(file) && !file.endsWith('.d.ts') && !/\.test\.[jt]sx?$/.test(file))
    .sort()
    .map((file) => {
      const name = file.replace(COMMAND_FILE, '$1');
      const href = pathToFileURL(path.join(folder, file)).href;
      return { name, origin, load: () => importCommand(name, () => import(href)) };
    });
}

export async function importCommand(name: string, importer: () => Promise<{ default?: unknown }>): Promise<Command> {
  const module = await importer();
  const exported = module.default as Partial<CommandSpec & PlanCommandSpec> | undefined;
  // A plain object with `plan` (a project's .mjs cannot import definePlanCommand) is a plan command.
  if (exported && typeof exported.handle !== 'function' && typeof exported.plan === 'function') {
    return { ...definePlanCommand(exported as PlanCommandSpec), name };
  }
  if (!exported || typeof exported.handle !== 'function') {
    throw new Error(`command module "${name}" has no default export made with defineCommand() or definePlanCommand()`);
  }
  return { ...(exported as CommandSpec), name };
}
