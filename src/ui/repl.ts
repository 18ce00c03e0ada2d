import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';

export interface ReplOptions {
  prompt: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  terminal: boolean;
  colors: boolean;
  /** Names ready to use in the REPL. */
  context: Record<string, unknown>;
  /** Applied to every value the REPL shows (masks secrets). */
  hide?: (text: string) => string;
  /** Lines typed are kept here (a person's terminal only); undefined keeps none. */
  historyFile?: string;
}

export interface RunningRepl {
  /** Asks a yes/no question on the REPL's own input (default no). */
  confirm(question: string): Promise<boolean>;
  /** Settles when the REPL exits (.exit, Ctrl+D, end of input, or a piped script's first uncaught error). */
  closed: Promise<void>;
  /** Whether a line of a piped script threw: the script stopped there, as `python < script` does. */
  failed(): boolean;
}

/**
 * Asks while a line is being evaluated. Node's REPL keeps keys typed during an `await` for the next
 * line (and readline's question() never sees them), so its key listeners step aside while this one
 * reads the answer.
 */
function askOnTerminal(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, question: string): Promise<boolean> {
  const others = input.listeners('keypress') as ((...args: unknown[]) => void)[];
  for (const listener of others) input.removeListener('keypress', listener);
  output.write(question);
  return new Promise((resolve) => {
    let answer = '';
    const onKey = (text: string | undefined, key: { name?: string; ctrl?: boolean } = {}) => {
      const done = key.name === 'return' || key.name === 'enter' || (key.ctrl && (key.name === 'c' || key.name === 'd'));
      if (!done) {
        if (key.name === 'backspace') {
          if (answer) output.write('\b \b');
          answer = answer.slice(0, -1);
        } else if (text && !key.ctrl && text >= ' ') {
          answer += text;
          output.write(text);
        }
        return;
      }
      output.write('\n');
      input.removeListener('keypress', onKey);
      for (const listener of others) input.on('keypress', listener);
      resolve(!key.ctrl && /^y(es)?$/i.test(answer.trim()));
    };
    input.on('keypress', onKey);
  });
}

/** History may hold secrets typed at the prompt: readable by this user only. */
function prepareHistory(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/**
 * Input that is not a terminal (a script piped in) is fed to the REPL one line at a time, each
 * when the one before has been evaluated (the REPL shows its prompt again). Given all at once, Node's
 * REPL starts each line while the one before still awaits, and splits an expression that spans lines.
 */
function lineByLine(input: NodeJS.ReadableStream): { feed: PassThrough; next(): void } {
  const feed = new PassThrough();
  const waiting: string[] = [];
  let ready = false;
  let ended = false;
  const next = () => {
    ready = true;
    const line = waiting.shift();
    if (line !== undefined) {
      ready = false;
      feed.write(`${line}\n`);
    } else if (ended) feed.end();
  };
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    waiting.push(line);
    if (ready) next();
  });
  lines.on('close', () => {
    ended = true;
    if (ready) next();
  });
  return { feed, next };
}

/** Node's REPL (top-level await included) with the given names in its scope. */
export async function startRepl(options: ReplOptions): Promise<RunningRepl> {
  const gate = options.terminal ? undefined : lineByLine(options.input);
  const server = repl.start({
    prompt: options.prompt,
    input: gate?.feed ?? options.input,
    output: options.output,
    terminal: options.terminal,
    useColors: options.colors,
    // Node's own writer's settings (a Proxy shown as one), then masked.
    writer: (value: unknown) => (options.hide ?? ((text: string) => text))(inspect(value, { showProxy: true, colors: options.colors })),
    // The main realm: a `new Date()` typed at the prompt must be a Date to MikroORM (instanceof across realms fails).
    useGlobal: true,
    preview: options.terminal,
  });
  const closed = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let failed = false;
  if (gate) {
    // A script's later lines must not run on after a step failed (they may apply changes that relied
    // on it). The REPL sends a line's uncaught error to its domain, not to eval's callback; the domain
    // is private, so without one (another Node) a failed line is not noticed and the script goes on.
    const domain = (server as unknown as { _domain?: NodeJS.EventEmitter })._domain;
    domain?.prependListener('error', () => (failed = true));
    const displayPrompt = server.displayPrompt.bind(server);
    server.displayPrompt = (preserveCursor?: boolean) => {
      if (failed) return server.close();
      displayPrompt(preserveCursor);
      gate.next();
    };
  }
  for (const [name, value] of Object.entries(options.context)) {
    Object.defineProperty(server.context, name, { value, enumerable: true, configurable: true, writable: true });
  }
  if (options.historyFile) {
    prepareHistory(options.historyFile);
    await new Promise<void>((resolve, reject) => server.setupHistory(options.historyFile!, (error) => (error ? reject(error) : resolve())));
  }
  gate?.next();
  const confirm = (question: string) => askOnTerminal(options.input, options.output, `${question} y/N `);
  return { confirm, closed, failed: () => failed };
}
