import { spawn } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { printable, quoted } from '../domain/text.js';
import { PORT, socketDirOf, type EmbeddedServer } from './embedded.js';
import { ownerLockPath } from './embedded-locks.js';
import { DatabaseError, LockHeld } from './errors.js';
import type { KeeperReport } from './keeper.js';
import { liveLockHolder, type LockOptions } from './lock.js';

/**
 * How long a new keeper waits for the folder's lock when the command was not told to wait: long
 * enough for a keeper that is closing the database to finish.
 */
const CLOSING_KEEPER_WAIT_MS = 10_000;
/** How long a command waits for a keeper that is opening or closing the database (creating one takes seconds). */
const KEEPER_BUSY_WAIT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a keeper has the database open, is opening it or is closing it (its lock says so). */
export function keeperIsOpen(dataDir: string): boolean {
  return liveLockHolder(ownerLockPath(dataDir))?.keeper === true;
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
 * The embedded database through its keeper. Connecting finds the keeper by the folder's lock (which
 * names its socket folder: its temporary folder may not be this process's), waits for one that is
 * opening or closing the database, and starts one when nobody has it open (program given). The
 * command holds the session lock meanwhile; stop() ends its use, not the keeper.
 */
export function keptEmbedded(dataDir: string, program: string | undefined, options: KeeperOptions): EmbeddedServer {
  let socketDir = socketDirOf(dataDir);
  let starts = 0;
  const what = `The embedded database ${printable(dataDir)}`;
  const connect = async (make: (extra: pg.ClientConfig) => Promise<pg.Client>) => {
    let busySince: number | undefined;
    for (;;) {
      const holder = liveLockHolder(ownerLockPath(dataDir));
      socketDir = holder?.socketDir && path.isAbsolute(holder.socketDir) ? holder.socketDir : socketDirOf(dataDir);
      if (holder && privateSocketDir(socketDir) && existsSync(path.join(socketDir, `.s.PGSQL.${PORT}`))) {
        try {
          return await make({ host: socketDir, port: PORT });
        } catch (error) {
          if (!noListener(error)) throw error;
        }
      }
      if (!holder) {
        // Nobody has it open: start a keeper (twice at most: a keeper that cannot start says why).
        if (!program) throw new DatabaseError(`the keeper of ${what} has ended; run the command again`);
        if (starts++ >= 2) throw new DatabaseError(`the keeper of ${what} ended as it started`);
        await startKeeper(program, dataDir, options);
        continue;
      }
      // Someone has it open and serves no socket (yet): a keeper opening or closing it, or an accessctl
      // from before the keeper, which holds it for its whole command.
      if (busySince === undefined && !holder.keeper && options.waitMs) {
        options.onWait?.(`Waiting for ${what}, in use by process ${holder.pid} (lock file ${printable(ownerLockPath(dataDir))})…`);
      }
      busySince ??= Date.now();
      const limit = holder.keeper ? KEEPER_BUSY_WAIT_MS : (options.waitMs ?? 0);
      if (Date.now() - busySince >= limit) {
        throw new LockHeld(`${what} is in use by process ${holder.pid} (lock file ${printable(ownerLockPath(dataDir))}); try again when it has finished.`);
      }
      await sleep(20);
    }
  };
  return {
    dataDir,
    connect,
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
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      // A keeper that neither opens the database nor says why must not hang the command.
      // (Not while it waits for the lock for ever: --wait with --lock-timeout 0.)
      const limit = KEEPER_BUSY_WAIT_MS + waitMs;
      if (limit < 2 ** 31) {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new DatabaseError(`the embedded database's keeper did not open it within ${Math.round(limit / 1000)} s`));
        }, limit);
      }
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
    clearTimeout(timer);
    lines.close();
    child.stdout.destroy();
    child.unref();
  }
}
