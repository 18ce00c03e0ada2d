import yargsParser from 'yargs-parser';
import { maskUrl } from '../db/mask.js';
import { encodingProblem } from '../domain/input-text.js';
import { printable, quoted } from '../domain/text.js';
import type { ArgumentSpecs, ArgumentValues, Command, CommandSpec, GlobalOptionValues, OptionSpec, OptionSpecs, OptionValues } from './command.js';
import { CommandError, UsageError } from './errors.js';
import { isMultiple, kebab } from './flag-names.js';
import { GLOBAL_OPTIONS } from './global-options.js';

type OptionValueOf = string | string[] | number | boolean | undefined;

/** What the command line said, typed by the command's declaration. */
export interface ParsedArgs<A extends ArgumentSpecs = ArgumentSpecs, O extends OptionSpecs = OptionSpecs> {
  args: ArgumentValues<A>;
  options: OptionValues<O> & GlobalOptionValues;
  /** What followed `--`, for a command that passes arguments on. */
  passThrough: string[];
}

/** A command that passes arguments on gets everything after `--` untouched; for others `--` is the parser's. */
export function splitPassThrough(command: Pick<Command, 'passThrough'>, argv: string[]): { own: string[]; passThrough: string[] } {
  const at = argv.indexOf('--');
  if (!command.passThrough || at < 0) return { own: argv, passThrough: [] };
  return { own: argv.slice(0, at), passThrough: argv.slice(at + 1) };
}

function checkChoice(what: string, value: unknown, choices: readonly string[] | undefined, usage: string): void {
  if (!choices || value === undefined) return;
  for (const one of Array.isArray(value) ? value : [value]) {
    if (!choices.includes(String(one))) throw new UsageError(`${what}: invalid choice: ${quoted(String(one))} (choose from ${choices.join(', ')})`, usage);
  }
}

/** `noColor` is declared to the parser as `color` (default true), which it negates with --no-color. */
const negated = (name: string, spec: OptionSpec) => (spec.type === 'boolean' && /^no[A-Z]/.test(name) ? name.slice(2, 3).toLowerCase() + name.slice(3) : undefined);

export function usageLine(command: Command): string {
  const parts = ['accessctl', command.name];
  for (const arg of command.arguments ?? []) parts.push(arg.optional ? `[${arg.name.toUpperCase()}]` : arg.name.toUpperCase());
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const flag = spec.shortFlag ? `-${spec.shortFlag}` : `--${kebab(name)}`;
    const value = spec.type === 'boolean' ? '' : ` ${spec.metavar ?? name.toUpperCase()}${isMultiple(spec) ? ' ...' : ''}`;
    parts.push(`[${flag}${value}]`);
  }
  parts.push('[options]');
  if (command.passThrough) parts.push(`[-- ${command.passThrough.toUpperCase()} ARGS]`);
  return `usage: ${parts.join(' ')}`;
}

/** yargs-parser's options for a command's flags: greedy arrays give argparse's `-p a b c`. */
function parserOptions(options: Record<string, OptionSpec>): yargsParser.Options {
  const config: Required<Pick<yargsParser.Options, 'boolean' | 'string' | 'number' | 'array' | 'alias' | 'default'>> = {
    boolean: [],
    string: [],
    number: [],
    array: [],
    alias: {},
    default: {},
  };
  for (const [name, spec] of Object.entries(options)) {
    const key = negated(name, spec) ?? name;
    (config[spec.type] as string[]).push(key);
    if (isMultiple(spec)) (config.array as string[]).push(key);
    if (spec.shortFlag) config.alias[key] = [spec.shortFlag];
    if (negated(name, spec)) config.default[key] = true;
    else if (spec.default !== undefined) config.default[key] = spec.default;
    else if (isMultiple(spec)) config.default[key] = [];
  }
  return {
    ...config,
    configuration: {
      'greedy-arrays': true,
      'parse-numbers': false,
      'parse-positional-numbers': false,
      'strip-aliased': true,
      'strip-dashed': true,
      'duplicate-arguments-array': true,
      'flatten-duplicate-arrays': true,
      'boolean-negation': true,
    },
  };
}

