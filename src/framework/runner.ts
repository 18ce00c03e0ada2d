import type { Database } from '../db/database.js';
import { resolveTarget, type DatabaseTarget } from '../db/target.js';
import { parseCommandArgs, splitPassThrough, usageLine } from './args.js';
import { splitCommandName } from './command-name.js';
import type { Command, CommandContext, GlobalOptionValues, Input } from './command.js';
import type { OpeningMessages } from './services.js';
import { discoverCommands, nearestName, type CommandEntry } from './discovery.js';
import { maskUrl } from '../db/mask.js';
import { InvalidInput } from '../domain/errors.js';
import { keepOpenMs } from './keep-open.js';
import { printable } from '../domain/text.js';
import { UsageError } from './errors.js';
import { commandHelp } from './help-text.js';
import { OutputWrapper, StringSink, wantsColor, type Sink } from './output.js';
import { messageOf, reportError } from './report-error.js';
import { leaveConsoleScreen } from '../ui/console/splash.js';
import { jsonReport, type Outcome } from '../ui/plan-json.js';
import { VERSION } from './version.js';

export interface RunOptions {
  /** Standard input (default: the process's). */
  stdin?: Input;
  stdout?: Sink;
  stderr?: Sink;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** A person can answer prompts (default: stdin and stderr are terminals). */
  interactive?: boolean;
  /** Answers confirmation prompts; the default shows an Ink prompt on the terminal. */
  confirm?: (question: string) => Promise<boolean>;
  /** Commands by name; discovered from the command folders when omitted. */
  commands?: Map<string, CommandEntry>;
}

const CONSOLE_OPTIONS = ['--read-only'];

/** Runs a whole command line (`accessctl [global options] COMMAND ...`) and returns the exit code. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const { name, rest } = splitCommandName(argv);
  if (!name && (rest.includes('--version') || rest.includes('-V'))) {
    stdout.write(`${VERSION}\n`);
    return 0;
  }
  // No command: the console when stdin and stdout are a terminal (stderr may go to a file) or a
  // console option is given (without a terminal it says it needs one), else the list of commands.
  const interactive = options.interactive ?? isInteractive();
  const terminal = options.interactive ?? Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const commands = options.commands ?? discoverCommands(options.env ?? process.env, options.cwd ?? process.cwd());
  const asksHelp = rest.some((a) => a === '-h' || a === '--help');
  const consoleWanted = terminal || rest.some((a) => CONSOLE_OPTIONS.includes(a));
  const chosen = name ?? (consoleWanted && !asksHelp && commands.has('console') ? 'console' : 'help');
  // `accessctl --help` lists the commands (rather than describing the help command).
  const args = name ? rest : rest.filter((a) => a !== '-h' && a !== '--help');
  return callCommand(chosen, args, { ...options, stdout, stderr: options.stderr ?? process.stderr, commands, interactive });
}

/** A flag given on the command line (before `--`), read before (or without) parsing. */
const hasFlag = (argv: string[], flag: string) => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes(flag);
};

