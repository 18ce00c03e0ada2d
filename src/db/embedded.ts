import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printable, quoted } from '../domain/text.js';
import { compiledEngine } from './engine.js';
import { DatabaseError } from './errors.js';
import { acquireLock, lockIsHeld, type LockOptions } from './lock.js';
import { ownerLockPath } from './embedded-locks.js';
import { serveWire, type WireEvents, type WireServer } from './pglite-wire.js';
import { preparePrivateDir, privateUmask, privatize } from './private-dir.js';
import { onShutdown } from './shutdown.js';

export interface EmbeddedServer {
  /** The data folder with symbolic links resolved: one folder, one lock, whatever path named it. */
  dataDir: string;
  /**
   * Connects the command's own client: `make` gets what to add to its settings (PGlite in this
   * process, with no socket between; or the keeper's socket).
   */
  connect(make: (extra: pg.ClientConfig) => Promise<pg.Client>): Promise<pg.Client>;
  /**
   * Where clients that open connections of their own (MikroORM, psql) reach the database: a unix
   * socket in a private folder, served on first call in this process, or the keeper's.
   */
  serve(): Promise<{ socketDir: string; port: number }>;
  stop(): Promise<void>;
}

/** PGlite opened by this process, which holds the data folder's lock until stop. */
export interface OpenedPglite {
  dataDir: string;
  db: PGlite;
  /** This opening created the database (initdb). */
  created: boolean;
  /** Serves the database on its socket (once; later calls return the same). */
  serve(events?: WireEvents): Promise<{ socketDir: string; port: number; wire: WireServer }>;
  stop(): Promise<void>;
}

export const PORT = 5432;
const SOCKET_PREFIX = `accessctl-${process.getuid?.() ?? 'u'}-`;

/** The folder's real path; for a folder not made yet, its parent's real path and its name. */
export function realDataDir(dataDir: string): string {
  if (existsSync(dataDir)) return realpathSync(dataDir);
  const parent = path.dirname(dataDir);
  makeFolders(parent);
  return path.join(realpathSync(parent), path.basename(dataDir));
}

const MKDIR_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'it cannot be made there',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left',
};

/**
 * Makes the folders missing above the data folder, one at a time: Node 20's recursive mkdirSync spins
 * for ever, deaf to Ctrl+C, where a folder cannot be made (under /proc).
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current) && path.dirname(current) !== current; current = path.dirname(current)) missing.unshift(current);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      if (error.code === 'EEXIST') continue;
      throw new DatabaseError(`cannot make the folder ${quoted(folder)} for the embedded database: ${MKDIR_REASONS[error.code ?? ''] ?? printable(error.message, 200)}`);
    }
  }
}

/**
 * The socket folder of a data folder: always the same one in the temporary folder, so that a process
 * killed with -9 leaves no new folder behind (the next one reuses it), and folders whose database is no
 * longer locked by anyone are removed at start.
 */
function socketDirFor(dataDir: string): string {
  const dir = socketDirOf(dataDir);
  rmSync(dir, { recursive: true, force: true }); // We hold the data folder's lock: nobody else uses it.
  mkdirSync(dir, { mode: 0o700 });
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || (process.getuid && stats.uid !== process.getuid())) throw new Error(`socket folder ${dir} is not ours`);
  writeFileSync(path.join(dir, 'data-dir'), dataDir, { mode: 0o600 });
  return dir;
}

/** The longest socket path every unix takes (sun_path: 104 bytes on macOS, 108 on Linux, with its NUL). */
const MAX_SOCKET_PATH = 100;

