import { spawn } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { quoted } from '../domain/text.js';
import { PORT, socketDirOf, type EmbeddedServer } from './embedded.js';
import { ownerLockPath } from './embedded-locks.js';
import { DatabaseError, LockHeld } from './errors.js';
import type { KeeperReport } from './keeper.js';
import { liveLockNotes, lockIsHeld, type LockOptions } from './lock.js';

/**
 * How long a new keeper waits for the folder's lock when the command was not told to wait: long
 * enough for a keeper that is closing the database to finish.
 */
const CLOSING_KEEPER_WAIT_MS = 10_000;

/**
 * The socket folder of the process that has the database open, as its lock names it (its temporary
 * folder may not be this process's), else the one a keeper started by this process will use.
 */
function socketDirNow(dataDir: string): string {
  const named = liveLockNotes(ownerLockPath(dataDir))?.socketDir;
  return named && path.isAbsolute(named) ? named : socketDirOf(dataDir);
}

/** Whether a keeper has the database open: its lock is held and its socket is there. */
export function keeperIsOpen(dataDir: string): boolean {
  if (!lockIsHeld(ownerLockPath(dataDir))) return false;
  const dir = socketDirNow(dataDir);
  return privateSocketDir(dir) && existsSync(path.join(dir, `.s.PGSQL.${PORT}`));
}

/** Whether the socket folder is there; one that is not this user's private folder is refused (it could be anyone's server). */
function privateSocketDir(dir: string): boolean {
  let stats;
  try {
    stats = lstatSync(dir);
  } catch {
    return false;
  }
  const uid = process.getuid?.();
  if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o077) !== 0) {
    throw new DatabaseError(`the embedded database's socket folder ${quoted(dir)} is not a private folder of this user; remove it`);
  }
  return true;
}

const noListener = (error: unknown) => ['ENOENT', 'ECONNREFUSED'].includes((error as NodeJS.ErrnoException)?.code ?? '');

export interface KeeperOptions extends LockOptions {
  /** How long the keeper keeps the database open after its last connection (ms). */
  idleMs: number;
}

/**
 * The embedded database through its keeper: connecting starts one when none answers (program given).
 * The command holds the session lock meanwhile; stop() ends its use, not the keeper.
 */
export function keptEmbedded(dataDir: string, program: string | undefined, options: KeeperOptions): EmbeddedServer {
  let socketDir = socketDirNow(dataDir);
  let started = false;
  const ensureStarted = async () => {
    if (started || !program) return false;
    started = true;
    await startKeeper(program, dataDir, options);
    socketDir = socketDirNow(dataDir);
    return true;
  };
  return {
    dataDir,
    connect: async (make: (extra: pg.ClientConfig) => Promise<pg.Client>) => {
      for (;;) {
        if (!privateSocketDir(socketDir) && (await ensureStarted())) continue;
        try {
          return await make({ host: socketDir, port: PORT });
        } catch (error) {
          if (!noListener(error) || !(await ensureStarted())) throw error;
        }
      }
    },
    serve: async () => ({ socketDir, port: PORT }),
    stop: async () => undefined,
  };
}

/** Starts a keeper, detached from this process and its terminal, and waits until it has the database open. */
async function startKeeper(program: string, dataDir: string, options: KeeperOptions): Promise<void> {
  const waitMs = options.waitMs ? options.waitMs : CLOSING_KEEPER_WAIT_MS;
  const child = spawn(process.execPath, [program, dataDir, String(options.idleMs), String(waitMs)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
    cwd: path.parse(dataDir).root,
  });
  const lines = createInterface({ input: child.stdout });
  try {
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        let report: KeeperReport;
        try {
          report = JSON.parse(line);
        } catch {
          return;
        }
        if ('waiting' in report && options.waitMs) options.onWait?.(report.waiting);
        else if ('ready' in report) resolve();
        else if ('error' in report) reject(report.lockHeld ? new LockHeld(report.error) : new DatabaseError(report.error));
      });
      child.once('error', (error) => reject(new DatabaseError(`cannot start the embedded database's keeper: ${error.message}`)));
      child.once('exit', (code, signal) =>
        reject(new DatabaseError(`the embedded database's keeper ended before it opened the database (${signal ?? `exit code ${code}`})`)),
      );
    });
  } finally {
    lines.close();
    child.stdout.destroy();
    child.unref();
  }
}
