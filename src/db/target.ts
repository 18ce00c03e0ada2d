import os from 'node:os';
import path from 'node:path';
import { InvalidDatabaseUrl } from './errors.js';

export type DatabaseTarget = { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: string };

/**
 * --database-url, then DATABASE_URL, then the embedded database in --data-dir or ACCESSCTL_DATA_DIR;
 * then the project's config file (databaseUrl, else dataDir relative to its folder); else the XDG data folder.
 */
export function resolveTarget(
  options: { databaseUrl?: string; dataDir?: string },
  env: NodeJS.ProcessEnv,
  cwd: string,
  config: { databaseUrl?: string; dataDir?: string; dir?: string } = {},
): DatabaseTarget {
  // An empty URL is a mistake (an unset variable in a script), never a request for the embedded database.
  if (options.databaseUrl !== undefined && options.databaseUrl.trim() === '') {
    throw new InvalidDatabaseUrl('--database-url is empty: give a postgres:// URL, or leave the option out to use the embedded database');
  }
  if (options.databaseUrl === undefined && env.DATABASE_URL !== undefined && env.DATABASE_URL.trim() === '') {
    throw new InvalidDatabaseUrl('DATABASE_URL is set but empty: give a postgres:// URL, or unset it to use the embedded database');
  }
  const url = options.databaseUrl ?? env.DATABASE_URL;
  if (url) return { kind: 'server', url };
  const dir = options.dataDir || env.ACCESSCTL_DATA_DIR;
  if (dir) return { kind: 'embedded', dataDir: path.resolve(cwd, dir) };
  if (config.databaseUrl) return { kind: 'server', url: config.databaseUrl };
  if (config.dataDir) return { kind: 'embedded', dataDir: path.resolve(config.dir ?? cwd, config.dataDir) };
  const xdg = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return { kind: 'embedded', dataDir: path.join(xdg, 'accessctl') };
}

/** The demo sandbox's folder: --data-dir, else `demo` in accessctl's folder of the XDG data home (never ACCESSCTL_DATA_DIR, the real one). */
export function demoTarget(options: { dataDir?: string }, env: NodeJS.ProcessEnv, cwd: string): Extract<DatabaseTarget, { kind: 'embedded' }> {
  if (options.dataDir) return { kind: 'embedded', dataDir: path.resolve(cwd, options.dataDir) };
  const xdg = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return { kind: 'embedded', dataDir: path.join(xdg, 'accessctl', 'demo') };
}