/** yargs-parser reads `--file -` as a flag and a stray `-` (it does take `-f -`): join it as `--file=-`. */
function joinDashValues(argv: string[], options: OptionSpecs): string[] {
  const takesValue = new Set(
    Object.entries(options)
      .filter(([, spec]) => spec.type === 'string')
      .map(([name]) => `--${kebab(name)}`),
  );
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') return [...out, ...argv.slice(i)];
    if (takesValue.has(token) && argv[i + 1] === '-') {
      out.push(`${token}=-`);
      i++;
    } else out.push(token);
  }
  return out;
}

export function parseCommandArgs<A extends ArgumentSpecs, O extends OptionSpecs>(command: CommandSpec<A, O> & { name: string }, argv: string[]): ParsedArgs<A, O> {
  const options: OptionSpecs = { ...GLOBAL_OPTIONS, ...command.options };
  const usage = usageLine(command);
  argv.forEach((arg, i) => {
    const problem = encodingProblem(arg);
    // U+FFFD here is what Node makes of bytes that were not UTF-8 in the command line.
    if (problem) throw new CommandError(`argument ${i + 1} after the command name, ${quoted(arg)}, ${problem}`, 2);
  });
  const { own, passThrough } = splitPassThrough(command, argv);
  const { argv: parsed, error } = yargsParser.detailed(joinDashValues(own, options), parserOptions(options));
  if (error) throw new UsageError(error.message, usage);
  const known = new Set(Object.entries(options).map(([name, spec]) => negated(name, spec) ?? name));
  for (const key of Object.keys(parsed)) {
    if (key !== '_' && key !== '--' && !known.has(key)) throw new UsageError(`unrecognized option: ${key.length === 1 ? '-' : '--'}${printable(kebab(key))}`, usage);
  }
  const values: Record<string, OptionValueOf> = {};
  for (const [name, spec] of Object.entries(options)) {
    const positive = negated(name, spec);
    if (positive) {
      values[name] = parsed[positive] === false;
      continue;
    }
    const value: unknown = parsed[name];
    if (spec.type === 'number' && (value === null || Number.isNaN(value))) {
      throw new UsageError(`option --${kebab(name)}: invalid number: ${quoted(rawValueOf(argv, name))}`, usage);
    }
    if (!isMultiple(spec) && Array.isArray(value)) throw new UsageError(`option --${kebab(name)} given more than once`, usage);
    if (spec.type === 'string' && value !== undefined && typeof value !== 'string' && !isMultiple(spec)) {
      throw new UsageError(`option --${kebab(name)} needs a value`, usage);
    }
    // A flag not given is false, as its type says (the parser leaves it undefined).
    values[name] = spec.type === 'boolean' ? value === true : Array.isArray(value) ? value.map(String) : (value as OptionValueOf);
    if (spec.type === 'string') checkChoice(`option --${kebab(name)}`, values[name], spec.choices, usage);
  }
  const positional = parsed._.map(String);
  const specs = command.arguments ?? [];
  const args: Record<string, string | undefined> = {};
  specs.forEach((spec, i) => (args[spec.name] = positional[i]));
  if (!values.help) {
    const missing = specs.filter((spec, i) => !spec.optional && positional[i] === undefined);
    if (missing.length) throw new UsageError(`the following arguments are required: ${missing.map((s) => s.name.toUpperCase()).join(', ')}`, usage);
    if (positional.length > specs.length) {
      const extra = positional.slice(specs.length);
      // The runner masks the password of a URL in every message; this says where a URL belongs.
      const hint = extra.some((word) => /^postgres(ql)?:\/\//i.test(word)) ? ' (a database URL goes after --database-url)' : '';
      throw new UsageError(`unrecognized arguments: ${extra.map((word) => printable(maskUrl(word))).join(' ')}${hint}`, usage);
    }
    for (const spec of specs) checkChoice(`argument ${spec.name.toUpperCase()}`, args[spec.name], spec.choices, usage);
  }
  // Each value was checked against its declaration above: what the declaration's types say it is.
  return { args, options: values, passThrough } as unknown as ParsedArgs<A, O>;
}

function rawValueOf(argv: string[], name: string): string | undefined {
  const flag = `--${kebab(name)}`;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === flag) return argv[i + 1];
    if (token?.startsWith(`${flag}=`)) return token.slice(flag.length + 1);
  }
  return undefined;
}
