import meow from 'meow';
import type { Command, OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import { GLOBAL_OPTIONS, GLOBAL_VALUE_FLAGS } from './global-options.js';

export interface ParsedArgs {
  args: Record<string, string | undefined>;
  options: Record<string, any>;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Splits argv into the command name and the rest; global options may stand before the name. */
export function splitCommandName(argv: string[]): { name?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (!token.startsWith('-')) return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (GLOBAL_VALUE_FLAGS.has(token)) i++;
  }
  return { name: undefined, rest: argv };
}

/**
 * meow (yargs-parser with greedy arrays off) takes one value per flag; argparse's nargs='+'
 * takes every following value. Rewriting `-p a b` to `-p a -p b` keeps the documented syntax.
 */
function expandMultiValueFlags(argv: string[], options: Record<string, OptionSpec>): string[] {
  const multi = new Set<string>();
  for (const [name, spec] of Object.entries(options)) {
    if (!spec.isMultiple) continue;
    multi.add(`--${kebab(name)}`);
    if (spec.shortFlag) multi.add(`-${spec.shortFlag}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    out.push(token);
    if (!multi.has(token)) continue;
    while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) out.push(argv[++i], token);
    if (out[out.length - 1] === token) out.pop();
  }
  return out;
}

function knownFlagNames(options: Record<string, OptionSpec>): Set<string> {
  const known = new Set<string>(['--']);
  for (const [name, spec] of Object.entries(options)) {
    known.add(name);
    known.add(kebab(name));
    if (spec.shortFlag) known.add(spec.shortFlag);
    if (spec.type === 'boolean' && name.startsWith('no')) {
      // yargs-parser reads --no-color as color=false.
      const positive = name.slice(2, 3).toLowerCase() + name.slice(3);
      known.add(positive);
    }
  }
  return known;
}

export function usageLine(command: Command): string {
  const parts = ['accessctl', command.name];
  for (const arg of command.arguments ?? []) parts.push(arg.optional ? `[${arg.name.toUpperCase()}]` : arg.name.toUpperCase());
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const flag = spec.shortFlag ? `-${spec.shortFlag}` : `--${kebab(name)}`;
    const value = spec.type === 'boolean' ? '' : ` ${spec.metavar ?? name.toUpperCase()}${spec.isMultiple ? ' ...' : ''}`;
    parts.push(`[${flag}${value}]`);
  }
  parts.push('[options]');
  return `usage: ${parts.join(' ')}`;
}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  const flags: Record<string, any> = {};
  for (const [name, spec] of Object.entries(options)) {
    const flag: Record<string, unknown> = { type: spec.type };
    if (spec.shortFlag) flag.shortFlag = spec.shortFlag;
    if (spec.isMultiple) flag.isMultiple = true;
    if (spec.default !== undefined) flag.default = spec.default;
    // yargs-parser treats a `noX` flag as the negation of `x`; declare `x` so `--no-x` parses.
    if (spec.type === 'boolean' && /^no[A-Z]/.test(name)) {
      flags[name.slice(2, 3).toLowerCase() + name.slice(3)] = { type: 'boolean', default: true };
      continue;
    }
    flags[name] = flag;
  }
  const cli = meow({
    importMeta: import.meta,
    pkg: {},
    argv: expandMultiValueFlags(argv, options),
    flags,
    autoHelp: false,
    autoVersion: false,
    allowUnknownFlags: true,
    booleanDefault: undefined,
  });
  const usage = usageLine(command);
  const known = knownFlagNames(options);
  for (const key of Object.keys(cli.unnormalizedFlags)) {
    if (!known.has(key)) throw new UsageError(`unrecognized option: ${key.length === 1 ? '-' : '--'}${key}`, usage);
  }
  const parsed: Record<string, any> = {};
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'boolean' && /^no[A-Z]/.test(name)) {
      parsed[name] = (cli.flags as any)[name.slice(2, 3).toLowerCase() + name.slice(3)] === false;
      continue;
    }
    const value = (cli.flags as any)[name];
    if (spec.type === 'number' && (value === null || Number.isNaN(value))) {
      throw new UsageError(`option --${kebab(name)}: invalid number: ${JSON.stringify(rawValueOf(argv, name))}`, usage);
    }
    if (spec.type === 'string' && !spec.isMultiple && Array.isArray(value)) {
      throw new UsageError(`option --${kebab(name)} given more than once`, usage);
    }
    parsed[name] = value;
  }
  const positional = cli.input;
  const specs = command.arguments ?? [];
  const args: Record<string, string | undefined> = {};
  specs.forEach((spec, i) => (args[spec.name] = positional[i]));
  if (!parsed.help) {
    const missing = specs.filter((spec, i) => !spec.optional && positional[i] === undefined);
    if (missing.length) throw new UsageError(`the following arguments are required: ${missing.map((s) => s.name.toUpperCase()).join(', ')}`, usage);
    if (positional.length > specs.length) throw new UsageError(`unrecognized arguments: ${positional.slice(specs.length).join(' ')}`, usage);
  }
  return { args, options: parsed };
}

function rawValueOf(argv: string[], name: string): string | undefined {
  const flag = `--${kebab(name)}`;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1];
    if (argv[i].startsWith(`${flag}=`)) return argv[i].slice(flag.length + 1);
  }
  return undefined;
}
