import { usageLine } from './args.js';
import type { Command, OptionSpec } from './command.js';
import { GLOBAL_OPTIONS } from './global-options.js';

import { isMultiple, kebab } from './flag-names.js';

function optionLine(name: string, spec: OptionSpec): string {
  const flags = [spec.shortFlag ? `-${spec.shortFlag}` : undefined, `--${kebab(name)}`].filter(Boolean).join(', ');
  const value = spec.type === 'boolean' ? '' : ` ${spec.metavar ?? name.toUpperCase()}${isMultiple(spec) ? ' [...]' : ''}`;
  return `  ${(flags + value).padEnd(34)} ${spec.help}`;
}

/** `accessctl COMMAND --help`: usage, description, arguments and options. */
export function commandHelp(command: Command): string {
  const lines = [usageLine(command), '', command.description ?? command.help];
  if (command.arguments?.length) {
    lines.push('', 'positional arguments:');
    for (const arg of command.arguments) lines.push(`  ${arg.name.toUpperCase().padEnd(34)} ${arg.help}`);
  }
  const own = Object.entries(command.options ?? {});
  if (own.length) {
    lines.push('', 'options:');
    for (const [name, spec] of own) lines.push(optionLine(name, spec));
  }
  lines.push('', 'global options:');
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) lines.push(optionLine(name, spec));
  return lines.join('\n');
}
