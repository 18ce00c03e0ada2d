import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext } from './command.js';

/** The `accessctl` settings of the project's package.json (as for `commandDirs`), or none. */
export function projectSettings(cwd: string): Record<string, unknown> {
  const manifest = path.join(cwd, 'package.json');
  if (!existsSync(manifest)) return {};
  try {
    const settings = JSON.parse(readFileSync(manifest, 'utf8'))?.accessctl;
    return settings && typeof settings === 'object' ? settings : {};
  } catch {
    return {};
  }
}

const TRUE = /^(1|true|yes|on)$/i;

/** --strict, $ACCESSCTL_STRICT, or `"strict": true` in package.json's "accessctl": a missing group is an error. */
export function strictMode(ctx: Pick<CommandContext, 'options' | 'env' | 'cwd'>): boolean {
  if (ctx.options.strict) return true;
  const env = ctx.env.ACCESSCTL_STRICT;
  if (env !== undefined && env !== '') return TRUE.test(env);
  return projectSettings(ctx.cwd).strict === true;
}
