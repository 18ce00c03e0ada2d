import { isatty } from 'node:tty';
import { interruptsLeftToChild, shutdown } from './db/shutdown.js';
import { runCli } from './framework/runner.js';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

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
  // Writes to a terminal that hung up fail with EIO: nobody can read them, and they must not crash
  // the process before the database is closed.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EIO') throw error;
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

/** The process entry: run the command line, flush, and exit with its code. */
export async function main(): Promise<void> {
  exitCleanlyOnSignals();
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Lingering handles (a closed pool's timers, the embedded server) must not hold the process open.
  setImmediate(() => exit(code));
}
