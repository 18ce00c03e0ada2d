import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printable } from '../domain/text.js';
import { compiledEngine } from './engine.js';
import { DatabaseError } from './errors.js';
import { acquireLock, lockIsHeld, type LockOptions } from './lock.js';
import { preparePrivateDir, privateUmask, privatize } from './private-dir.js';
import { onShutdown } from './shutdown.js';

export interface EmbeddedServer {
  /** Folder holding the unix socket: the `host` for a PostgreSQL client. */
  socketDir: string;
  port: number;
  /** The data folder with symbolic links resolved: one folder, one lock, whatever path named it. */
  dataDir: string;
  stop(): Promise<void>;
}

const PORT = 5432;
const SOCKET_PREFIX = `accessctl-${process.getuid?.() ?? 'u'}-`;

/** The folder's real path; for a folder not made yet, its parent's real path and its name. */
export function realDataDir(dataDir: string): string {
  if (existsSync(dataDir)) return realpathSync(dataDir);
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  return path.join(realpathSync(parent), path.basename(dataDir));
}

/**
 * The socket folder of a data folder: always the same one in the temporary folder, so that a process
 * killed with -9 leaves no new folder behind (the next one reuses it), and folders whose database is no
 * longer locked by anyone are removed at start.
 */
function socketDirFor(dataDir: string): string {
  const dir = path.join(os.tmpdir(), `${SOCKET_PREFIX}${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`);
  rmSync(dir, { recursive: true, force: true }); // We hold the data folder's lock: nobody else uses it.
  mkdirSync(dir, { mode: 0o700 });
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || (process.getuid && stats.uid !== process.getuid())) throw new Error(`socket folder ${dir} is not ours`);
  writeFileSync(path.join(dir, 'data-dir'), dataDir, { mode: 0o600 });
  return dir;
}

/** Socket folders left by killed processes whose data folder nobody has locked any more. */
function removeStaleSocketDirs(): void {
  let entries: string[];
  try {
    entries = readdirSync(os.tmpdir()).filter((name) => name.startsWith(SOCKET_PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const dir = path.join(os.tmpdir(), name);
    try {
      const dataDir = readFileSync(path.join(dir, 'data-dir'), 'utf8');
      if (!lockIsHeld(`${dataDir}.lock`)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Not ours, or being made right now: leave it.
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
 * the peak); one process with one connection reads through the OS's file cache anyway.
 */
const START_PARAMS = ['-c', 'shared_buffers=16MB'];

/**
 * PGlite served in-process on a unix socket in a private folder, so that the ordinary PostgreSQL
 * driver talks to it exactly as to a server. The socket server admits one connection at a time:
 * PGlite has one backend, and interleaved connections would share its transaction.
 */
export async function startEmbedded(givenDataDir: string, lockOptions: LockOptions = {}): Promise<EmbeddedServer> {
  const dataDir = realDataDir(givenDataDir);
  const lock = await acquireLock(`${dataDir}.lock`, `The embedded database ${dataDir}`, lockOptions);
  const restoreUmask = privateUmask();
  let socketDir: string | undefined;
  let unregister: () => void = () => undefined;
  try {
    preparePrivateDir(dataDir);
    const creating = !existsSync(path.join(dataDir, 'PG_VERSION'));
    removeStaleSocketDirs();
    const [engine, { PGlite }, { PGLiteSocketServer }] = await Promise.all([compiledEngine(), import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')]);
    const db = await PGlite.create({ dataDir, startParams: [...PGlite.defaultStartParams, ...START_PARAMS], ...(engine && { pgliteWasmModule: engine }) }).catch(
      (error: unknown) => {
        throw new DatabaseError(`cannot open the embedded database ${printable(dataDir)}: ${pgliteReason(error)}`);
      },
    );
    // PGlite unpacks a new database with mode 0666 files: make them private before anything is written.
    // (An existing one was made private above; what PostgreSQL writes meanwhile is behind the 0700 folder.)
    if (creating) privatize(dataDir);
    socketDir = socketDirFor(dataDir);
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir, `.s.PGSQL.${PORT}`), maxConnections: 1 });
    await server.start();
    const dir = socketDir;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        unregister();
        try {
          await server.stop();
          await db.close();
          // PostgreSQL writes some files (its relation cache, pg_internal.init) 0644 whatever the umask.
          privatize(dataDir);
        } finally {
          rmSync(dir, { recursive: true, force: true });
          restoreUmask();
          lock.release();
        }
      })());
    unregister = onShutdown(stop);
    return { socketDir: dir, port: PORT, dataDir, stop };
  } catch (error) {
    unregister();
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    restoreUmask();
    lock.release();
    throw error;
  }
}
