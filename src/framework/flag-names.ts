import type { OptionSpec } from './command.js';

/** An option's flag from its name in a declaration: `dryRun` is `--dry-run`. */
export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The option takes several values after one flag. */
export const isMultiple = (spec: OptionSpec): boolean => spec.type === 'string' && Boolean(spec.isMultiple);
