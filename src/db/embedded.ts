import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock } from './lock.js';

export interface EmbeddedServer {
  /** Folder holding the unix socket: the `host` for a PostgreSQL client. */
  socketDir: string;
  port: number;
  stop(): Promise<void>;
}

const PORT = 5432;

/**
 * PGlite served in-process on a unix socket in a private folder, so that the ordinary PostgreSQL
 * driver talks to it exactly as to a server. The socket server admits one connection at a time:
 * PGlite has one backend, and interleaved connections would share its transaction.
 */
export async function startEmbedded(dataDir: string): Promise<EmbeddedServer> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lock = acquireLock(`${dataDir}.lock`, `The embedded database ${dataDir}`);
  let socketDir: string | undefined;
  try {
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-socket'),
    ]);
    const db = await PGlite.create({ dataDir });
    socketDir = mkdtempSync(path.join(os.tmpdir(), 'accessctl-'));
    const server = new PGLiteSocketServer({ db, path: path.join(socketDir, `.s.PGSQL.${PORT}`), maxConnections: 1 });
    await server.start();
    const dir = socketDir;
    return {
      socketDir: dir,
      port: PORT,
      async stop() {
        await server.stop();
        await db.close();
        rmSync(dir, { recursive: true, force: true });
        lock.release();
      },
    };
  } catch (error) {
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    lock.release();
    throw error;
  }
}
