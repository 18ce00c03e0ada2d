import { realDataDir, startEmbedded, type EmbeddedServer } from './embedded.js';
import { sessionLockPath } from './embedded-locks.js';
import { keeperIsOpen, keptEmbedded } from './keeper-client.js';
import { keeperProgram } from './keeper-program.js';
import { acquireLock, type LockOptions } from './lock.js';
import { onShutdown } from './shutdown.js';

export interface EmbeddedOptions extends LockOptions {
  /**
   * How long a keeper keeps the database open after a command (ms; ACCESSCTL_KEEP_OPEN): later commands
   * then connect to it rather than start PGlite. 0: this process opens it and closes it at its end.
   */
  keepOpenMs: number;
}

/**
 * Opens an embedded database for one command, holding its session lock (one command at a time, a
 * clear message to the next) until stop: through its keeper (started if need be), or in this process.
 * A keeper that has it open is used even when this process would not start one.
 */
export async function openEmbedded(givenDataDir: string, options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = realDataDir(givenDataDir);
  const session = await acquireLock(sessionLockPath(dataDir), `The embedded database ${dataDir}`, options);
  try {
    const program = options.keepOpenMs > 0 ? keeperProgram() : undefined;
    const server = program || keeperIsOpen(dataDir) ? keptEmbedded(dataDir, program, { ...options, idleMs: options.keepOpenMs }) : await startEmbedded(dataDir, options);
    const stop = async () => {
      try {
        await server.stop();
      } finally {
        unregister();
        session.release();
      }
    };
    // A process ended by a signal (a terminal gone) runs no exit handlers: the lock is released here.
    const unregister = onShutdown(stop);
    return { ...server, stop };
  } catch (error) {
    session.release();
    throw error;
  }
}