/** Runs one command in-process, without exiting: the test seam, like Django's call_command. */
export async function callCommand(name: string, argv: string[] = [], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const givenStdout: Sink = options.stdout ?? new StringSink();
  // --json promises one JSON document on stdout: if the command printed none, the error is one.
  let wroteStdout = false;
  const stdoutSink: Sink = {
    write: (chunk: string) => ((wroteStdout = true), givenStdout.write(chunk)),
    get isTTY() {
      return givenStdout.isTTY;
    },
    get columns() {
      return givenStdout.columns;
    },
    get stream() {
      return givenStdout === process.stdout ? process.stdout : givenStdout.stream;
    },
  };
  const stderrSink = options.stderr ?? new StringSink();
  const noColor = argv.includes('--no-color');
  const stderr = new OutputWrapper(stderrSink, wantsColor(stderrSink, noColor, env));
  const json = hasFlag(argv, '--json');
  // --detailed-exitcode gives 2 to changes: an error is then always 1, never 2 (argparse's usage code).
  const detailed = hasFlag(argv, '--detailed-exitcode');
  const failed = (code: number, messages: string[], outcome: Outcome = 'error'): number => {
    if (json && !wroteStdout) new OutputWrapper(stdoutSink, false).write(JSON.stringify(jsonReport(outcome, undefined, messages), null, 2));
    return detailed && code === 2 ? 1 : code;
  };
  const commands = options.commands ?? discoverCommands(env, cwd);
  const entry = commands.get(name);
  if (!entry) {
    const near = nearestName(name, commands.keys());
    const message = `Unknown command: '${printable(maskUrl(name))}'.${near ? ` Did you mean '${near}'?` : ''} Type 'accessctl help' for usage.`;
    stderr.write(message, 'ERROR');
    return failed(2, [message]);
  }
  let command: Command;
  try {
    command = await entry.load();
  } catch (error) {
    const message = `could not load command '${name}' from ${printable(entry.origin)}: ${messageOf(error)}`;
    stderr.write(`Error: ${message}`, 'ERROR');
    return failed(1, [message]);
  }
  const traceback = splitPassThrough(command, argv).own.includes('--traceback');
  let database: Promise<Database> | undefined;
  // Whether the command asked for the database, or it was only connected to early.
  let asked = false;
  let ended = false;
  try {
    const parsed = parseCommandArgs(command, argv);
    const stdout = new OutputWrapper(stdoutSink, wantsColor(stdoutSink, parsed.options.noColor, env));
    if (parsed.options.help) {
      stdout.write(commandHelp(command));
      return 0;
    }
    const verbosity = parsed.options.verbosity;
    if (![0, 1, 2, 3].includes(verbosity)) throw new UsageError(`option --verbosity: invalid choice: ${verbosity} (choose from 0, 1, 2, 3)`, usageLine(command));
    const lockTimeout = parsed.options.lockTimeout;
    if (!(lockTimeout >= 0 && lockTimeout <= 86_400))
      throw new UsageError(`option --lock-timeout: give seconds from 0 to 86400, not ${printable(lockTimeout)}`, usageLine(command));
    const interactive = options.interactive ?? isInteractive();
    const openDatabase = (target?: DatabaseTarget, opening?: OpeningMessages) =>
      (database ??= openConfiguredDatabase(target, parsed.options, env, cwd, verbosity, {
        onNotice: opening?.onNotice ?? ((message) => stderr.write(message, 'NOTICE')),
        onWait: opening?.onWait ?? ((message) => stderr.write(message, 'WARNING')),
      }));
    const ctx: CommandContext = {
      name,
      argv,
      args: parsed.args,
      options: parsed.options,
      stdin: options.stdin ?? process.stdin,
      stdout,
      stderr,
      verbosity,
      interactive,
      env,
      passThrough: parsed.passThrough,
      cwd,
      services: {
        commands,
        database: (target, opening) => {
          asked = true;
          return openDatabase(target, opening);
        },
        connectEarly: () => {
          if (database) return;
          void namesServer(parsed.options, env, cwd)
            // Not once the command has ended: nobody would close it. The user model is read on every
            // use of a server: its query goes with the connection.
            .then((server) => (server && !ended ? openDatabase().then((db) => db.userModel()) : undefined))
            .catch(() => undefined);
        },
        confirm: options.confirm ?? ((question) => promptOnTerminal(question)),
        planAndApply: async (desired) => (await import('./plan-flow.js')).planAndApply(ctx, desired),
      },
    };
    const code = await command.handle(ctx);
    return code ?? 0;
  } catch (error) {
    // A console that failed before it started (a bad option) leaves the screen its splash entered, so that the message stays visible.
    leaveConsoleScreen(process.stdout);
    const { code, messages } = reportError(error, stderr, traceback);
    return failed(code, messages, error instanceof InvalidInput ? 'invalid' : 'error');
  } finally {
    ended = true;
    const closed = database?.then((db) => db.close()).catch(() => undefined);
    // A server connected to early and never used is closed once connected: the command's answer
    // (bad input) does not wait for a slow or silent server.
    if (asked) await closed;
  }
}

function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

async function openConfiguredDatabase(
  target: DatabaseTarget | undefined,
  options: GlobalOptionValues,
  env: NodeJS.ProcessEnv,
  cwd: string,
  verbosity: number,
  say: Required<OpeningMessages>,
): Promise<Database> {
  const [{ Database }, { loadProjectConfig }] = await Promise.all([import('../db/database.js'), import('./config.js')]);
  const config = await loadProjectConfig(cwd);
  const db = await Database.open(target ?? resolveTarget(options, env, cwd, config), {
    lockTimeoutMs: options.lockTimeout * 1000,
    wait: Boolean(options.wait),
    onWait: say.onWait,
    keepOpenMs: keepOpenMs(env),
    schema: options.schema ?? config.schema,
    userModel: {
      label: options.userModel ?? (env.ACCESSCTL_USER_MODEL || undefined) ?? config.userModel,
      usernameField: config.usernameField,
      emailField: config.emailField,
      tables: config.tables,
      newUserValues: config.newUserValues,
    },
  });
  if (db.isEmbedded) {
    // The first use of an embedded database creates Django's schema in it; every use adds accessctl's own tables it lacks.
    const [{ migrate }, { DJANGO_AUTH_MIGRATION }] = await Promise.all([import('../db/schema/migrate.js'), import('../db/schema/migrations/names.js')]);
    try {
      const outcome = await migrate(db);
      if (outcome.applied.includes(DJANGO_AUTH_MIGRATION) && verbosity >= 1) say.onNotice(`Created the ${db.label}.`);
      else if (outcome.applied.length && verbosity >= 2) say.onNotice(`Added ${outcome.applied.join(', ')} to the ${db.label}.`);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

/** Whether the options, the environment and the project's configuration name a database server. */
async function namesServer(options: GlobalOptionValues, env: NodeJS.ProcessEnv, cwd: string): Promise<boolean> {
  const { loadProjectConfig } = await import('./config.js');
  return resolveTarget(options, env, cwd, await loadProjectConfig(cwd)).kind === 'server';
}

async function promptOnTerminal(question: string): Promise<boolean> {
  const { confirmOnTerminal } = await import('../ui/confirm-prompt.js');
  return confirmOnTerminal(question);
}