export function socketDirOf(dataDir: string): string {
  const name = `${SOCKET_PREFIX}${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  const preferred = path.join(os.tmpdir(), name);
  // A longer path would be cut by the kernel, to a socket outside the private folder.
  return Buffer.byteLength(path.join(preferred, `.s.PGSQL.${PORT}`)) <= MAX_SOCKET_PATH ? preferred : path.join('/tmp', name);
}

/** The folders socket folders are made in: the temporary folder, and /tmp when that is too long a path. */
const socketParents = () => [...new Set([os.tmpdir(), '/tmp'])];

/** Socket folders left by killed processes whose data folder nobody has locked any more. */
function removeStaleSocketDirs(): void {
  for (const parent of socketParents()) {
    let entries: string[];
    try {
      entries = readdirSync(parent).filter((name) => name.startsWith(SOCKET_PREFIX));
    } catch {
      continue;
    }
    for (const name of entries) {
      const dir = path.join(parent, name);
      try {
        const dataDir = readFileSync(path.join(dir, 'data-dir'), 'utf8');
        if (!lockIsHeld(ownerLockPath(dataDir))) rmSync(dir, { recursive: true, force: true });
      } catch {
        // Not ours, or being made right now: leave it.
      }
    }
  }
}

/** PGlite's file system errors are Emscripten ErrnoError objects with a WASI errno, not Error instances. */
const WASI_ERRNO: Record<number, string> = {
  2: 'permission denied',
  20: 'a file exists there',
  31: 'it is a folder',
  44: 'no such file or folder',
  51: 'no space left',
  54: 'a part of the path is not a folder',
  63: 'operation not permitted',
  69: 'read-only file system',
};

function pgliteReason(error: unknown): string {
  const errno = (error as { errno?: unknown })?.errno;
  if (typeof errno === 'number') return WASI_ERRNO[errno] ?? `file system error ${errno}`;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return message ? printable(message.split('\n')[0], 300) : 'PGlite could not start';
}

/**
 * PostgreSQL's default 128 MB of shared buffers are set up in PGlite's memory at every start (120 MB of
 * the peak); one process with one connection reads through the OS's file cache anyway. Setting them up runs
 * as WebAssembly at every start: 4 MB rather than 16 MB opens PGlite ~40 ms sooner, and a 10,000-user
 * apply took the same time (README, Speed).
 */
const START_PARAMS = ['-c', 'shared_buffers=4MB'];

/**
 * Opens PGlite on a data folder (its real path, realDataDir) in this process, holding the folder's lock
 * (`DIR.lock`) until stop: two PGlites on one folder silently lose writes.
 */
export async function openPglite(dataDir: string, lockOptions: LockOptions = {}, asKeeper = false): Promise<OpenedPglite> {
  // The lock names the socket folder: a command whose temporary folder differs finds it there.
  const lock = await acquireLock(ownerLockPath(dataDir), `The embedded database ${dataDir}`, lockOptions, {
    socketDir: socketDirOf(dataDir),
    keeper: asKeeper,
  });
  const restoreUmask = privateUmask();
  let unregister: () => void = () => undefined;
  try {
    preparePrivateDir(dataDir);
    const creating = !existsSync(path.join(dataDir, 'PG_VERSION'));
    removeStaleSocketDirs();
    const [engine, { PGlite }] = await Promise.all([compiledEngine(), import('@electric-sql/pglite')]);
    const db = await PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...START_PARAMS], ...(engine && { pgliteWasmModule: engine }) }).catch(
      (error: unknown) => {
        throw new DatabaseError(`cannot open the embedded database ${printable(dataDir)}: ${pgliteReason(error)}`);
      },
    );
    // PGlite unpacks a new database with mode 0666 files: make them private before anything is written.
    // (An existing one was made private above; what PostgreSQL writes meanwhile is behind the 0700 folder.)
    if (creating) privatize(dataDir);
    let served: Promise<{ socketDir: string; port: number; wire: WireServer }> | undefined;
    const serve = (events?: WireEvents) =>
      (served ??= (async () => {
        const socketDir = socketDirFor(dataDir);
        try {
          const wire = await serveWire(db, path.join(socketDir, `.s.PGSQL.${PORT}`), events);
          return { socketDir, port: PORT, wire };
        } catch (error) {
          rmSync(socketDir, { recursive: true, force: true });
          throw error;
        }
      })());
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        unregister();
        const socket = await served?.catch(() => undefined);
        try {
          await socket?.wire.stop();
          await db.close();
          // PostgreSQL writes some files (its relation cache, pg_internal.init) 0644 whatever the umask.
          privatize(dataDir);
        } finally {
          if (socket) rmSync(socket.socketDir, { recursive: true, force: true });
          restoreUmask();
          lock.release();
        }
      })());
    unregister = onShutdown(stop);
    return { dataDir, db, created: creating, serve, stop };
  } catch (error) {
    unregister();
    restoreUmask();
    lock.release();
    throw error;
  }
}

/**
 * PGlite opened in this process for the command's own use. The command's connection talks to it
 * in-process (PGlite's node-postgres connection); the socket is served only when another client needs
 * one (MikroORM, psql).
 */
export async function startEmbedded(dataDir: string, lockOptions: LockOptions = {}): Promise<EmbeddedServer> {
  const opened = await openPglite(dataDir, lockOptions);
  return {
    dataDir,
    connect: async (make) => {
      const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
      return make({ connection: createPgConfig(opened.db).connection } as pg.ClientConfig);
    },
    serve: async () => {
      const { socketDir, port } = await opened.serve();
      return { socketDir, port };
    },
    stop: opened.stop,
  };
}
