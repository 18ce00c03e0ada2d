import type { GLOBAL_OPTIONS } from './global-options.js';
import type { OutputWrapper } from './output.js';
import type { Services } from './services.js';

export interface ArgumentSpec {
  readonly name: string;
  readonly help: string;
  readonly optional?: boolean;
  /** The only values accepted (also offered by shell completion). */
  readonly choices?: readonly string[];
}

interface OptionBase {
  readonly help: string;
  readonly shortFlag?: string;
  readonly metavar?: string;
}

export interface BooleanOption extends OptionBase {
  readonly type: 'boolean';
  readonly default?: boolean;
}

export interface NumberOption extends OptionBase {
  readonly type: 'number';
  readonly default?: number;
  /** The only values accepted, as written (`--verbosity {0,1,2,3}`). */
  readonly choices?: readonly string[];
}

export interface StringOption extends OptionBase {
  readonly type: 'string';
  /** Takes several values after one flag, argparse-style: `-p a b c`. */
  readonly isMultiple?: boolean;
  /** The only values accepted (argparse's `choices`, also offered by shell completion): anything else is a usage error naming them. */
  readonly choices?: readonly string[];
  readonly default?: string;
}

export type OptionSpec = BooleanOption | NumberOption | StringOption;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
export type ArgumentSpecs = readonly ArgumentSpec[];

/** The value an option has in a command's `options`, from its declaration (as oclif's flags). */
export type OptionValue<S extends OptionSpec> = S extends BooleanOption
  ? boolean
  : S extends NumberOption
    ? S extends { default: number }
      ? number
      : number | undefined
    : S extends { isMultiple: true }
      ? string[]
      : S extends { choices: readonly (infer C)[] }
        ? S extends { default: string }
          ? C
          : C | undefined
        : S extends { default: string }
          ? string
          : string | undefined;

/** Any option's value, for code that serves every command (its declaration is not known). */
export type AnyOptionValue = string | string[] | number | boolean | undefined;

export type OptionValues<O extends OptionSpecs> = string extends keyof O ? { [key: string]: AnyOptionValue } : { -readonly [K in keyof O]: OptionValue<O[K]> };

/** The values of the positional arguments: a required one is a string, an optional one may be missing. */
export type ArgumentValues<A extends ArgumentSpecs> = {
  [S in A[number] as S['name']]: S extends { optional: true } ? string | undefined : string;
};

/** The options every command takes (src/framework/global-options.ts). */
/** The options every command takes (src/framework/global-options.ts), typed from their declaration. */
export type GlobalOptionValues = OptionValues<typeof GLOBAL_OPTIONS>;

/** What a command reads its input from: standard input, or a test's text. */
export interface Input extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
}

export interface CommandContext<A extends ArgumentSpecs = ArgumentSpecs, O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** The arguments as given after the command's name (for the change log's command line). */
  argv: string[];
  args: ArgumentValues<A>;
  options: OptionValues<O> & GlobalOptionValues;
  /** Standard input (for `apply -f -`). */
  stdin: Input;
  /** stdout.sink.isTTY and .columns say whether it is a terminal, and how wide. */
  stdout: OutputWrapper;
  stderr: OutputWrapper;
  verbosity: number;
  /** A person is at a terminal who can answer a prompt. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  /** The folder the command runs in (for the project's package.json settings). */
  cwd: string;
  services: Services;
  /** What followed `--` on the command line, for commands that declare `passThrough`. */
  passThrough: string[];
}

export interface CommandSpec<A extends ArgumentSpecs = ArgumentSpecs, O extends OptionSpecs = OptionSpecs> {
  /** One line, shown by `help`. */
  help: string;
  /** More text for `help COMMAND`. */
  description?: string;
  arguments?: A;
  options?: O;
  /** The command takes `-- ARGS` and hands them on (to another program); says to whom, for the usage line. */
  passThrough?: string;
  /** Returns the exit code (0 when nothing is returned). Method syntax: a command typed by its own declaration is still a Command. */
  handle(ctx: CommandContext<A, O>): Promise<number | void>;
}

export interface Command extends CommandSpec {
  name: string;
}

/** Identity helper: the command's `args` and `options` are typed from its declaration. */
export function defineCommand<const A extends ArgumentSpecs = [], const O extends OptionSpecs = Record<never, OptionSpec>>(spec: CommandSpec<A, O>): CommandSpec<A, O> {
  return spec;
}
