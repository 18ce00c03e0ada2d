import { runCli } from './framework/runner.js';

/** The process entry: run the command line, flush, and exit with its code. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Lingering handles (a closed pool's timers, the embedded server) must not hold the process open.
  setImmediate(() => process.exit(code));
}
