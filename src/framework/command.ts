import type { OutputWrapper } from './output.js';
import type { Services } from './services.js';

export interface ArgumentSpec {
  name: string;
  help: string;
  optional?: boolean;
  /** The only values accepted (also offered by shell completion). */
  choices?: string[];
}

export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  help: string;
  shortFlag?: string;
  /** Takes several values after one flag, argparse-style: `-p a b c`. */
  isMultiple?: boolean;
  metavar?: string;
  default?: unknown;
  /** The only values accepted (also offered by shell completion). */
  choices?: string[];
}

export interface CommandContext {
  name: string;
  /** The arguments as given after the command's name (for the change log's command line). */
  argv: string[];
  args: Record<string, string | undefined>;
  options: Record<string, any>;
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

export interface CommandSpec {
  /** One line, shown by `help`. */
  help: string;
  /** More text for `help COMMAND`. */
  description?: string;
  arguments?: ArgumentSpec[];
  options?: Record<string, OptionSpec>;
  /** The command takes `-- ARGS` and hands them on (to another program); says to whom, for the usage line. */
  passThrough?: string;
  /** Returns the exit code (0 when nothing is returned). */
  handle(ctx: CommandContext): Promise<number | void>;
}

export interface Command extends CommandSpec {
  name: string;
}

/** Identity helper so command files get type checking without a class hierarchy. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
