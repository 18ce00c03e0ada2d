import { existsSync } from 'node:fs';
import { printable } from '../domain/text.js';
import { openPglite, type OpenedPglite } from './embedded.js';
import { sessionLockPath } from './embedded-locks.js';
import { LockHeld } from './errors.js';
import { lockIsHeld } from './lock.js';

/** What the keeper tells the command that started it, one JSON line each, until it is ready or has failed. */
export type KeeperReport = { waiting: string } | { ready: true } | { error: string; lockHeld?: boolean };

const CREATED_KEEP_MS = 1000;

export interface KeeperSettings {
  dataDir: string;
  /** How long the database stays open after its last connection ended (ms). */
  idleMs: number;
  /** How long to wait for the folder's lock (a keeper closing, an older accessctl using it). */
  waitMs: number;
}

/**
 * The keeper: one process that keeps an embedded database open between commands, so that a command
 * connects to it on its socket (a few ms) rather than starting PostgreSQL in WebAssembly (most of a
 * second). It holds the folder's lock (one writer), serves one connection at a time and resets the
 * session after each, and closes the database cleanly once idleMs pass with no connection and no command
 * holding the session lock. Killed with -9 it loses nothing a command committed: PostgreSQL's WAL is
 * written at each commit, and the next opening recovers from it. Resolves with the exit code.
 */
export async function runKeeper(settings: KeeperSettings, report: (message: KeeperReport) => void): Promise<number> {
  const { dataDir, idleMs, waitMs } = settings;
  let opened: OpenedPglite;
  try {
    opened = await openPglite(dataDir, { waitMs, onWait: (message) => report({ waiting: message }) }, true);
  } catch (error) {
    report({ error: describe(error), lockHeld: error instanceof LockHeld });
    return 1;
  }
  // Creating a database (initdb in WebAssembly) leaves PGlite holding half a gigabyte: a keeper that
  // created one closes it after the command that did, and the next command's keeper opens it in ~120 MB.
  const keepMs = opened.created ? Math.min(idleMs, CREATED_KEEP_MS) : idleMs;
  let finished: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  let timer: NodeJS.Timeout | undefined;
  let ending = false;
  const end = async (code: number) => {
    if (ending) return;
    ending = true;
    clearTimeout(timer);
    await opened.stop().catch(() => undefined);
    finished(code);
  };
  let closeWire: () => Promise<void> = async () => undefined;
  const onIdle = async () => {
    // A folder removed under it (a test's, a sandbox's) has nothing left to keep.
    if (!existsSync(dataDir)) return end(0);
    // A command holding the session lock is about to connect.
    if (lockIsHeld(sessionLockPath(dataDir))) return arm();
    // A command that connects from now on finds no socket and starts a new keeper, which waits for this one's lock.
    await closeWire();
    await end(0);
  };
  const arm = () => {
    clearTimeout(timer);
    if (!ending) timer = setTimeout(() => void onIdle(), keepMs);
  };
  try {
    const { wire } = await opened.serve({ onBusy: () => clearTimeout(timer), onIdle: arm, onBroken: () => void end(1) });
    closeWire = () => wire.close();
  } catch (error) {
    report({ error: `cannot serve the embedded database ${printable(dataDir)}: ${describe(error)}` });
    await opened.stop().catch(() => undefined);
    return 1;
  }
  arm();
  report({ ready: true });
  return done;
}

const describe = (error: unknown) => printable(error instanceof Error ? error.message : String(error), 500);
