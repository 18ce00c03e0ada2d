import { shutdown } from './db/shutdown.js';
import { runCli } from './framework/runner.js';

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * On SIGTERM, SIGHUP or SIGINT (outside a prompt, which reads Ctrl+C itself) an embedded database
 * is closed cleanly and its lock released before the process ends with 128 + the signal's number.
 * An open transaction is never committed: the connection ends, and PostgreSQL rolls it back.
 */
function exitCleanlyOnSignals(): void {
  let ending = false;
  for (const [signal, number] of Object.entries(SIGNALS)) {
    // `on`, not `once`: Ink's signal-exit re-raises the signal once its own handlers ran, and with no
    // listener left that would kill the process before the database is closed.
    process.on(signal, () => {
      if (ending) return;
      ending = true;
      void shutdown().finally(() => process.exit(128 + number));
    });
  }
}

/** The process entry: run the command line, flush, and exit with its code. */
export async function main(): Promise<void> {
  exitCleanlyOnSignals();
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Lingering handles (a closed pool's timers, the embedded server) must not hold the process open.
  setImmediate(() => process.exit(code));
}
