import type { Command, OptionSpec } from '../command.js';
import { GLOBAL_OPTIONS } from '../global-options.js';

/** Words a shell script can hold literally, unquoted. */
const shellSafe = (value: string) => /^[A-Za-z0-9_.:+@%=,/-]+$/.test(value);

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What a shell offers after a flag that takes a value. */
export type ValueKind = { kind: 'choices'; values: string[] } | { kind: 'file' } | { kind: 'directory' } | { kind: 'free' };

export interface CompletionOption {
  /** `--long` and, when there is one, `-s`. */
  long: string;
  short?: string;
  help: string;
  /** Undefined for a flag that takes no value. */
  value?: ValueKind;
}

export interface CompletionCommand {
  name: string;
  help: string;
  options: CompletionOption[];
  /** Values offered for the positional arguments (empty when they are free text). */
  argumentValues: string[];
  /** Stops completing after `--` (the rest goes to another program). */
  passThrough: boolean;
}

export interface CompletionModel {
  commands: CompletionCommand[];
  globals: CompletionOption[];
}

function valueKind(spec: OptionSpec): ValueKind | undefined {
  if (spec.type === 'boolean') return undefined;
  if (spec.choices) return { kind: 'choices', values: spec.choices.filter(shellSafe) };
  if (spec.metavar === 'FILE') return { kind: 'file' };
  if (spec.metavar === 'DIR') return { kind: 'directory' };
  return { kind: 'free' };
}

function optionsOf(options: Record<string, OptionSpec>): CompletionOption[] {
  return Object.entries(options).map(([name, spec]) => ({
    // --no-color is declared as noColor: kebab gives the flag as typed.
    long: `--${kebab(name)}`,
    short: spec.shortFlag ? `-${spec.shortFlag}` : undefined,
    help: spec.help,
    value: valueKind(spec),
  }));
}

/** The commands, their options and the values of choice options, as every shell's script needs them. */
export function completionModel(all: Command[]): CompletionModel {
  // A project's command file may have any name; one a shell would not take literally is left out.
  const commands = all.filter((c) => shellSafe(c.name));
  const names = commands.map((c) => c.name).sort();
  return {
    globals: optionsOf(GLOBAL_OPTIONS),
    commands: [...commands]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((command) => ({
        name: command.name,
        help: command.help,
        options: optionsOf(command.options ?? {}),
        // `help COMMAND` takes a command's name; other positionals offer their choices.
        argumentValues: command.name === 'help' ? names : (command.arguments ?? []).flatMap((a) => a.choices ?? []).filter(shellSafe),
        passThrough: Boolean(command.passThrough),
      })),
  };
}
