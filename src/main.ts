import { isatty } from 'node:tty';
import { interruptsLeftToChild, shutdown } from './db/shutdown.js';
import { runCli } from './framework/runner.js';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
const READER_GONE = new Set(['EIO', 'EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * On SIGTERM, SIGHUP or SIGINT (outside a prompt, which reads Ctrl+C itself, and while psql does not) an embedded database
 * is closed cleanly and its lock released before the process ends with 128 + the signal's number.
 * An open transaction is never committed: the connection ends, and PostgreSQL rolls it back.
 */
function exitCleanlyOnSignals(): void {
  let ending = false;
  for (const [signal, number] of Object.entries(SIGNALS)) {
    // `on`, not `once`: Ink's signal-exit re-raises the signal once its own handlers ran, and with no
    // listener left that would kill the process before the database is closed.
    process.on(signal, () => {
      if (ending || (signal === 'SIGINT' && interruptsLeftToChild())) return;
      ending = true;
      void shutdown().finally(() => exit(128 + number));
    });
  }
  // Writes to a terminal that hung up fail with EIO, and to a pipe whose reader has gone (`| head`)
  // with EPIPE: nobody can read them, and they must neither crash the process nor stop a command
  // half-way (its output is dropped; what it does is done, and the database closed).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!READER_GONE.has(error.code ?? '')) throw error;
    });
  }
}

/**
 * Ends the process with `code`. Node's exit restores the terminal's settings and aborts (a native
 * assertion) when the terminal is gone, as after a hang-up; the process then ends by SIGHUP itself,
 * which skips that, with the status a hang-up gives (129).
 */
function exit(code: number): never {
  if (terminalGone()) {
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  }
  return process.exit(code);
}

/** Whether standard input or output was a terminal that is gone: after a hang-up the kernel answers EIO, and isatty() is false. */
function terminalGone(): boolean {
  return (process.stdin.isTTY && !isatty(0)) || (process.stdout.isTTY && !isatty(1));
}

/** Resolves when what was written to the stream has been handed to the OS (or the stream is gone). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** The process entry: run the command line, flush, and exit with its code. */
export async function main(): Promise<void> {
  exitCleanlyOnSignals();
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Output to a pipe is written as its reader takes it: exiting sooner would cut it at 64 KB
  // (`export | gzip`, over ssh) with a zero status.
  await Promise.all([process.stdout, process.stderr].map(flushed));
  // Lingering handles (a closed pool's timers, the embedded server) must not hold the process open.
  setImmediate(() => exit(code));
}
